/**
 * The pod lifecycle event generator (upstream's GenericPLEG): relists the
 * runtime's sandboxes and containers, compares each container's state with
 * the previous relist and reports what changed per pod. The kubelet drives
 * relist() from its one ticker (every 1 s). Healthy() turns false when the
 * last successful relist is older than the threshold (3 m), which is how a
 * hung runtime makes a node NotReady (M9, S1). As upstream's cache update,
 * each pod with events is inspected (PodSandboxStatus of its sandboxes,
 * one pod after another) before its events go out; a pod whose inspection
 * fails has its events dropped and is inspected again at the next relist.
 * So a network plugin holding its lock (PodSandboxStatus waits on it)
 * holds the relist: a restarted kubelet is Ready for exactly the threshold
 * after its first list, then NotReady (S2).
 */
import type { Clock } from "../../util/clock.js";
import { formatDurationMs } from "../duration.js";
import { deadlineIn, type Container, type ContainerState, type PodSandbox, type Runtime } from "../runtime/runtime.js";
import { POD_UID_LABEL } from "../pod/labels.js";

export type PlegEventType = "ContainerStarted" | "ContainerDied" | "ContainerRemoved" | "ContainerChanged";

export interface PlegEvent {
  podUid: string;
  type: PlegEventType;
  containerId: string;
}

/** A pod as the runtime has it. */
export interface RuntimePod {
  uid: string;
  sandboxes: PodSandbox[];
  containers: Container[];
}

export interface PlegOptions {
  runtime: Runtime;
  clock: Clock;
  /** Upstream's relist threshold: 3 minutes. */
  relistThresholdMs?: number;
  /** Deadline of each relist call (upstream's runtime request timeout: 2 minutes). */
  callTimeoutMs?: number;
  /** Receives the events of one relist, grouped per pod uid. */
  onEvents(events: Map<string, PlegEvent[]>): void;
  /** kubelet_pleg_relist_duration_seconds and kubelet_pleg_relist_interval_seconds. */
  metrics?: PlegMetrics;
}

export interface PlegMetrics {
  /** How long one relist took, successful or not. */
  relistDuration(seconds: number): void;
  /** Time since the last successful relist, as each relist starts. */
  relistInterval(seconds: number): void;
}

export interface Pleg {
  /** Lists the runtime once; false (and nothing done) while a previous relist is still running. */
  relist(): Promise<boolean>;
  /** An error message when unhealthy, as upstream's Healthy() error. */
  healthy(): { ok: true } | { ok: false; message: string };
  /** The runtime's pods as of the last successful relist. */
  pods(): ReadonlyMap<string, RuntimePod>;
  /** When the last relist succeeded (0 if never). */
  lastRelist(): number;
}

export const DEFAULT_RELIST_THRESHOLD_MS = 3 * 60_000;

export function createPleg(opts: PlegOptions): Pleg {
  const { runtime, clock } = opts;
  const threshold = opts.relistThresholdMs ?? DEFAULT_RELIST_THRESHOLD_MS;
  const timeout = opts.callTimeoutMs ?? 2 * 60_000;
  let states = new Map<string, { uid: string; state: ContainerState }>();
  // The last relist's lists; the per-pod map is built from them when asked for (housekeeping), not every second.
  let listed: { sandboxes: PodSandbox[]; containers: Container[] } = { sandboxes: [], containers: [] };
  let pods: Map<string, RuntimePod> | undefined = new Map();
  let relistTime = 0;
  let running = false;
  /** Pods whose last inspection failed: inspected again at the next relist, events or not. */
  let reinspect = new Set<string>();

  const groupByPod = ({ sandboxes, containers }: typeof listed): Map<string, RuntimePod> => {
    const byUid = new Map<string, RuntimePod>();
    const pod = (uid: string) => {
      let p = byUid.get(uid);
      if (!p) byUid.set(uid, (p = { uid, sandboxes: [], containers: [] }));
      return p;
    };
    for (const s of sandboxes) pod(s.labels[POD_UID_LABEL] ?? s.metadata.uid).sandboxes.push(s);
    for (const c of containers) pod(c.labels[POD_UID_LABEL] ?? "").containers.push(c);
    return byUid;
  };

  const relistOnce = async () => {
    const sandboxes = await runtime.listPodSandbox(undefined, deadlineIn(clock, timeout));
    const containers = await runtime.listContainers(undefined, deadlineIn(clock, timeout));
    const nextStates = new Map<string, { uid: string; state: ContainerState }>();
    const events = new Map<string, PlegEvent[]>();
    const emit = (podUid: string, type: PlegEventType, containerId: string) => {
      const list = events.get(podUid) ?? [];
      list.push({ podUid, type, containerId });
      events.set(podUid, list);
    };
    for (const c of containers) {
      const uid = c.labels[POD_UID_LABEL] ?? "";
      const old = states.get(c.id);
      // An unchanged container keeps its entry: a quiet node allocates nothing per container.
      nextStates.set(c.id, old && old.state === c.state && old.uid === uid ? old : { uid, state: c.state });
      if (old?.state === c.state) continue;
      if (c.state === "CONTAINER_RUNNING") emit(uid, "ContainerStarted", c.id);
      else if (c.state === "CONTAINER_EXITED") emit(uid, "ContainerDied", c.id);
      else emit(uid, "ContainerChanged", c.id);
    }
    for (const [id, old] of states) if (!nextStates.has(id)) emit(old.uid, "ContainerRemoved", id);
    states = nextStates;
    listed = { sandboxes, containers };
    pods = undefined;
    relistTime = clock.now();
    const failed = new Set<string>();
    for (const uid of new Set([...events.keys(), ...reinspect])) {
      try {
        for (const sb of sandboxes) if ((sb.labels[POD_UID_LABEL] ?? sb.metadata.uid) === uid) await runtime.podSandboxStatus(sb.id, deadlineIn(clock, timeout));
      } catch {
        failed.add(uid);
        events.delete(uid);
      }
    }
    reinspect = failed;
    if (events.size) opts.onEvents(events);
  };

  return {
    async relist() {
      if (running) return false;
      running = true;
      const start = clock.now();
      if (relistTime !== 0) opts.metrics?.relistInterval((start - relistTime) / 1000);
      try {
        await relistOnce();
        return true;
      } catch {
        return false;
      } finally {
        running = false;
        opts.metrics?.relistDuration((clock.now() - start) / 1000);
      }
    },
    healthy() {
      if (relistTime === 0) return { ok: false, message: "pleg has yet to be successful" };
      const elapsed = clock.now() - relistTime;
      if (elapsed > threshold) return { ok: false, message: `pleg was last seen active ${formatDurationMs(elapsed)} ago; threshold is ${formatDurationMs(threshold)}` };
      return { ok: true };
    },
    pods: () => (pods ??= groupByPod(listed)),
    lastRelist: () => relistTime,
  };
}
