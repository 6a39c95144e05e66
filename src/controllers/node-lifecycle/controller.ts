/**
 * The node lifecycle controller: every --node-monitor-period it checks
 * each node's heartbeat (Lease renewTime or Ready heartbeat); a node silent
 * for --node-monitor-grace-period gets its conditions set to Unknown, its
 * pods marked NotReady, and the NoExecute taint that starts taint-based
 * eviction (unless the whole cluster looks disrupted). It also keeps the
 * NoSchedule taints that mirror node conditions (TaintNodesByCondition).
 * The taint eviction controller (taint-eviction.ts) runs alongside.
 */
import type { Lease } from "kubernetes-types/coordination/v1.js";
import type { Node, Pod } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { createWorkQueue, runController } from "../../client/index.js";
import { LEASES, NODES, PODS } from "../../client/resources.js";
import { keyOf, splitKey, type Controller } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { mayTaint, summarizeZones, zoneOf } from "./disruption.js";
import { assessNodeHealth, type NodeHealth } from "./node-health.js";
import { markPodsNotReady } from "./node-writes.js";
import { removeTaintOffNode, swapNodeControllerTaint, type TaintWriter } from "./taint-writes.js";
import { conditionNoScheduleTaints, hasTaint, noExecuteTaintFor, NOT_READY_NO_EXECUTE, ownedNoScheduleTaints, readyCondition, sameTaint, UNREACHABLE_NO_EXECUTE } from "./taints.js";
import { createTaintEvictionController } from "./taint-eviction.js";
import { ensureNodeNameIndex, podsOnNode } from "../shared/node-pods.js";

export const NODE_LIFECYCLE_CONTROLLER = "node-lifecycle-controller";
export const NODE_LEASE_NAMESPACE = "kube-node-lease";

type NodeObject = Node & KubeObject;
type PodObject = Pod & KubeObject;
type LeaseObject = Lease & KubeObject;

