/**
 * The collector's monitors of discovered resources (upstream's
 * GraphBuilder.syncMonitors): which informers to start and stop when
 * discovery changes, and the metadata-only view they watch through, since
 * the ownership graph needs nothing but apiVersion, kind and metadata.
 */
import type { Client, GVR, KubeObject } from "../../client/types.js";
import type { DeletableResources } from "./discovery.js";
import { resourceId, type MonitoredResource } from "./resources.js";

export interface MonitorPlan {
  add: MonitoredResource[];
  /** Ids (resourceId) of monitors to stop. */
  remove: string[];
}

/**
 * What to start and stop so the discovered resources are watched. Fixed
 * resources are never touched; a resource of a group version whose
 * discovery failed keeps its monitor, as upstream keeps synced ones.
 */
export function planMonitors(current: ReadonlyMap<string, MonitoredResource>, fixed: ReadonlySet<string>, found: DeletableResources): MonitorPlan {
  const wanted = new Map<string, MonitoredResource>();
  for (const r of found.resources) if (!fixed.has(resourceId(r))) wanted.set(resourceId(r), r);
  const add: MonitoredResource[] = [];
  const remove: string[] = [];
  for (const [id, r] of current) {
    if (fixed.has(id)) continue;
    const next = wanted.get(id);
    if (next && next.gvr.version === r.gvr.version && next.kind === r.kind) continue;
    if (!next && found.failed.has(groupVersion(r.gvr))) continue;
    remove.push(id);
  }
  for (const [id, r] of wanted) {
    const now = current.get(id);
    if (!now || remove.includes(id)) add.push(r);
  }
  return { add, remove };
}

function groupVersion(gvr: GVR): string {
  return gvr.group ? `${gvr.group}/${gvr.version}` : gvr.version;
}

/** A client whose lists and watches carry only apiVersion, kind and metadata (a metadata informer's view). */
export function metadataOnlyClient(client: Client): Client {
  const strip = (o: KubeObject): KubeObject => ({ apiVersion: o.apiVersion, kind: o.kind, metadata: o.metadata });
  return {
    get identity() {
      return client.identity;
    },
    get: (gvr, namespace, name) => client.get(gvr, namespace, name),
    async list(gvr, opts) {
      const l = await client.list(gvr, opts);
      return { ...l, items: l.items.map(strip) } as never;
    },
    watch: (gvr, opts, onEvent, onClose) =>
      client.watch(gvr, opts, (ev) => onEvent((ev.type === "ADDED" || ev.type === "MODIFIED" || ev.type === "DELETED" ? { ...ev, object: strip(ev.object) } : ev) as never), onClose),
    create: (gvr, namespace, obj, opts) => client.create(gvr, namespace, obj, opts),
    update: (gvr, namespace, obj, opts) => client.update(gvr, namespace, obj, opts),
    patch: (gvr, namespace, name, type, patch, opts) => client.patch(gvr, namespace, name, type, patch, opts),
    delete: (gvr, namespace, name, opts) => client.delete(gvr, namespace, name, opts),
    createSubresource: (gvr, namespace, name, sub, body) => client.createSubresource(gvr, namespace, name, sub, body),
    raw: (method, path, body, headers) => client.raw(method, path, body, headers),
  };
}
