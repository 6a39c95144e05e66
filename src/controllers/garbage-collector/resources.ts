/**
 * The resources the garbage collector watches: every built-in resource it
 * can list, watch and delete, as upstream's collector watches every
 * deletable resource that discovery lists. These are always watched;
 * discovery (discovery.ts) adds the others, custom resources among them.
 */
import type { ResourceDefinition } from "../../api/index.js";
import { BUILTIN_MONITORED_RESOURCES } from "./builtin-monitored.js";
import type { GVR } from "../../client/types.js";

export interface MonitoredResource {
  gvr: GVR;
  kind: string;
  namespaced: boolean;
}

const DEFAULT_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

/**
 * Upstream's collector watches through metadata-only informers. Skiff's
 * informers hold whole objects, so Events (the most numerous, and never
 * owners or owned in practice) are left out to keep a large cluster's
 * memory down.
 */
const UNMONITORED = new Set(["/events", "events.k8s.io/events"]);

export function isUnmonitored(group: string, resource: string): boolean {
  return UNMONITORED.has(`${group}/${resource}`);
}

/** How the collector names a resource whatever its version: "apps/deployments", "/pods". */
export function resourceId(r: MonitoredResource): string {
  return `${r.gvr.group}/${r.gvr.resource}`;
}

/**
 * The preferred version (the first listed) of each resource whose verbs
 * include list, watch and delete: an object of any kind may be deleted in
 * the foreground, and only a watched kind gets its finalizer removed.
 */
export function deletableResources(defs: readonly ResourceDefinition<any>[]): MonitoredResource[] {
  const seen = new Set<string>();
  const out: MonitoredResource[] = [];
  for (const d of defs) {
    const key = `${d.group}/${d.plural}`;
    if (seen.has(key) || isUnmonitored(d.group, d.plural)) continue;
    seen.add(key);
    const verbs = d.verbs ?? DEFAULT_VERBS;
    if (!["list", "watch", "delete"].every((v) => verbs.includes(v))) continue;
    out.push({ gvr: { group: d.group, version: d.version, resource: d.plural }, kind: d.kind, namespaced: d.namespaced });
  }
  return out;
}

export const DEFAULT_MONITORED_RESOURCES: readonly MonitoredResource[] = BUILTIN_MONITORED_RESOURCES;

/** "apps/v1" → "apps"; "v1" → "". */
export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf("/");
  return i < 0 ? "" : apiVersion.slice(0, i);
}

/** Finds the monitored resource of an ownerReference's apiVersion and kind (any version of the group). */
export function resourceForKind(resources: readonly MonitoredResource[], apiVersion: string, kind: string): MonitoredResource | undefined {
  const group = groupOf(apiVersion);
  return resources.find((m) => m.kind === kind && m.gvr.group === group);
}
