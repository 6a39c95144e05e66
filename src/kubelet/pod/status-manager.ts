/**
 * Writes pod statuses through pods/status (upstream's status manager): one
 * write in flight per pod, the newest status wins, nothing is written when
 * the status did not change. A write is a merge patch against the status
 * last written (or seen), with a uid precondition so that a re-created pod
 * of the same name is never touched.
 */
import type { PodStatus } from "kubernetes-types/core/v1.js";
import type { Pod, PodObject } from "../../api/core/pod-types.js";
import { isApiError } from "../../api/errors.js";
import { PODS, type Client } from "../../client/index.js";
import { mergePatchDiff } from "./merge-patch.js";
import { KUBELET_CONDITIONS } from "./pod-status.js";

interface Entry {
  namespace: string;
  name: string;
  /** What the API server has, as far as we know. */
  written: PodStatus | undefined;
  /** The status to write next, if any. */
  pending: PodStatus | undefined;
  /** The status being written right now: already ours, so a sync started meanwhile must build on it. */
  sending: PodStatus | undefined;
  /** The server's status as last delivered (shared, frozen), and its resourceVersion. */
  server?: PodStatus;
  serverRevision: number;
  /** The resourceVersion our last write produced: older server states say nothing about it. */
  writtenRevision: number;
  /** `written` is unknown (a write failed): read the pod before patching. */
  stale: boolean;
  /** A drain is running; set synchronously so that no status is left behind. */
  running: boolean;
  inFlight: Promise<void> | undefined;
}

export class PodStatusManager {
  private readonly pods = new Map<string, Entry>();
  private readonly failed = new Set<string>();
  /** Cut off from the API server (a NodeHeartbeatStop fault): statuses wait. */
  private held = false;

  constructor(
    private readonly client: Client,
    private readonly log: (level: number, message: string) => void,
  ) {}

  /** Queues status for the pod; the write happens in the background. */
  set(pod: Pod, status: PodStatus): void {
    const uid = pod.metadata!.uid!;
    let e = this.pods.get(uid);
    if (!e) this.pods.set(uid, (e = { namespace: pod.metadata!.namespace!, name: pod.metadata!.name!, written: pod.status, pending: undefined, sending: undefined, stale: false, running: false, inFlight: undefined, serverRevision: 0, writtenRevision: 0 }));
    e.pending = status;
    if (!e.running && !this.held) e.inFlight = this.drain(uid, e);
  }

  /**
   * Holds every write while the kubelet is cut off from the API server, as
   * a partitioned kubelet cannot write (so the node lifecycle controller's
   * NotReady marks stay); on release, what waited is written and the
   * server's state reconciled with ours.
   */
  hold(on: boolean): void {
    if (this.held === on) return;
    this.held = on;
    if (on) return;
    for (const [uid, e] of this.pods) {
      if (e.running) continue;
      if (e.pending) e.inFlight = this.drain(uid, e);
      else this.reconcile(uid, e);
    }
  }

  /**
   * The status most recently set, being written, or written for the pod (as
   * upstream's status cache). A sync triggered by the watch event of our own
   * write must see that write, or it would recompute times from an older
   * status and the two would alternate forever.
   */
  get(uid: string): PodStatus | undefined {
    const e = this.pods.get(uid);
    return e?.pending ?? e?.sending ?? e?.written;
  }

  /**
   * The pod as the informer delivered it (upstream's status reconcile):
   * - once the server has exactly what we wrote, we keep the server's status
   *   (frozen, shared with the cache) instead of our own copy: with
   *   thousands of pods per process the copies would be a large part of a
   *   kubelet's memory;
   * - when someone else changed what the kubelet owns (the node lifecycle
   *   controller marking the pod not Ready while the node was out), our
   *   status is written back, keeping the conditions others own.
   */
  observe(pod: Pod): void {
    const e = this.pods.get(pod.metadata!.uid!);
    if (!e || !pod.status) return;
    e.server = pod.status;
    e.serverRevision = Number(pod.metadata?.resourceVersion ?? 0);
    this.reconcile(pod.metadata!.uid!, e);
  }

