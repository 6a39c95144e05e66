/**
 * A small seeded generator (mulberry32) for the random choices of
 * `-m statistic --mode random` in a trace, and for
 * randomized tests: the same sequence for the same seed, every run.
 *
 * Example:
 *   const random = seededRandom(42);
 *   random(); // the same sequence of numbers in [0, 1) for seed 42, every run
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
