/**
 * Stale DisruptionTarget conditions (upstream's stalePodDisruption worker):
 * an eviction marks its pod a DisruptionTarget before deleting it; when the
 * delete never happened, the condition is turned False after two minutes
 * so the pod does not look doomed forever. Conditions the kubelet set, and
 * those of terminal or deleting pods, are left alone.
 */
import { isApiError } from "../../api/errors.js";
import { createWorkQueue, keyOf, PODS, runController, splitKey, type Informer, type NamedWorkQueue } from "../../client/index.js";
import type { ControllerContext } from "../context.js";
import type { PodObject } from "../shared/pods.js";
import { rfc3339 } from "../../api/printers.js";

export const STALE_POD_DISRUPTION_TIMEOUT_MS = 2 * 60_000;

/** Milliseconds until pod's DisruptionTarget condition is stale (0: now), or undefined when it has none to clear. */
export function staleDisruptionIn(pod: PodObject, now: number): number | undefined {
  if (pod.metadata.deletionTimestamp) return undefined;
  const phase = pod.status?.phase;
  const cond = pod.status?.conditions?.find((c) => c.type === "DisruptionTarget");
  if (!cond || cond.status !== "True" || cond.reason === "TerminationByKubelet" || phase === "Succeeded" || phase === "Failed") return undefined;
  const since = cond.lastTransitionTime ? Date.parse(cond.lastTransitionTime) : now;
  return Math.max(0, since + STALE_POD_DISRUPTION_TIMEOUT_MS - now);
}

export function createStaleDisruptionCleaner(ctx: ControllerContext, pods: Informer<PodObject>): { queue: NamedWorkQueue<string>; run(signal: AbortSignal): Promise<void> } {
  const queue = createWorkQueue({ clock: ctx.clock, name: "stale_pod_disruption" });
  const check = (pod: PodObject) => {
    const wait = staleDisruptionIn(pod, ctx.clock.now());
    if (wait !== undefined) queue.addAfter(keyOf(pod), wait);
  };
  pods.addEventHandler({ onAdd: check, onUpdate: (_o, p) => check(p) });

  const sync = async (key: string): Promise<void> => {
    const { namespace, name } = splitKey(key);
    const pod = pods.lister.get(namespace, name);
    if (!pod) return;
    const wait = staleDisruptionIn(pod, ctx.clock.now());
    if (wait === undefined) return;
    if (wait > 0) return queue.addAfter(key, wait);
    const next: PodObject = structuredClone(pod);
    next.status!.conditions = next.status!.conditions!.map((c) =>
      c.type === "DisruptionTarget" ? { type: c.type, status: "False", lastTransitionTime: rfc3339(ctx.clock.now()) } : c,
    );
    try {
      await ctx.client.update<PodObject>(PODS, namespace, next, { subresource: "status" });
    } catch (err) {
      if (isApiError(err, "NotFound")) return;
      throw err;
    }
    ctx.log(2, `Reset stale DisruptionTarget condition to False for pod ${key}`);
  };

  return {
    queue,
    run: (signal) => runController({ name: "stale-pod-disruption", queue, workers: 1, signal, sync, log: (m) => ctx.log(2, m) }),
  };
}