  private reconcile(uid: string, e: Entry): void {
    const seen = e.server;
    // Compare only when idle, against a server state no older than our last write.
    if (!seen || this.held || e.running || e.stale || e.pending || !e.written || e.written === seen || e.serverRevision < e.writtenRevision) return;
    // Agreed (perhaps with others' conditions added): the server's copy becomes our base.
    if (sameKubeletStatus(e.written, seen)) {
      e.written = seen;
      return;
    }
    this.log(2, `Pod status for "${e.namespace}/${e.name}" changed on the server; writing the kubelet's back`);
    e.pending = withConditionsOf(e.written, seen);
    e.written = seen;
    e.inFlight = this.drain(uid, e);
  }

  /** Resolves once every status set so far for the pod is written. */
  async flush(uid: string): Promise<void> {
    for (let e = this.pods.get(uid); e?.running; e = this.pods.get(uid)) await e.inFlight;
  }

  forget(uid: string): void {
    this.pods.delete(uid);
    this.failed.delete(uid);
  }

  /** Retries the writes that failed (called from the kubelet's ticker). */
  retry(): void {
    if (this.held) return;
    for (const uid of this.failed) {
      const e = this.pods.get(uid);
      this.failed.delete(uid);
      if (e && e.pending && !e.running) e.inFlight = this.drain(uid, e);
    }
  }

  private async drain(uid: string, e: Entry): Promise<void> {
    e.running = true;
    try {
      while (e.pending && !this.held) {
        const next = e.pending;
        e.pending = undefined;
        try {
          if (e.stale) e.written = (await this.client.get<PodObject>(PODS, e.namespace, e.name)).status;
          e.stale = false;
        } catch (err) {
          if (isApiError(err, "NotFound")) return;
          throw err;
        }
        const patch = mergePatchDiff(e.written ?? {}, next);
        if (patch === undefined) continue;
        try {
          e.sending = next;
          const updated = await this.client.patch<PodObject>(PODS, e.namespace, e.name, "merge", { metadata: { uid }, status: patch }, { subresource: "status" });
          // Our own form, so that the next diff compares like with like.
          e.written = next;
          e.writtenRevision = Number(updated?.metadata?.resourceVersion ?? 0);
          this.log(4, `Patch status for pod "${e.namespace}/${e.name}" podUID="${uid}"`);
        } catch (err) {
          if (isApiError(err, "NotFound")) return;
          this.log(2, `Failed to update status for pod "${e.namespace}/${e.name}": ${(err as Error).message}`);
          // Re-read the truth before the next write: a merge patch against a wrong base could leave stale fields.
          e.stale = true;
          if (!e.pending) e.pending = next;
          this.failed.add(uid);
          return;
        }
      }
    } catch (err) {
      this.log(2, `Failed to read pod "${e.namespace}/${e.name}" before a status update: ${(err as Error).message}`);
      this.failed.add(uid);
    } finally {
      e.sending = undefined;
      e.running = false;
      this.reconcile(uid, e);
    }
  }
}

/** Whether two statuses agree on everything the kubelet owns: all but the conditions of others. */
function sameKubeletStatus(a: PodStatus, b: PodStatus): boolean {
  const own = (s: PodStatus): PodStatus => ({ ...s, conditions: (s.conditions ?? []).filter((c) => KUBELET_CONDITIONS.has(c.type) || c.type === "PodScheduled") });
  return mergePatchDiff(own(a), own(b)) === undefined;
}

/** ours, with the conditions others own taken from the server's status. */
function withConditionsOf(ours: PodStatus, server: PodStatus): PodStatus {
  const mine = new Set((ours.conditions ?? []).map((c) => c.type));
  const foreign = (server.conditions ?? []).filter((c) => !KUBELET_CONDITIONS.has(c.type) && !mine.has(c.type));
  return foreign.length ? { ...ours, conditions: [...(ours.conditions ?? []), ...foreign] } : ours;
}
