/**
 * apiVersion/kind -> resource through API discovery, as the controller
 * manager's deferred discovery REST mapper: a group's discovery is cached
 * and read again after 30 s (the manager resets it that often), or at once
 * when a kind is not found in a cache that is not fresh. Also answers
 * which group/version/kind a resource's scale subresource speaks.
 */
import { errorFromResponse } from "../../client/index.js";
import type { Client, GVR } from "../../client/types.js";
import type { Clock } from "../../util/clock.js";

/** How long discovery is trusted (the controller manager resets its mapper every 30 s). */
export const MAPPER_RESET_MS = 30_000;

interface APIResource {
  name: string;
  kind: string;
  group?: string;
  version?: string;
}

interface GroupDiscovery {
  fetchedAt: number;
  /** Preferred version first. */
  versions: { version: string; resources: APIResource[] }[];
}

export interface RestMapping {
  gvr: GVR;
  kind: string;
}

export interface RestMapper {
  /** Every version's mapping of group/kind, the preferred first; throws "no matches for kind ...". */
  mappings(group: string, kind: string): Promise<RestMapping[]>;
  /** The resource in its group's preferred version; throws as mappings(). */
  preferredResource(group: string, resource: string): Promise<GVR>;
  /** The group/version/kind of gvr's scale subresource; throws upstream's discovery wording. */
  scaleKind(gvr: GVR): Promise<{ apiVersion: string; kind: string }>;
}

export function createRestMapper(client: Client, clock: Clock): RestMapper {
  const cache = new Map<string, GroupDiscovery>();

  async function discover(group: string, refresh = false): Promise<GroupDiscovery> {
    const cached = cache.get(group);
    if (cached && !refresh && clock.now() - cached.fetchedAt < MAPPER_RESET_MS) return cached;
    const fetchedAt = clock.now();
    let versions: string[] = [];
    if (!group) {
      versions = (await getJson<{ versions?: string[] }>(client, "/api")).versions ?? [];
    } else {
      const groups = await getJson<{ groups?: { name: string; versions?: { version: string }[]; preferredVersion?: { version: string } }[] }>(client, "/apis");
      const g = groups.groups?.find((x) => x.name === group);
      const all = (g?.versions ?? []).map((v) => v.version);
      const preferred = g?.preferredVersion?.version;
      versions = preferred ? [preferred, ...all.filter((v) => v !== preferred)] : all;
    }
    const lists = await Promise.all(
      versions.map(async (version) => ({ version, resources: (await getJson<{ resources?: APIResource[] }>(client, group ? `/apis/${group}/${version}` : `/api/${version}`)).resources ?? [] })),
    );
    const entry = { fetchedAt, versions: lists };
    cache.set(group, entry);
    return entry;
  }

  /** Looks in the cache, then once more in fresh discovery when the cache was not just read. */
  async function lookup<T>(group: string, find: (d: GroupDiscovery) => T | undefined): Promise<T | undefined> {
    const before = cache.get(group);
    const d = await discover(group);
    const hit = find(d);
    // A miss in what was just read is final; a miss in the cache may be a resource added since.
    if (hit !== undefined || d !== before) return hit;
    return find(await discover(group, true));
  }

  return {
    async mappings(group, kind) {
      const found = await lookup(group, (d) => {
        const out: RestMapping[] = [];
        for (const v of d.versions) {
          const r = v.resources.find((x) => !x.name.includes("/") && x.kind === kind);
          if (r) out.push({ gvr: { group, version: v.version, resource: r.name }, kind });
        }
        return out.length ? out : undefined;
      });
      if (!found) throw new Error(`no matches for kind "${kind}" in group "${group}"`);
      return found;
    },
    async preferredResource(group, resource) {
      const found = await lookup(group, (d) => {
        for (const v of d.versions) if (v.resources.some((x) => x.name === resource)) return { group, version: v.version, resource };
        return undefined;
      });
      if (!found) throw new Error(`no matches for ${group ? `${group}/` : "/"}, Resource=${resource}`);
      return found;
    },
    async scaleKind(gvr) {
      const d = await discover(gvr.group);
      const sub = d.versions.find((v) => v.version === gvr.version)?.resources.find((x) => x.name === `${gvr.resource}/scale`);
      if (!sub) throw new Error(`could not find scale subresource for ${gvrString(gvr)} in discovery information`);
      const group = sub.group || sub.version ? (sub.group ?? "") : gvr.group;
      const version = sub.group || sub.version ? (sub.version ?? "") : gvr.version;
      return { apiVersion: group ? `${group}/${version}` : version, kind: sub.kind };
    },
  };
}

/** schema.GroupVersionResource's String(): "apps/v1, Resource=deployments". */
export function gvrString(gvr: GVR): string {
  return `${gvr.group}/${gvr.version}, Resource=${gvr.resource}`;
}

async function getJson<T>(client: Client, path: string): Promise<T> {
  const res = await client.raw("GET", path);
  if (res.status !== 200) throw errorFromResponse(res.status, res.body, "GET");
  return JSON.parse(res.body.toString("utf8")) as T;
}
