/**
 * The node's cumulative CPU time for the summary API: a small constant
 * share for the system (kubelet, runtime, OS) over the node's uptime, plus
 * every container's CPU time, including containers that have since gone
 * (so the counter never goes back, as a cgroup's would not).
 */

/** What the node itself uses besides its pods: 50m CPU and 256Mi of memory. */
export const SYSTEM_CPU_NANOCORES = 50_000_000;
export const SYSTEM_MEMORY_BYTES = 256 * 1024 * 1024;

export class NodeCpuTime {
  private readonly seen = new Map<string, number>();
  private retired = 0;

  constructor(private readonly startTime: number) {}

  /** The node's core-nanoseconds at `now`, given every current container's own counter. */
  total(now: number, containers: ReadonlyMap<string, number>): number {
    for (const [id, last] of this.seen) {
      if (!containers.has(id)) {
        this.retired += last;
        this.seen.delete(id);
      }
    }
    let live = 0;
    for (const [id, v] of containers) {
      const value = Math.max(v, this.seen.get(id) ?? 0);
      this.seen.set(id, value);
      live += value;
    }
    const system = (SYSTEM_CPU_NANOCORES * Math.max(0, now - this.startTime)) / 1000;
    return Math.round(system + this.retired + live);
  }
}
