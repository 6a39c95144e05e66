/**
 * Finding every namespaced resource that can be listed and deleted, through
 * the discovery endpoints (/api, /api/v1, /apis, /apis/<g>/<v>), as
 * client-go's ServerPreferredNamespacedResources. Group versions that fail
 * are reported the way client-go's ErrGroupDiscoveryFailed prints them,
 * while the ones that answered are still used.
 */
import type { Client, GVR } from "../../client/types.js";

export interface DiscoveredResource {
  gvr: GVR;
  verbs: string[];
}

export interface DiscoveryResult {
  resources: DiscoveredResource[];
  /** "metrics.k8s.io/v1beta1" → why it failed. */
  failed: Map<string, string>;
}

interface APIResource {
  name: string;
  namespaced: boolean;
  verbs?: string[];
}

/** client-go's ErrGroupDiscoveryFailed.Error(). */
export function discoveryErrorMessage(failed: Map<string, string>): string {
  const parts = [...failed].map(([gv, why]) => `${gv}: ${why}`).sort();
  return `unable to retrieve the complete list of server APIs: ${parts.join(", ")}`;
}

/** The message client-go gives a failed request: the Status message, or the standard one for its code. */
export function responseError(status: number, body: Buffer): string {
  try {
    const s = JSON.parse(body.toString("utf8")) as { kind?: string; message?: string };
    if (s.kind === "Status" && s.message) return s.message;
  } catch {
    // Not JSON: fall through to the code's standard message.
  }
  if (status === 503) return "the server is currently unable to handle the request";
  if (status === 404) return "the server could not find the requested resource";
  if (status === 403) return "forbidden";
  return `an error on the server ("${body.toString("utf8").slice(0, 200)}") has prevented the request from succeeding`;
}

async function getJson<T>(client: Client, path: string): Promise<T> {
  const res = await client.raw("GET", path);
  if (res.status !== 200) throw new Error(responseError(res.status, res.body));
  return JSON.parse(res.body.toString("utf8")) as T;
}

export async function discoverNamespacedResources(client: Client): Promise<DiscoveryResult> {
  const failed = new Map<string, string>();
  const groupVersions: { group: string; version: string; path: string; preferred: boolean }[] = [];
  const core = await getJson<{ versions: string[] }>(client, "/api");
  for (const v of core.versions ?? []) groupVersions.push({ group: "", version: v, path: `/api/${v}`, preferred: true });
  const groups = await getJson<{ groups: { name: string; versions: { groupVersion: string; version: string }[]; preferredVersion?: { version: string } }[] }>(client, "/apis");
  for (const g of groups.groups ?? []) {
    for (const v of g.versions ?? []) {
      groupVersions.push({ group: g.name, version: v.version, path: `/apis/${v.groupVersion}`, preferred: g.preferredVersion?.version === v.version });
    }
  }
  // Preferred versions first, so a resource served by several versions is used in its preferred one.
  groupVersions.sort((a, b) => Number(b.preferred) - Number(a.preferred));
  const lists = await Promise.all(
    groupVersions.map(async (gv) => {
      try {
        return { gv, list: await getJson<{ resources?: APIResource[] }>(client, gv.path) };
      } catch (err) {
        failed.set(gv.group ? `${gv.group}/${gv.version}` : gv.version, (err as Error).message);
        return undefined;
      }
    }),
  );
  const seen = new Set<string>();
  const resources: DiscoveredResource[] = [];
  for (const entry of lists) {
    if (!entry) continue;
    for (const r of entry.list.resources ?? []) {
      if (!r.namespaced || r.name.includes("/")) continue;
      const id = `${entry.gv.group}/${r.name}`;
      if (seen.has(id)) continue;
      seen.add(id);
      resources.push({ gvr: { group: entry.gv.group, version: entry.gv.version, resource: r.name }, verbs: r.verbs ?? [] });
    }
  }
  return { resources, failed };
}
