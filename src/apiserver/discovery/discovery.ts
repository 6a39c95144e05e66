/**
 * API discovery built from the ResourceDefinitions: the legacy documents
 * (/api, /apis, /apis/<g>, /api/v1 and /apis/<g>/<v> APIResourceLists) and
 * the aggregated apidiscovery.k8s.io/v2 lists kubectl 1.35 asks for first.
 */
import { canonicalMetaDocument } from "../encoding/canonical.js";
import type { ResourceDefinition } from "../../api/types.js";
import { compareKubeAwareVersions } from "../aggregation/apiservice-helpers.js";

/** Groups served elsewhere (extension API servers behind APIServices), listed after the server's own. */
export interface DiscoveryGroupSource {
  /** APIGroup entries for /apis. */
  apiGroups(): Record<string, unknown>[];
  /** APIGroupDiscovery items for the aggregated /apis. */
  aggregatedGroups(): Record<string, unknown>[];
}

const ALL_VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const SUB_VERBS = ["get", "patch", "update"];

interface GroupVersions {
  name: string;
  versions: Map<string, ResourceDefinition[]>;
  /** Added while serving (custom resources), not built in. */
  dynamic?: boolean;
}

interface SubresourceEntry {
  name: string;
  group: string;
  version: string;
  kind: string;
  verbs: string[];
}

export class Discovery {
  private readonly groups: GroupVersions[] = [];
  private readonly cache = new Map<string, string>();

  constructor(
    resources: ResourceDefinition[],
    private readonly serverAddress: () => string,
    private readonly extraGroups?: DiscoveryGroupSource,
  ) {
    for (const def of resources) {
      let g = this.groups.find((x) => x.name === def.group);
      if (!g) this.groups.push((g = { name: def.group, versions: new Map() }));
      const list = g.versions.get(def.version) ?? [];
      list.push(def);
      g.versions.set(def.version, list);
    }
  }

  /**
   * Serves a resource from now on (a custom resource version). Groups added
   * this way come after the built-in ones; their versions in upstream's
   * kube-aware order, the preferred first.
   */
  addResource(def: ResourceDefinition): void {
    let g = this.groups.find((x) => x.name === def.group);
    if (!g) this.groups.push((g = { name: def.group, versions: new Map(), dynamic: true }));
    const list = (g.versions.get(def.version) ?? []).filter((d) => d.plural !== def.plural);
    list.push(def);
    list.sort((a, b) => (a.plural < b.plural ? -1 : a.plural > b.plural ? 1 : 0));
    g.versions.set(def.version, list);
    if (g.dynamic) g.versions = new Map([...g.versions.entries()].sort(([a], [b]) => compareKubeAwareVersions(b, a)));
    this.cache.clear();
  }

  /** Stops listing a resource; its version and group go when nothing is left in them. */
  removeResource(group: string, version: string, plural: string): void {
    const g = this.groups.find((x) => x.name === group);
    const list = g?.versions.get(version);
    if (!g || !list) return;
    const rest = list.filter((d) => d.plural !== plural);
    if (rest.length) g.versions.set(version, rest);
    else g.versions.delete(version);
    if (!g.versions.size) this.groups.splice(this.groups.indexOf(g), 1);
    this.cache.clear();
  }

  private memo(key: string, build: () => unknown): string {
    let v = this.cache.get(key);
    if (v === undefined) this.cache.set(key, (v = JSON.stringify(canonicalMetaDocument(build() as object))));
    return v;
  }

