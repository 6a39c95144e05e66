/**
 * Discovery of the groups extension API servers serve (upstream's
 * discoveryManager and apisHandler):
 *
 * - legacy: every remote APIService's group is listed in /apis (available
 *   or not, by groupPriorityMinimum and versionPriority), and /apis/<group>
 *   is answered here; /apis/<group>/<version> itself is proxied, so a down
 *   backend makes it a 503 and clients report the group as failed.
 * - aggregated (apidiscovery.k8s.io/v2): each APIService's version is read
 *   from its backend through the proxy (its /apis in v2, else the legacy
 *   /apis/<group>/<version>) when the APIService changes and every minute;
 *   a version that could not be read is listed without resources and with
 *   freshness Stale, as upstream 1.35 does.
 */
import type { Clock } from "../../util/clock.js";
import type { DiscoveryGroupSource } from "../discovery/discovery.js";
import { sortedByGroupAndVersion, type APIService } from "./apiservice-helpers.js";

export const DISCOVERY_REFRESH_MS = 60_000;
const V2_ACCEPT = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

export type { DiscoveryGroupSource };

export interface FetchedResponse {
  status: number;
  contentType: string;
  body: Buffer;
}

export interface RemoteDiscoveryDeps {
  clock: Clock;
  /** Remote APIServices (with a service), from the informer. */
  apiServices(): APIService[];
  /** GET path on the APIService's backend, through the proxy, as system:kube-aggregator. */
  fetch(svc: APIService, path: string, accept: string): Promise<FetchedResponse>;
}

interface VersionEntry {
  version: string;
  resources?: unknown[];
  freshness: "Current" | "Stale";
}

interface ServiceFetch {
  startedAt: number;
  result: Promise<Map<string, VersionEntry> | undefined>;
}

export class RemoteDiscovery implements DiscoveryGroupSource {
  private readonly entries = new Map<string, VersionEntry>();
  private readonly dirtyAt = new Map<string, number>();
  private readonly byService = new Map<string, ServiceFetch>();
  private readonly pending = new Set<string>();
  private running = false;
  /** Orders dirty marks and fetches (a clock may stand still). */
  private tick = 0;

  constructor(private readonly deps: RemoteDiscoveryDeps) {}

  /** The APIService changed (or the minute passed): read its backend again. */
  markDirty(name: string): void {
    this.dirtyAt.set(name, ++this.tick);
    this.pending.add(name);
    void this.drain();
  }

  forget(name: string): void {
    this.entries.delete(name);
    this.dirtyAt.delete(name);
  }

  /** Re-reads every backend each minute until signal aborts. */
  run(signal: AbortSignal): void {
    const timer = this.deps.clock.setInterval(() => {
      for (const svc of this.deps.apiServices()) this.markDirty(svc.metadata.name!);
    }, DISCOVERY_REFRESH_MS);
    signal.addEventListener("abort", () => timer.cancel(), { once: true });
  }