export function createNodeLifecycleController(ctx: ControllerContext): Controller {
  const { client, clock, options } = ctx;
  const nodes = ctx.informers.forResource<NodeObject>(NODES);
  const pods = ctx.informers.forResource<PodObject>(PODS);
  const leases = ctx.informers.forResource<LeaseObject>(LEASES, { namespace: NODE_LEASE_NAMESPACE });
  const recorder = ctx.recorder("node-controller");
  const taintEviction = createTaintEvictionController(ctx);
  // Keys: "node/<name>" for condition taints, "pod/<ns>/<name>" for a pod landing on a not-ready node.
  const queue = createWorkQueue<string>({ clock, name: "node_lifecycle" });
  const health = new Map<string, NodeHealth>();
  const known = new Map<string, NodeObject>();
  const retryPods = new Set<string>();
  let disrupted = false;
  const logError = (m: string) => (ctx.error ? ctx.error(m) : ctx.log(0, m));
  ensureNodeNameIndex(pods);
  const podsOn = (name: string) => podsOnNode(pods, name);
  const taintWriter: TaintWriter = { client, clock };

  nodes.addEventHandler({ onAdd: (n) => queue.add(`node/${n.metadata.name}`), onUpdate: (_o, n) => queue.add(`node/${n.metadata.name}`) });
  pods.addEventHandler({
    onAdd: (p) => p.spec?.nodeName && queue.add(`pod/${keyOf(p)}`),
    onUpdate: (o, p) => p.spec?.nodeName && o.spec?.nodeName !== p.spec.nodeName && queue.add(`pod/${keyOf(p)}`),
  });

  /** doNoScheduleTaintingPass for one node. */
  async function syncConditionTaints(name: string): Promise<void> {
    const node = nodes.lister.get(undefined, name);
    if (!node) return;
    const want = conditionNoScheduleTaints(node);
    const have = ownedNoScheduleTaints(node);
    const add = want.filter((t) => !have.some((h) => sameTaint(h, t)));
    const remove = have.filter((t) => !want.some((w) => sameTaint(w, t)));
    if (add.length || remove.length) await swapNodeControllerTaint(taintWriter, node, add, remove);
  }

  /** processPod: a pod bound to a node that is not Ready is marked NotReady. */
  async function syncPod(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const pod = pods.lister.get(namespace, name);
    const nodeName = pod?.spec?.nodeName;
    if (!pod || !nodeName || !health.has(nodeName)) return;
    const ready = readyCondition(nodes.lister.get(undefined, nodeName) ?? {});
    if (ready && ready.status !== "True") await markPodsNotReady(client, recorder, [pod], nodeName, clock.now(), ctx.log);
  }

  async function sync(key: string): Promise<void> {
    if (key.startsWith("node/")) return syncConditionTaints(key.slice(5));
    if (key.startsWith("pod/")) return syncPod(key.slice(4));
  }

  function trackMembership(all: NodeObject[]): void {
    const names = new Set(all.map((n) => n.metadata.name!));
    for (const n of all) {
      if (!known.has(n.metadata.name!)) recorder.event(n, "Normal", "RegisteredNode", `Node ${n.metadata.name} event: Registered Node ${n.metadata.name} in Controller`);
      known.set(n.metadata.name!, n);
    }
    for (const [name, n] of known) {
      if (names.has(name)) continue;
      recorder.event(n, "Normal", "RemovingNode", `Node ${name} event: Removing Node ${name} from Controller`);
      known.delete(name);
      health.delete(name);
      retryPods.delete(name);
    }
  }

  /** monitorNodeHealth: one pass over every node. */
  async function monitor(): Promise<void> {
    const all = nodes.lister.list();
    trackMembership(all);
    const current: NodeObject[] = [];
    for (const node of all) {
      const name = node.metadata.name!;
      const lease = leases.lister.get(NODE_LEASE_NAMESPACE, name);
      const res = assessNodeHealth(node, lease, health.get(name), { now: clock.now(), gracePeriodMs: options.nodeMonitorGracePeriodMs });
      health.set(name, res.health);
      let updated = node;
      if (res.conditions) {
        try {
          updated = await client.update<NodeObject>(NODES, undefined, { ...node, status: { ...node.status, conditions: res.conditions } }, { subresource: "status" });
          ctx.log(2, `Node ${name} hasn't been updated for ${Math.round((clock.now() - res.health.probeMs) / 1000)}s. Marking it Unknown`);
        } catch (err) {
          if (!isApiError(err, "Conflict") && !isApiError(err, "NotFound")) logError(`Error updating node ${name}: ${(err as Error).message}`);
          continue;
        }
      }
      current.push(updated);
      const ready = readyCondition(updated);
      if (!ready) continue;
      const becameNotReady = ready.status !== "True" && res.observedReady?.status === "True";
      if (becameNotReady) recorder.event(updated, "Normal", "NodeNotReady", `Node ${name} status is now: NodeNotReady`);
      // As upstream: a retry waits while the kubelet still reported Ready before this pass.
      if (becameNotReady || (retryPods.has(name) && res.observedReady?.status !== "True")) {
        try {
          await markPodsNotReady(client, recorder, podsOn(name), name, clock.now(), ctx.log);
          retryPods.delete(name);
        } catch (err) {
          logError(`unable to mark all pods NotReady on node ${name}: ${(err as Error).message}; queuing for retry`);
          retryPods.add(name);
        }
      }
    }
    await applyNoExecuteTaints(current);
  }

  /** processTaintBaseEviction for every node, under the zones' disruption state. */
  async function applyNoExecuteTaints(all: NodeObject[]): Promise<void> {
    const summary = summarizeZones(all);
    if (summary.allDisrupted !== disrupted) {
      disrupted = summary.allDisrupted;
      ctx.log(0, disrupted ? "Controller detected that all Nodes are not-Ready. Entering master disruption mode" : "Controller detected that some Nodes are Ready. Exiting master disruption mode");
    }
    for (const node of all) {
      const name = node.metadata.name!;
      const want = noExecuteTaintFor(readyCondition(node));
      try {
        if (!want || disrupted) {
          // markNodeAsReachable: a Ready node, or every node in master disruption mode, carries neither.
          await removeTaintOffNode(taintWriter, name, node, [UNREACHABLE_NO_EXECUTE]);
          await removeTaintOffNode(taintWriter, name, node, [NOT_READY_NO_EXECUTE]);
        } else if (!hasTaint(node, want) && mayTaint(summary, zoneOf(node))) {
          const opposite = want === NOT_READY_NO_EXECUTE ? UNREACHABLE_NO_EXECUTE : NOT_READY_NO_EXECUTE;
          await swapNodeControllerTaint(taintWriter, node, [want], [opposite]);
        }
      } catch (err) {
        logError(`Failed to update taints of node ${name}: ${(err as Error).message}`);
      }
    }
  }

  return {
    name: NODE_LIFECYCLE_CONTROLLER,
    async run(signal, workers) {
      const eviction = taintEviction.run(signal, workers);
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      let running = false;
      const tick = clock.setInterval(() => {
        if (running || signal.aborted) return;
        running = true;
        monitor()
          .catch((err: unknown) => logError(`Error monitoring node health: ${(err as Error).message}`))
          .finally(() => (running = false));
      }, options.nodeMonitorPeriodMs);
      signal.addEventListener("abort", () => tick.cancel(), { once: true });
      await Promise.all([runController({ name: NODE_LIFECYCLE_CONTROLLER, queue, workers, signal, sync, ...runnerLogs(ctx) }), eviction]);
    },
  };
}
