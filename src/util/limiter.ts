/**
 * A counting semaphore: at most `max` holders at once, the rest wait in
 * arrival order (as a buffered Go channel used as a rate limiter).
 *
 *   const limit = createLimiter(200);
 *   const release = await limit();
 *   try { ... } finally { release(); }
 */
export type Limiter = () => Promise<() => void>;

export function createLimiter(max: number): Limiter {
  let held = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else held--;
  };
  return () => {
    if (held < max) {
      held++;
      return Promise.resolve(once(release));
    }
    return new Promise((resolve) => waiting.push(() => resolve(once(release))));
  };
}

/** A release that counts once however often it is called. */
function once(fn: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    fn();
  };
}
