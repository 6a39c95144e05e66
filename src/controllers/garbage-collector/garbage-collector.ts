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
 *
 * Built-in resources are watched through the manager's shared informers;
 * every other resource discovery lists as deletable (custom resources, say)
 * gets a metadata informer of its own, started and stopped as discovery,
 * re-read every 30 s, shows it come and go.
 */
import type { OwnerReference } from "kubernetes-types/meta/v1.js";
import { isApiError } from "../../api/errors.js";
import { createWorkQueue, runController, SharedInformer } from "../../client/index.js";
import type { Client, Controller, Informer, KubeObject } from "../../client/types.js";
import type { ControllerContext } from "../context.js";
import { runnerLogs } from "../context.js";
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER, OwnershipGraph, type GraphNode } from "./graph.js";
import { removeFinalizer, removeOwnerReferences } from "./metadata-patch.js";
import { discoverDeletableResources, discoveryErrorText, type DeletableResources } from "./discovery.js";
import { metadataOnlyClient, planMonitors } from "./monitors.js";
import { DEFAULT_MONITORED_RESOURCES, resourceForKind, resourceId, type MonitoredResource } from "./resources.js";

export const GARBAGE_COLLECTOR_CONTROLLER = "garbage-collector-controller";

/** Upstream re-reads discovery every 30 s (the controller manager's resync of the collector's monitors). */
export const DISCOVERY_RESYNC_MS = 30_000;

export interface GarbageCollectorOptions {
  /** Always watched, through the shared informers (default: DEFAULT_MONITORED_RESOURCES). */
  resources?: readonly MonitoredResource[];
  /** How the other deletable resources are found (default: API discovery). */
  discover?: (client: Client) => Promise<DeletableResources>;
}

export interface GarbageCollector extends Controller {
  /** The resources watched now, as "group/resource". */
  monitoredResources(): string[];
}

/** Work items: "delete:<uid>" looks at whether uid should go; "orphan:<uid>" orphans uid's dependents. */
type Item = `delete:${string}` | `orphan:${string}`;

type OwnerVerdict = "solid" | "dangling" | "waiting";

interface Monitor {
  resource: MonitoredResource;
  informer: Informer;
  /** Stops a discovered resource's own informer; fixed ones share the manager's. */
  stop?: AbortController;
}

