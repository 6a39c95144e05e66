/**
 * The pod garbage collector: every 20 seconds it force-deletes (grace 0)
 * the pods select.ts picks. A pod bound to a missing node is deleted only
 * once the node has stayed missing for 40 seconds and a direct read
 * confirms it is gone (upstream's quarantine), after being marked Failed
 * with a DisruptionTarget condition (DeletionByPodGC).
 */
import type { Node } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import { NODES, PODS, type Controller } from "../../client/index.js";
import type { KubeObject } from "../../api/types.js";
import type { ControllerContext } from "../context.js";
import type { PodObject } from "../shared/index.js";
import { isPodTerminated, missingNodes, terminatedPodsToDelete, terminatingOnOutOfServiceNodes, unscheduledTerminating } from "./select.js";
import { formatTime } from "../../util/time.js";

export const PODGC_CONTROLLER_NAME = "pod-garbage-collector";
export const GC_CHECK_PERIOD_MS = 20_000;
export const QUARANTINE_MS = 40_000;

type NodeObject = Omit<Node, "metadata"> & KubeObject;

export function createPodGCController(ctx: ControllerContext): Controller & { gc(): Promise<void> } {
  const pods = ctx.informers.forResource<PodObject>(PODS);
  const nodes = ctx.informers.forResource<NodeObject>(NODES);
  /** Missing node name -> when it was first seen missing. */
  const quarantine = new Map<string, number>();

  const forceDelete = async (pod: PodObject, why: string): Promise<void> => {
    ctx.log(2, `PodGC is force deleting Pod ${pod.metadata.namespace}/${pod.metadata.name}: ${why}`);
    try {
      await ctx.client.delete(PODS, pod.metadata.namespace, pod.metadata.name ?? "", { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (err) {
      if (!isApiError(err, "NotFound") && !isApiError(err, "Conflict")) throw err;
    }
  };

  const markFailed = async (pod: PodObject): Promise<void> => {
    if (isPodTerminated(pod)) return;
    const now = formatTime(ctx.clock.now());
    const conditions = [
      ...(pod.status?.conditions ?? []).filter((c) => c.type !== "DisruptionTarget"),
      { type: "DisruptionTarget", status: "True", reason: "DeletionByPodGC", message: "PodGC: node no longer exists", lastTransitionTime: now },
    ];
    try {
      await ctx.client.patch(PODS, pod.metadata.namespace, pod.metadata.name ?? "", "merge", { status: { phase: "Failed", conditions } }, { subresource: "status" });
    } catch (err) {
      if (!isApiError(err, "NotFound")) throw err;
    }
  };

  const gcOrphaned = async (all: PodObject[]): Promise<void> => {
    const known = new Set(nodes.lister.list().map((n) => n.metadata.name ?? ""));
    const missing = missingNodes(all, known);
    const now = ctx.clock.now();
    for (const name of quarantine.keys()) if (!missing.has(name)) quarantine.delete(name);
    for (const name of missing) {
      const since = quarantine.get(name);
      if (since === undefined) {
        quarantine.set(name, now);
        continue;
      }
      if (now - since < QUARANTINE_MS) continue;
      try {
        await ctx.client.get(NODES, undefined, name);
        quarantine.delete(name); // it exists after all; the cache was behind
        continue;
      } catch (err) {
        if (!isApiError(err, "NotFound")) throw err;
      }
      for (const pod of all.filter((p) => p.spec?.nodeName === name)) {
        await markFailed(pod);
        await forceDelete(pod, `node ${name} no longer exists`);
      }
      quarantine.delete(name);
    }
  };

  const gc = async (): Promise<void> => {
    const all = pods.lister.list();
    const nodeMap = new Map(nodes.lister.list().map((n) => [n.metadata.name ?? "", n as Node]));
    for (const p of terminatingOnOutOfServiceNodes(all, nodeMap)) await forceDelete(p, "terminating on an out-of-service node");
    for (const p of terminatedPodsToDelete(all, ctx.options.terminatedPodGCThreshold)) await forceDelete(p, "terminated pods above the threshold");
    await gcOrphaned(all);
    for (const p of unscheduledTerminating(all)) await forceDelete(p, "unscheduled and terminating");
  };

  return {
    name: PODGC_CONTROLLER_NAME,
    gc,
    async run(signal) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      let running = false;
      const tick = () => {
        if (running) return;
        running = true;
        gc()
          .catch((err) => ctx.log(1, `podgc: ${(err as Error).message}`))
          .finally(() => (running = false));
      };
      const timer = ctx.clock.setInterval(tick, GC_CHECK_PERIOD_MS);
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => resolve(), { once: true }));
      timer.cancel();
    },
  };
}
