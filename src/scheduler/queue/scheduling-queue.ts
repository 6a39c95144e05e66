/**
 * The scheduling queue (upstream's PriorityQueue): three places a pending
 * pod can be, and each pod is in at most one of them or in flight.
 *
 * - activeQ: ready to schedule, ordered by the QueueSort plugin.
 * - backoffQ: failed recently; waits out 1s doubling to 10s per attempt,
 *   flushed to activeQ every second.
 * - unschedulable: failed because nothing fits; moved out by a cluster
 *   event that may help (moveAllToActiveOrBackoffQueue), or after 5
 *   minutes (checked every 30s).
 *
 * A pod that fails while a move request happened during its cycle goes to
 * backoffQ instead of unschedulable, so the event is not lost.
 */
import type { Clock, Timer } from "../../util/clock.js";
import type { QueuedPod } from "../framework/interfaces.js";
import { newPodInfo, podKey, type PodInfo } from "../framework/pod-info.js";
import type { Pod } from "../framework/types.js";
import { eventMayHelp, type ClusterEvent } from "./events.js";
import { KeyedHeap } from "./heap.js";
import { PodNominator } from "./nominator.js";

export interface QueuedPodInfo extends QueuedPod {
  /** Scheduling attempts so far (incremented by pop). */
  attempts: number;
  /** When the pod first entered the queue. */
  initialAttemptTimestamp: number;
  /** Plugins that rejected the pod in its last attempt. */
  unschedulablePlugins: Set<string>;
}

export interface SchedulingQueueOptions {
  clock: Clock;
  less: (a: QueuedPod, b: QueuedPod) => boolean;
  /** Upstream's --pod-initial-backoff-seconds (1s). */
  podInitialBackoffMs?: number;
  /** Upstream's --pod-max-backoff-seconds (10s). */
  podMaxBackoffMs?: number;
  /** Upstream's podMaxInUnschedulablePodsDuration (5 minutes). */
  podMaxInUnschedulablePodsDurationMs?: number;
}

export class SchedulingQueue {
  readonly nominator = new PodNominator();
  private readonly clock: Clock;
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  /** Popped and not yet done: the latest informer state of each. */
  private readonly inFlight = new Map<string, QueuedPodInfo>();
  private readonly initialBackoff: number;
  private readonly maxBackoff: number;
  private readonly maxUnschedulable: number;
  private waiters: (() => void)[] = [];
  private closed = false;
  private timers: Timer[] = [];
  /** Incremented by every pop. */
  schedulingCycle = 0;
  /** The cycle of the last move request. */
  private moveRequestCycle = -1;

  constructor(opts: SchedulingQueueOptions) {
    this.clock = opts.clock;
    this.initialBackoff = opts.podInitialBackoffMs ?? 1_000;
    this.maxBackoff = opts.podMaxBackoffMs ?? 10_000;
    this.maxUnschedulable = opts.podMaxInUnschedulablePodsDurationMs ?? 300_000;
    this.activeQ = new KeyedHeap<QueuedPodInfo>((q) => q.info.key, opts.less);
    this.backoffQ = new KeyedHeap((q) => q.info.key, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  }

  /** Starts the periodic flushes (backoffQ every 1s, unschedulable leftovers every 30s). */
  run(): void {
    this.timers.push(this.clock.setInterval(() => this.flushBackoffQCompleted(), 1_000));
    this.timers.push(this.clock.setInterval(() => this.flushUnschedulablePodsLeftover(), 30_000));
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) t.cancel();
    this.timers = [];
    this.wake();
  }

  /** A new pending pod: straight to activeQ. */
  add(pod: Pod): void {
    const info = newPodInfo(pod);
    const key = info.key;
    if (this.inFlight.has(key)) {
      this.inFlight.get(key)!.info = info;
      return;
    }
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
    const now = this.clock.now();
    const existing = this.activeQ.get(key);
    this.activeQ.addOrUpdate(existing ? { ...existing, info } : { info, timestamp: now, attempts: 0, initialAttemptTimestamp: now, unschedulablePlugins: new Set() });
    this.nominator.add(info);
    this.wake();
  }

  /** A pending pod changed. Status-only changes leave an unschedulable pod where it is. */
  update(oldPod: Pod | undefined, pod: Pod): void {
    const info = newPodInfo(pod);
    const key = info.key;
    const flying = this.inFlight.get(key);
    if (flying) {
      flying.info = info;
      this.nominator.add(info);
      return;
    }
    for (const q of [this.activeQ, this.backoffQ]) {
      const cur = q.get(key);
      if (cur) {
        q.addOrUpdate({ ...cur, info });
        this.nominator.add(info);
        return;
      }
    }
    const u = this.unschedulable.get(key);
    if (u) {
      this.nominator.add(info);
      const updated = { ...u, info };
      if (oldPod && !specChanged(oldPod, pod)) {
        this.unschedulable.set(key, updated);
        return;
      }
      this.unschedulable.delete(key);
      if (this.isBackingOff(updated)) this.backoffQ.addOrUpdate(updated);
      else {
        this.activeQ.addOrUpdate(updated);
        this.wake();
      }
      return;
    }
    this.add(pod);
  }