  /** GET /api */
  apiVersions(): string {
    return JSON.stringify({ kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: this.serverAddress() }] });
  }

  /** GET /apis */
  apiGroupList(): string {
    const own = this.memo("apis", () => ({ kind: "APIGroupList", apiVersion: "v1", groups: this.groups.filter((g) => g.name).map((g) => this.apiGroup(g)) }));
    return withExtraItems(own, "groups", this.extraGroups?.apiGroups());
  }

  /** GET /apis/<group>, or undefined when unknown. */
  apiGroupDoc(group: string): string | undefined {
    const g = this.groups.find((x) => x.name === group && group);
    return g ? this.memo(`g:${group}`, () => ({ kind: "APIGroup", apiVersion: "v1", ...this.apiGroup(g) })) : undefined;
  }

  /** GET /api/v1 or /apis/<group>/<version>, or undefined when unknown. */
  resourceList(group: string, version: string): string | undefined {
    const defs = this.groups.find((x) => x.name === group)?.versions.get(version);
    if (!defs) return undefined;
    return this.memo(`r:${group}/${version}`, () => ({
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: group ? `${group}/${version}` : version,
      resources: defs.flatMap((d) => [
        {
          name: d.plural,
          singularName: d.singular,
          namespaced: d.namespaced,
          kind: d.kind,
          verbs: d.verbs ?? ALL_VERBS,
          ...(d.shortNames?.length ? { shortNames: d.shortNames } : {}),
          ...(d.categories?.length ? { categories: d.categories } : {}),
          storageVersionHash: storageVersionHash(d),
        },
        ...subresourcesOf(d).map((s) => ({ name: `${d.plural}/${s.name}`, singularName: "", namespaced: d.namespaced, ...(s.group !== d.group || s.version !== d.version ? { group: s.group, version: s.version } : {}), kind: s.kind, verbs: s.verbs })),
      ]),
    }));
  }

  /** The aggregated v2 list: core alone for /api, every other group for /apis. */
  aggregated(core: boolean): string {
    const own = this.memo(core ? "agg:api" : "agg:apis", () => ({
      kind: "APIGroupDiscoveryList",
      apiVersion: "apidiscovery.k8s.io/v2",
      metadata: {},
      items: this.groups
        .filter((g) => (core ? g.name === "" : g.name !== ""))
        .map((g) => ({
          metadata: { name: g.name, creationTimestamp: null },
          versions: [...g.versions.entries()].map(([version, defs]) => ({
            version,
            resources: defs.map((d) => ({
              resource: d.plural,
              responseKind: { group: d.group, version: d.version, kind: d.kind },
              scope: d.namespaced ? "Namespaced" : "Cluster",
              singularResource: d.singular,
              verbs: d.verbs ?? ALL_VERBS,
              ...(d.shortNames?.length ? { shortNames: d.shortNames } : {}),
              ...(d.categories?.length ? { categories: d.categories } : {}),
              ...(subresourcesOf(d).length
                ? { subresources: subresourcesOf(d).map((s) => ({ subresource: s.name, responseKind: { group: s.group, version: s.version, kind: s.kind }, verbs: s.verbs })) }
                : {}),
            })),
            freshness: "Current",
          })),
        })),
    }));
    return core ? own : withExtraItems(own, "items", this.extraGroups?.aggregatedGroups());
  }

  private apiGroup(g: GroupVersions): Record<string, unknown> {
    const versions = [...g.versions.keys()].map((v) => ({ groupVersion: `${g.name}/${v}`, version: v }));
    return { name: g.name, versions, preferredVersion: versions[0] };
  }
}

/** A memoized document with extra entries appended to one of its lists. */
function withExtraItems(doc: string, key: string, extra: Record<string, unknown>[] | undefined): string {
  if (!extra?.length) return doc;
  const parsed = JSON.parse(doc) as Record<string, unknown[]>;
  const own = new Set(parsed[key].map((g) => (g as { name?: string; metadata?: { name?: string } }).name ?? (g as { metadata?: { name?: string } }).metadata?.name));
  parsed[key] = [...parsed[key], ...extra.filter((g) => !own.has((g.name as string | undefined) ?? (g.metadata as { name?: string } | undefined)?.name))];
  return JSON.stringify(parsed);
}

export function subresourcesOf(d: ResourceDefinition): SubresourceEntry[] {
  const out: SubresourceEntry[] = [];
  if (d.hasStatus) out.push({ name: "status", group: d.group, version: d.version, kind: d.kind, verbs: SUB_VERBS });
  if (d.scale) out.push({ name: "scale", group: "autoscaling", version: "v1", kind: "Scale", verbs: SUB_VERBS });
  for (const [name, s] of Object.entries(d.subresources ?? {})) {
    out.push({ name, group: s.group ?? d.group, version: s.version ?? d.version, kind: s.kind, verbs: s.verbs });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A stable 8-byte hash of the storage identity, as upstream publishes (base64). */
function storageVersionHash(d: ResourceDefinition): string {
  let h = 0xcbf29ce484222325n;
  for (const ch of `${d.group}/${d.version}/${d.kind}`) {
    h ^= BigInt(ch.charCodeAt(0));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(h);
  return buf.toString("base64");
}
