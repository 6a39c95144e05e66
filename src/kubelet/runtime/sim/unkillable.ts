/**
 * Containers that survive SIGKILL (S7): a process in an uninterruptible
 * syscall (state D: sync() from s6-overlay, a ceph truncate) ignores every
 * signal until the syscall returns. StopContainer on such a container
 * waits the grace period, logs as dockerd does "Container <id> failed to
 * exit within <grace> seconds of signal 15 - using the force", sends
 * SIGKILL, waits 10 s, logs "Container <id> failed to exit within 10
 * seconds of kill - trying direct SIGKILL", and then waits for an exit
 * that does not come. The caller gets DeadlineExceeded at its deadline;
 * the container keeps running. When the fault heals the syscall returns,
 * the pending SIGKILL lands and the container exits with 137.
 */
import type { Clock } from "../../../util/clock.js";
import { DeadlineExceededError } from "../runtime.js";
import type { SimContainer } from "./sim-container.js";

/** dockerd's wait after SIGKILL before it tries a direct SIGKILL. */
export const KILL_WAIT_MS = 10_000;

export class UnkillableProcesses {
  private pods = new Set<string>();
  /** Containers a kill is pending for, by id, with the pod they belong to. */
  private readonly killed = new Map<string, { c: SimContainer; pod: string; waiters: Set<() => void> }>();

  constructor(
    private readonly clock: Clock,
    private readonly log: (message: string) => void,
    /** Makes a container exit with the given code (the pending SIGKILL landing). */
    private readonly exit: (c: SimContainer, code: number) => void,
  ) {}

  /** Sets the pods ("namespace/name") whose processes are stuck; pods left out get their pending kills. */
  set(pods: readonly string[] | undefined): void {
    this.pods = new Set(pods ?? []);
    for (const [id, k] of this.killed) {
      if (this.pods.has(k.pod)) continue;
      this.killed.delete(id);
      this.exit(k.c, 137);
      for (const w of k.waiters) w();
    }
  }

  /** Whether the pod's processes survive signals now. */
  holds(pod: string): boolean {
    return this.pods.has(pod);
  }

  /** Stops a container of a held pod: resolves once it exits (after the fault heals), rejects at the deadline. */
  stop(c: SimContainer, pod: string, graceSeconds: number, deadline: number): Promise<void> {
    let k = this.killed.get(c.id);
    if (!k) this.killed.set(c.id, (k = { c, pod, waiters: new Set() }));
    const entry = k;
    const short = c.id.slice(0, 12);
    const grace = Math.max(0, graceSeconds);
    const still = () => this.killed.get(c.id) === entry;
    void (async () => {
      await this.clock.sleep(grace * 1000);
      if (!still()) return;
      this.log(`Container ${short} failed to exit within ${grace} seconds of signal 15 - using the force`);
      await this.clock.sleep(KILL_WAIT_MS);
      if (!still()) return;
      this.log(`Container ${short} failed to exit within ${KILL_WAIT_MS / 1000} seconds of kill - trying direct SIGKILL`);
    })();
    return new Promise<void>((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        entry.waiters.delete(done);
        reject(new DeadlineExceededError("StopContainer"));
      }, Math.max(0, deadline - this.clock.now()));
      const done = () => {
        timer.cancel();
        resolve();
      };
      entry.waiters.add(done);
    });
  }

  /** Containers a kill is pending for: for diagnostics. */
  stuck(): string[] {
    return [...this.killed.keys()];
  }
}