export function createGarbageCollector(ctx: ControllerContext, opts: GarbageCollectorOptions = {}): GarbageCollector {
  const { client, clock } = ctx;
  const fixed = opts.resources ?? DEFAULT_MONITORED_RESOURCES;
  const fixedIds = new Set(fixed.map(resourceId));
  const discover = opts.discover ?? discoverDeletableResources;
  const graph = new OwnershipGraph();
  const queue = createWorkQueue<Item>({ clock, name: "garbage_collector" });
  const monitors = new Map<string, Monitor>();
  const attemptToDelete = (uid: string) => queue.add(`delete:${uid}`);
  const monitoredList = () => [...monitors.values()].map((m) => m.resource);

  function monitor(res: MonitoredResource, inf: Informer, stop?: AbortController): void {
    monitors.set(resourceId(res), { resource: res, informer: inf, stop });
    const current = () => monitors.get(resourceId(res))?.informer === inf;
    const observe = (obj: KubeObject) => {
      // A stopped monitor's last events come too late to matter.
      if (!current()) return;
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
      onDelete: (obj) => current() && forget(obj.metadata.uid!),
    });
  }

  /** Drops a node as its object's deletion does: its dependents and waiting owners are looked at again. */
  function forget(uid: string): void {
    const gone = graph.remove(uid);
    if (!gone) return;
    for (const d of gone.dependents) attemptToDelete(d);
    for (const o of gone.owners) if (graph.node(o.uid)?.deletingDependents) attemptToDelete(o.uid);
  }

  for (const res of fixed) monitor(res, ctx.informers.forResource(res.gvr));

  /** Starts informers for newly discovered resources and stops those of resources gone from discovery. */
  async function syncMonitors(signal: AbortSignal): Promise<void> {
    let found: DeletableResources;
    try {
      found = await discover(client);
    } catch (err) {
      reportError(`failed to discover resources: ${(err as Error).message}`);
      return;
    }
    // Logged, as upstream, at every sync while a group stays undiscoverable.
    if (found.failed.size) ctx.log(0, discoveryErrorText(found.failed));
    if (!found.resources.length) {
      ctx.log(2, "no resources reported by discovery, skipping garbage collector sync");
      return;
    }
    const current = new Map([...monitors].map(([id, m]) => [id, m.resource]));
    const plan = planMonitors(current, fixedIds, found);
    for (const id of plan.remove) {
      const m = monitors.get(id)!;
      monitors.delete(id);
      m.stop?.abort();
      ctx.log(2, `stopped monitor for resource ${describeResource(m.resource)}`);
      for (const uid of graph.uidsOf((r) => resourceId(r) === id)) forget(uid);
    }
    for (const res of plan.add) {
      const stop = new AbortController();
      const stopWithRun = () => stop.abort();
      signal.addEventListener("abort", stopWithRun, { once: true });
      stop.signal.addEventListener("abort", () => signal.removeEventListener("abort", stopWithRun), { once: true });
      const inf = new SharedInformer<KubeObject>({ gvr: res.gvr, client: metadataOnlyClient(client), clock });
      monitor(res, inf, stop);
      void inf.run(stop.signal);
      ctx.log(2, `started monitor for resource ${describeResource(res)}`);
    }
  }

  function reportError(message: string): void {
    if (ctx.error) ctx.error(message);
    else ctx.log(0, message);
  }

  const latest = (node: GraphNode): KubeObject | undefined => {
    const obj = monitors.get(resourceId(node.resource!))?.informer.lister.get(node.namespace, node.name!);
    return obj?.metadata.uid === node.uid ? obj : undefined;
  };

  /** Whether an owner exists, is gone, or exists and waits for this dependent (classifyReferences). */
  async function verdict(dependent: GraphNode, ref: OwnerReference): Promise<OwnerVerdict> {
    const owner = graph.node(ref.uid);
    if (owner?.resource) return owner.deletingDependents && ref.blockOwnerDeletion ? "waiting" : "solid";
    const res = resourceForKind(monitoredList(), ref.apiVersion, ref.kind);
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
    monitoredResources: () => [...monitors.keys()],
    async run(signal, workers) {
      await syncMonitors(signal);
      const own = [...monitors.values()].filter((m) => m.stop).map((m) => (m.informer as SharedInformer<KubeObject>).whenSynced);
      if (!(await ctx.informers.waitForCacheSync(signal))) return;
      // A discovered resource that cannot be listed must not hold the collector back for good.
      const wait = new AbortController();
      const stopWaiting = () => wait.abort();
      signal.addEventListener("abort", stopWaiting, { once: true });
      await Promise.race([Promise.all(own), clock.sleep(DISCOVERY_RESYNC_MS, wait.signal).catch(() => undefined)]);
      signal.removeEventListener("abort", stopWaiting);
      wait.abort();
      if (signal.aborted) return;
      let syncing = false;
      const resync = clock.setInterval(() => {
        if (syncing) return;
        syncing = true;
        void syncMonitors(signal).finally(() => (syncing = false));
      }, DISCOVERY_RESYNC_MS);
      try {
        await runController({ name: "garbage collector", queue, workers, signal, sync, ...runnerLogs(ctx) });
      } finally {
        resync.cancel();
      }
    },
  };
}

function describeResource(r: MonitoredResource): string {
  return `${r.gvr.group ? r.gvr.group + "/" : ""}${r.gvr.version}, Resource=${r.gvr.resource}`;
}

function describe(n: GraphNode): string {
  return `[${n.resource?.gvr.group ? n.resource.gvr.group + "/" : ""}${n.resource?.gvr.version}/${n.resource?.kind}, namespace: ${n.namespace ?? ""}, name: ${n.name}, uid: ${n.uid}]`;
}
