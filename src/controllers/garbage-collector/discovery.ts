/**
 * The resources the collector can watch, from API discovery (upstream's
 * GetDeletableResources over ServerPreferredResources): each group's
 * preferred version, every resource (not subresource) whose verbs include
 * list, watch and delete. Group versions whose discovery fails are reported
 * apart, so the caller keeps what it already watches of them.
 */
import { errorFromResponse } from "../../client/index.js";
import type { Client } from "../../client/types.js";
import { isUnmonitored, type MonitoredResource } from "./resources.js";

export interface DeletableResources {
  resources: MonitoredResource[];
  /** "metrics.k8s.io/v1beta1" → why its discovery failed. */
  failed: Map<string, string>;
}

interface APIResource {
  name: string;
  kind: string;
  namespaced: boolean;
  verbs?: string[];
}

const NEEDED_VERBS = ["list", "watch", "delete"];

export async function discoverDeletableResources(client: Client): Promise<DeletableResources> {
  const groupVersions: { group: string; version: string; path: string }[] = [];
  const core = await getJson<{ versions?: string[] }>(client, "/api");
  if (core.versions?.length) groupVersions.push({ group: "", version: core.versions[0], path: `/api/${core.versions[0]}` });
  const groups = await getJson<{ groups?: { name: string; versions?: { groupVersion: string; version: string }[]; preferredVersion?: { groupVersion: string; version: string } }[] }>(client, "/apis");
  for (const g of groups.groups ?? []) {
    const preferred = g.preferredVersion ?? g.versions?.[0];
    if (preferred) groupVersions.push({ group: g.name, version: preferred.version, path: `/apis/${preferred.groupVersion}` });
  }
  const failed = new Map<string, string>();
  const resources: MonitoredResource[] = [];
  await Promise.all(
    groupVersions.map(async (gv) => {
      let list: { resources?: APIResource[] };
      try {
        list = await getJson(client, gv.path);
      } catch (err) {
        failed.set(gv.group ? `${gv.group}/${gv.version}` : gv.version, (err as Error).message);
        return;
      }
      for (const r of list.resources ?? []) {
        if (r.name.includes("/") || isUnmonitored(gv.group, r.name)) continue;
        if (!NEEDED_VERBS.every((v) => r.verbs?.includes(v))) continue;
        resources.push({ gvr: { group: gv.group, version: gv.version, resource: r.name }, kind: r.kind, namespaced: r.namespaced });
      }
    }),
  );
  return { resources, failed };
}

async function getJson<T>(client: Client, path: string): Promise<T> {
  const res = await client.raw("GET", path);
  if (res.status !== 200) throw errorFromResponse(res.status, res.body, "GET");
  return JSON.parse(res.body.toString("utf8")) as T;
}

/** client-go's ErrGroupDiscoveryFailed text, for the log. */
export function discoveryErrorText(failed: ReadonlyMap<string, string>): string {
  const parts = [...failed].map(([gv, why]) => `${gv}: ${why}`).sort();
  return `failed to discover some groups: unable to retrieve the complete list of server APIs: ${parts.join(", ")}`;
}