  /** Resolves once no sync is pending (for tests and start-up). */
  async settled(): Promise<void> {
    while (this.pending.size || this.running) await new Promise((r) => setImmediate(r));
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.pending.size) {
        const names = [...this.pending];
        this.pending.clear();
        await Promise.all(names.map((n) => this.sync(n)));
      }
    } finally {
      this.running = false;
    }
  }

  private async sync(name: string): Promise<void> {
    const svc = this.deps.apiServices().find((s) => s.metadata.name === name);
    if (!svc) {
      this.forget(name);
      return;
    }
    const group = svc.spec?.group ?? "";
    const version = svc.spec?.version ?? "";
    const ref = svc.spec!.service!;
    const key = `${ref.namespace}/${ref.name}:${ref.port ?? 443}`;
    const dirtyAt = this.dirtyAt.get(name) ?? 0;
    let fetch = this.byService.get(key);
    if (!fetch || fetch.startedAt < dirtyAt) {
      fetch = { startedAt: ++this.tick, result: this.fetchAll(svc).catch(() => undefined) };
      this.byService.set(key, fetch);
    }
    let found = (await fetch.result)?.get(`${group}/${version}`);
    if (!found) {
      // The backend has no aggregated document with this version: read the legacy list.
      found = await this.fetchLegacy(svc).catch(() => undefined);
    }
    if (!this.deps.apiServices().some((s) => s.metadata.name === name)) return;
    this.entries.set(name, found ?? { version, freshness: "Stale" });
  }

  private async fetchAll(svc: APIService): Promise<Map<string, VersionEntry> | undefined> {
    const res = await this.deps.fetch(svc, "/apis", V2_ACCEPT);
    if (res.status !== 200 || !/apidiscovery\.k8s\.io/.test(res.contentType)) return undefined;
    const doc = JSON.parse(res.body.toString("utf8")) as { items?: { metadata?: { name?: string }; versions?: { version: string; resources?: Record<string, unknown>[] }[] }[] };
    const out = new Map<string, VersionEntry>();
    for (const g of doc.items ?? []) {
      for (const v of g.versions ?? []) {
        const resources = (v.resources ?? []).map((r) => ({ ...r, responseKind: r.responseKind ?? {} }));
        out.set(`${g.metadata?.name ?? ""}/${v.version}`, { version: v.version, ...(resources.length ? { resources } : {}), freshness: "Current" });
      }
    }
    return out;
  }

  private async fetchLegacy(svc: APIService): Promise<VersionEntry | undefined> {
    const version = svc.spec?.version ?? "";
    const res = await this.deps.fetch(svc, `/apis/${svc.spec?.group ?? ""}/${version}`, "application/json");
    if (res.status !== 200) return undefined;
    const list = JSON.parse(res.body.toString("utf8")) as { resources?: LegacyResource[] };
    const resources = legacyToAggregated(list.resources ?? []);
    return { version, ...(resources.length ? { resources } : {}), freshness: "Current" };
  }

  apiGroups(): Record<string, unknown>[] {
    return sortedByGroupAndVersion(this.deps.apiServices()).map((services) => {
      const versions = services.map((s) => ({ groupVersion: `${s.spec?.group}/${s.spec?.version}`, version: s.spec?.version ?? "" }));
      return { name: services[0].spec?.group ?? "", versions, preferredVersion: versions[0] };
    });
  }

  /** The APIGroup document for /apis/<group>, when remote APIServices serve it. */
  apiGroup(group: string): Record<string, unknown> | undefined {
    return this.apiGroups().find((g) => g.name === group);
  }

  aggregatedGroups(): Record<string, unknown>[] {
    return sortedByGroupAndVersion(this.deps.apiServices()).map((services) => ({
      metadata: { name: services[0].spec?.group ?? "", creationTimestamp: null },
      versions: services.map((s) => this.entries.get(s.metadata.name!) ?? { version: s.spec?.version ?? "", freshness: "Stale" }),
    }));
  }
}

interface LegacyResource {
  name: string;
  singularName?: string;
  namespaced?: boolean;
  group?: string;
  version?: string;
  kind?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
}

/** Upstream's ConvertGroupVersionIntoToDiscovery: an APIResourceList's entries as aggregated resources. */
export function legacyToAggregated(list: LegacyResource[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const parents = new Map<string, Record<string, unknown>>();
  for (const r of list) {
    if (r.name.includes("/")) continue;
    const entry: Record<string, unknown> = {
      resource: r.name,
      responseKind: { group: r.group ?? "", version: r.version ?? "", kind: r.kind ?? "" },
      scope: r.namespaced ? "Namespaced" : "Cluster",
      ...(r.singularName ? { singularResource: r.singularName } : {}),
      verbs: r.verbs ?? [],
      ...(r.shortNames?.length ? { shortNames: r.shortNames } : {}),
      ...(r.categories?.length ? { categories: r.categories } : {}),
    };
    out.push(entry);
    parents.set(r.name, entry);
  }
  for (const r of list) {
    const slash = r.name.indexOf("/");
    if (slash < 0) continue;
    const parent = parents.get(r.name.slice(0, slash));
    if (!parent) continue;
    const sub = { subresource: r.name.slice(slash + 1), ...(r.kind ? { responseKind: { group: r.group ?? "", version: r.version ?? "", kind: r.kind } } : {}), verbs: r.verbs ?? [] };
    parent.subresources = [...((parent.subresources as unknown[]) ?? []), sub];
  }
  return out;
}