  delete(pod: Pod): void {
    const key = podKey(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
    this.nominator.delete(key);
  }

  /** Waits for the highest-priority active pod; undefined once closed. */
  async pop(): Promise<QueuedPodInfo | undefined> {
    while (this.activeQ.length === 0) {
      if (this.closed) return undefined;
      await new Promise<void>((r) => this.waiters.push(r));
    }
    if (this.closed) return undefined;
    const q = this.activeQ.pop()!;
    q.attempts++;
    this.schedulingCycle++;
    this.inFlight.set(q.info.key, q);
    return q;
  }

  /** The pod's cycle ended (bound, assumed or re-queued). */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /** The latest informer state of an in-flight pod; undefined if deleted meanwhile. */
  inFlightInfo(key: string): PodInfo | undefined {
    return this.inFlight.get(key)?.info;
  }

  /**
   * Re-queues a pod whose attempt failed: to backoffQ when a move request
   * came in during its cycle or it failed with an error, else to the
   * unschedulable pods.
   */
  addUnschedulableIfNotPresent(q: QueuedPodInfo, podSchedulingCycle: number, isError = false): void {
    const key = q.info.key;
    const flying = this.inFlight.get(key);
    if (!flying) return; // deleted while in flight
    this.inFlight.delete(key);
    if (this.activeQ.has(key) || this.backoffQ.has(key) || this.unschedulable.has(key)) return;
    const entry: QueuedPodInfo = { ...q, info: flying.info, timestamp: this.clock.now() };
    this.nominator.add(entry.info);
    if (isError || this.moveRequestCycle >= podSchedulingCycle) this.backoffQ.addOrUpdate(entry);
    else this.unschedulable.set(key, entry);
  }

  /** A cluster event: unschedulable pods it may help go to activeQ, or backoffQ while backing off. */
  moveAllToActiveOrBackoffQueue(event: ClusterEvent, filter?: (q: QueuedPodInfo) => boolean): void {
    const moved: QueuedPodInfo[] = [];
    for (const q of this.unschedulable.values()) {
      if (!eventMayHelp(event, q.unschedulablePlugins)) continue;
      if (filter && !filter(q)) continue;
      moved.push(q);
    }
    this.movePods(moved);
    this.moveRequestCycle = this.schedulingCycle;
  }

  flushBackoffQCompleted(): void {
    let moved = false;
    for (;;) {
      const head = this.backoffQ.peek();
      if (!head || this.isBackingOff(head)) break;
      this.backoffQ.pop();
      this.activeQ.addOrUpdate(head);
      moved = true;
    }
    if (moved) this.wake();
  }

  flushUnschedulablePodsLeftover(): void {
    const now = this.clock.now();
    const stale = [...this.unschedulable.values()].filter((q) => now - q.timestamp > this.maxUnschedulable);
    this.movePods(stale);
  }

  /** Back-off for a pod with this many attempts: initial doubling per attempt, capped. */
  backoffDuration(attempts: number): number {
    let d = this.initialBackoff;
    for (let i = 1; i < attempts; i++) {
      if (d > this.maxBackoff - d) return this.maxBackoff;
      d += d;
    }
    return Math.min(d, this.maxBackoff);
  }

  /** Counts per sub-queue, for tests and diagnostics. */
  pending(): { active: string[]; backoff: string[]; unschedulable: string[] } {
    return {
      active: this.activeQ.list().map((q) => q.info.key),
      backoff: this.backoffQ.list().map((q) => q.info.key),
      unschedulable: [...this.unschedulable.keys()],
    };
  }

  private movePods(list: QueuedPodInfo[]): void {
    let activated = false;
    for (const q of list) {
      this.unschedulable.delete(q.info.key);
      if (this.isBackingOff(q)) this.backoffQ.addOrUpdate(q);
      else {
        this.activeQ.addOrUpdate(q);
        activated = true;
      }
    }
    if (activated) this.wake();
  }

  private backoffExpiry(q: QueuedPodInfo): number {
    return q.timestamp + this.backoffDuration(q.attempts);
  }

  private isBackingOff(q: QueuedPodInfo): boolean {
    return this.backoffExpiry(q) > this.clock.now();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const r of w) r();
  }
}

/** Whether anything but status and bookkeeping metadata changed (upstream's isPodUpdated). */
function specChanged(a: Pod, b: Pod): boolean {
  const strip = (p: Pod) => JSON.stringify({ ...p, status: undefined, metadata: { ...p.metadata, resourceVersion: undefined, generation: undefined, managedFields: undefined } });
  return strip(a) !== strip(b);
}
