/**
 * The garbage collector (upstream's GarbageCollector): builds an ownership
 * graph from informers over every monitored resource and
 * - deletes objects whose owners are all gone (background cascade),
 * - for an owner deleted in the foreground (finalizer foregroundDeletion),
 *   deletes its blocking dependents first, then removes the finalizer,
 * - for an owner deleted with the orphan finalizer, strips the references
 *   to it from its dependents, then removes the finalizer.
 * An owner missing from the graph is looked up on the API server before
 * anything is deleted on its account.
 */
import type { OwnerReference } from "kubernetes-types/meta/v1.js";
import { isApiError } from "../../api/errors.js";
import { createWorkQueue, runController } from "../../client/index.js";
import type { Controller, Informer, KubeObject } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, OwnershipGraph, type GraphNode } from "./graph.js";
import { removeFinalizer, removeOwnerReferences } from "./metadata-patch.js";
import { DEFAULT_MONITORED_RESOURCES, resourceForKind, type MonitoredResource } from "./resources.js";

export const GARBAGE_COLLECTOR_CONTROLLER = "garbage-collector-controller";

export interface GarbageCollectorOptions {
  /** What to watch (default: DEFAULT_MONITORED_RESOURCES). */
  resources?: readonly MonitoredResource[];
}

/** Work items: "delete:<uid>" looks at whether uid should go; "orphan:<uid>" orphans uid's dependents. */
type Item = `delete:${string}` | `orphan:${string}`;

type OwnerVerdict = "solid" | "dangling" | "waiting";

