/**
 * The taint eviction controller (NoExecuteTaintManager): a pod on a node
 * with NoExecute taints it does not tolerate is deleted at once; a pod
 * tolerating them with tolerationSeconds is deleted when the shortest one
 * runs out (timed from when the taint was first seen); removing the taints
 * cancels a pending deletion. Keys are pod keys.
 */
import type { Node, Pod, Taint } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { NODES, PODS } from "../../client/resources.js";
import { keyOf, splitKey, type Controller } from "../../client/types.js";
import type { Timer } from "../../util/clock.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { matchingTolerations, minTolerationMs } from "./tolerations.js";
import { formatTime } from "../../util/time.js";
import { ensureNodeNameIndex, podsOnNode } from "../shared/node-pods.js";

export const TAINT_EVICTION_CONTROLLER = "taint-eviction-controller";

type NodeObject = Node & KubeObject;
type PodObject = Pod & KubeObject;

interface ScheduledEviction {
  createdAt: number;
  timer: Timer;
}

function noExecuteTaints(node: Node | undefined): Taint[] {
  return (node?.spec?.taints ?? []).filter((t) => t.effect === "NoExecute");
}

export function createTaintEvictionController(ctx: ControllerContext): Controller {
  const { client, clock } = ctx;
  const nodes = ctx.informers.forResource<NodeObject>(NODES);
  const pods = ctx.informers.forResource<PodObject>(PODS);
  const recorder = ctx.recorder(TAINT_EVICTION_CONTROLLER);
  const queue = createWorkQueue<string>({ clock, name: "taint_eviction" });
  const scheduled = new Map<string, ScheduledEviction>();
  ensureNodeNameIndex(pods);
  const podsByNode = (name: string) => podsOnNode(pods, name);

  const cancel = (key: string, withEvent: boolean) => {
    const s = scheduled.get(key);
    if (!s) return;
    s.timer.cancel();
    scheduled.delete(key);
    if (withEvent) {
      const { namespace, name } = splitKey(key);
      const pod = pods.lister.get(namespace, name);
      if (pod) recorder.event(pod, "Normal", "TaintManagerEviction", `Cancelling deletion of Pod ${key}`);
    }
  };

  nodes.addEventHandler({
    onAdd: (n) => noExecuteTaints(n).length && podsByNode(n.metadata.name!).forEach((p) => queue.add(keyOf(p))),
    onUpdate: (o, n) => {
      if (JSON.stringify(noExecuteTaints(o)) === JSON.stringify(noExecuteTaints(n))) return;
      for (const p of podsByNode(n.metadata.name!)) queue.add(keyOf(p));
    },
  });
  pods.addEventHandler({
    onAdd: (p) => p.spec?.nodeName && queue.add(keyOf(p)),
    onUpdate: (o, p) => {
      if (p.spec?.nodeName && (o.spec?.nodeName !== p.spec.nodeName || o.spec?.tolerations !== p.spec.tolerations)) queue.add(keyOf(p));
    },
    onDelete: (p) => cancel(keyOf(p), false),
  });

  async function evict(key: string): Promise<void> {
    scheduled.delete(key);
    const { namespace, name } = splitKey(key);
    const pod = pods.lister.get(namespace, name);
    if (!pod) return;
    recorder.event(pod, "Normal", "TaintManagerEviction", `Marking for deletion Pod ${key}`);
    try {
      const condition = { type: "DisruptionTarget", status: "True", reason: "DeletionByTaintManager", message: "Taint manager: deleting due to NoExecute taint", lastTransitionTime: formatTime(clock.now()) };
      await client.patch(PODS, namespace, name, "strategic", { status: { conditions: [condition] } }, { subresource: "status" });
      await client.delete(PODS, namespace, name);
    } catch (err) {
      if (!isApiError(err, "NotFound")) throw err;
    }
  }

  async function sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = pods.lister.get(namespace, name);
    if (!pod || pod.metadata.deletionTimestamp || !pod.spec?.nodeName) return cancel(key, false);
    const taints = noExecuteTaints(nodes.lister.get(undefined, pod.spec.nodeName));
    if (taints.length === 0) return cancel(key, true);
    const used = matchingTolerations(taints, pod.spec.tolerations ?? []);
    if (!used) {
      cancel(key, false);
      ctx.log(2, `Not all taints are tolerated after update for pod ${key} on node ${pod.spec.nodeName}`);
      return evict(key);
    }
    const ms = minTolerationMs(used);
    if (ms < 0) return cancel(key, true);
    const now = clock.now();
    const existing = scheduled.get(key);
    // An eviction already scheduled keeps its start: tolerating longer later changes nothing.
    if (existing && existing.createdAt + ms <= now + ms) return;
    if (ms === 0) return evict(key);
    const timer = clock.setTimeout(() => {
      evict(key).catch((err: unknown) => {
        (ctx.error ?? ((m: string) => ctx.log(0, m)))(`${TAINT_EVICTION_CONTROLLER}: evicting ${key}: ${(err as Error).message}`);
        queue.addRateLimited(key);
      });
    }, ms);
    scheduled.set(key, { createdAt: now, timer });
  }

  return {
    name: TAINT_EVICTION_CONTROLLER,
    async run(signal, workers) {
      signal.addEventListener("abort", () => {
        for (const s of scheduled.values()) s.timer.cancel();
        scheduled.clear();
      });
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: TAINT_EVICTION_CONTROLLER, queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}