export function createGarbageCollector(ctx: ControllerContext, opts: GarbageCollectorOptions = {}): Controller {
  const { client, clock } = ctx;
  const resources = opts.resources ?? DEFAULT_MONITORED_RESOURCES;
  const graph = new OwnershipGraph();
  const queue = createWorkQueue<Item>({ clock, name: "garbage_collector" });
  const informers = new Map<MonitoredResource, Informer>();
  const attemptToDelete = (uid: string) => queue.add(`delete:${uid}`);

  for (const res of resources) {
    const inf = ctx.informers.forResource(res.gvr);
    informers.set(res, inf);
    const observe = (obj: KubeObject) => {
      const change = graph.observe(res, obj);
      const node = graph.node(obj.metadata.uid!)!;
      if (change.startedForeground) {
        for (const d of node.dependents) attemptToDelete(d);
        attemptToDelete(node.uid);
      }
      if (change.startedOrphan) queue.add(`orphan:${node.uid}`);
      // Owners we have not seen (or that are gone) are checked from the dependent's side.
      if (change.addedOwners.some((o) => !graph.node(o.uid)?.resource || graph.node(o.uid)!.deletingDependents)) attemptToDelete(node.uid);
      // An owner waiting for its dependents may have stopped waiting for this one.
      for (const o of change.removedOwners) if (graph.node(o.uid)?.deletingDependents) attemptToDelete(o.uid);
    };
    inf.addEventHandler({
      onAdd: observe,
      onUpdate: (_old, obj) => observe(obj),
      onDelete: (obj) => {
        const gone = graph.remove(obj.metadata.uid!);
        if (!gone) return;
        for (const d of gone.dependents) attemptToDelete(d);
        for (const o of gone.owners) if (graph.node(o.uid)?.deletingDependents) attemptToDelete(o.uid);
      },
    });
  }

  const latest = (node: GraphNode): KubeObject | undefined => {
    const obj = informers.get(node.resource!)?.lister.get(node.namespace, node.name!);
    return obj?.metadata.uid === node.uid ? obj : undefined;
  };

  /** Whether an owner exists, is gone, or exists and waits for this dependent (classifyReferences). */
  async function verdict(dependent: GraphNode, ref: OwnerReference): Promise<OwnerVerdict> {
    const owner = graph.node(ref.uid);
    if (owner?.resource) return owner.deletingDependents && ref.blockOwnerDeletion ? "waiting" : "solid";
    const res = resourceForKind(resources, ref.apiVersion, ref.kind);
    // An owner of a kind we cannot look up is assumed to exist: never delete on a guess.
    if (!res) return "solid";
    const namespace = res.namespaced ? dependent.namespace : undefined;
    if (res.namespaced && !namespace) return "dangling";
    try {
      const live = await client.get(res.gvr, namespace, ref.name);
      if (live.metadata.uid !== ref.uid) return "dangling";
      const waiting = !!live.metadata.deletionTimestamp && (live.metadata.finalizers ?? []).includes(FOREGROUND_FINALIZER) && ref.blockOwnerDeletion;
      return waiting ? "waiting" : "solid";
    } catch (err) {
      if (isApiError(err, "NotFound")) return "dangling";
      throw err;
    }
  }

  async function processDelete(uid: string): Promise<void> {
    const node = graph.node(uid);
    if (!node?.resource) return;
    if (node.deletingDependents) return processDeletingDependents(node);
    const obj = latest(node);
    if (!obj) return;
    if (obj.metadata.deletionTimestamp) return;
    const owners = obj.metadata.ownerReferences ?? [];
    if (!owners.length) return;
    const verdicts = await Promise.all(owners.map((o) => verdict(node, o)));
    const of = (v: OwnerVerdict) => owners.filter((_, i) => verdicts[i] === v);
    const solid = of("solid"), dangling = of("dangling"), waiting = of("waiting");
    if (solid.length) {
      if (!dangling.length && !waiting.length) return;
      ctx.log(2, `object ${describe(node)} has at least one existing owner, will not garbage collect; removing references to missing or waiting owners`);
      await removeOwnerReferences(client, node.resource.gvr, node.namespace, node.name!, uid, new Set([...dangling, ...waiting].map((o) => o.uid)));
      return;
    }
    const finalizers = obj.metadata.finalizers ?? [];
    const policy =
      waiting.length && node.dependents.size ? "Foreground" : finalizers.includes(ORPHAN_FINALIZER) ? "Orphan" : finalizers.includes(FOREGROUND_FINALIZER) ? "Foreground" : "Background";
    ctx.log(2, `delete object ${describe(node)} with propagation policy ${policy}`);
    try {
      await client.delete(node.resource.gvr, node.namespace, node.name!, { preconditions: { uid }, propagationPolicy: policy });
    } catch (err) {
      // A conflict (the object changed or was replaced meanwhile) is looked at again, as upstream requeues it.
      if (!isApiError(err, "NotFound")) throw err;
    }
  }

  async function processDeletingDependents(node: GraphNode): Promise<void> {
    const blocking = graph.blockingDependents(node.uid);
    if (!blocking.length) {
      ctx.log(2, `remove DeleteDependents finalizer for item ${describe(node)}`);
      await removeFinalizer(client, node.resource!.gvr, node.namespace, node.name!, node.uid, FOREGROUND_FINALIZER);
      return;
    }
    for (const dep of blocking) if (!dep.deletingDependents) attemptToDelete(dep.uid);
  }

  async function processOrphan(uid: string): Promise<void> {
    const node = graph.node(uid);
    if (!node?.resource) return;
    for (const d of [...node.dependents]) {
      const dep = graph.node(d);
      if (!dep?.resource) continue;
      await removeOwnerReferences(client, dep.resource.gvr, dep.namespace, dep.name!, dep.uid, new Set([uid]));
    }
    await removeFinalizer(client, node.resource.gvr, node.namespace, node.name!, uid, ORPHAN_FINALIZER);
  }

  async function sync(item: Item): Promise<void> {
    const uid = item.slice(item.indexOf(":") + 1);
    if (item.startsWith("orphan:")) await processOrphan(uid);
    else await processDelete(uid);
  }

  return {
    name: GARBAGE_COLLECTOR_CONTROLLER,
    async run(signal, workers) {
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      await runController({ name: "garbage collector", queue, workers, signal, sync, ...runnerLogs(ctx) });
    },
  };
}

function describe(n: GraphNode): string {
  return `[${n.resource?.gvr.group ? n.resource.gvr.group + "/" : ""}${n.resource?.gvr.version}/${n.resource?.kind}, namespace: ${n.namespace ?? ""}, name: ${n.name}, uid: ${n.uid}]`;
}
