/**
 * The change-tracked state behind every node's tables: one pair of trackers
 * (shared by all the sim nodes of a process), the rules of each service
 * port rendered once and reused by every node when they cannot differ
 * between nodes (no Local traffic policy, no topology hints, no LoadBalancer
 * source ranges), and rendered per node, on demand, when they can.
 *
 * Example:
 *   const rules = new ProxyRules({ clusterCIDR: "10.244.0.0/16" });
 *   rules.services.update(undefined, svc); rules.endpoints.update(slice, false);
 *   const { changed } = rules.checkout();
 *   const tables = rules.tables({ nodeName: "node-1" });
 */
import { dependsOnNode } from "./categorize.js";
import { EndpointsChangeTracker, ServiceChangeTracker } from "./change-tracker.js";
import type { EndpointInfo } from "./endpoints.js";
import { resolveNodeConfig, type ProxyNodeConfig, type ResolvedNodeConfig } from "./iptables/node-config.js";
import { renderServicePort, type ServicePortRules } from "./iptables/service-rules.js";
import { buildTables, type NodeTables } from "./iptables/tables.js";
import { LARGE_CLUSTER_ENDPOINTS } from "./render.js";
import { servicePortKey } from "./service-ports.js";

/** What varies between the nodes of one cluster; the rest of ProxyNodeConfig is the cluster's. */
export interface NodeSpecifics {
  readonly nodeName: string;
  readonly nodeIPs?: readonly string[];
  readonly nodeLabels?: Readonly<Record<string, string>>;
}

export type ClusterProxyConfig = Omit<ProxyNodeConfig, "nodeName" | "nodeIPs" | "nodeLabels">;

interface ServiceEntry {
  /** Bumped whenever the Service's ports or endpoints change. */
  version: number;
  nodeDependent: boolean;
  /** Rules of its ports for any node, when they do not depend on the node. */
  shared?: ServicePortRules[];
}

export interface Checkout {
  /** Services whose ports or endpoints changed since the last checkout. */
  changed: Set<string>;
  /** Every node's rules must be rewritten (large cluster mode switched). */
  all: boolean;
}

/** One node's renderings of the Services whose rules depend on the node. */
export type NodeRulesCache = Map<string, { version: number; epoch: number; rules: ServicePortRules[] }>;

const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export class ProxyRules {
  readonly services: ServiceChangeTracker;
  readonly endpoints: EndpointsChangeTracker;
  private readonly cluster: ClusterProxyConfig;
  private readonly entries = new Map<string, ServiceEntry>();
  private sortedKeys: string[] | undefined = [];
  private totalEndpoints = 0;
  private large = false;
  /** Bumped when every rendering is stale (large cluster mode switched). */
  epoch = 0;

  constructor(cluster: ClusterProxyConfig = {}) {
    this.cluster = cluster;
    const family = cluster.ipFamily ?? "IPv4";
    this.services = new ServiceChangeTracker(family);
    this.endpoints = new EndpointsChangeTracker(family);
  }

  get largeClusterMode(): boolean {
    return this.large;
  }

  get endpointCount(): number {
    return this.totalEndpoints;
  }

  get serviceCount(): number {
    return this.entries.size;
  }

  /** Applies pending changes of both trackers. */
  checkout(): Checkout {
    const changed = this.services.checkout();
    for (const k of this.endpoints.checkout()) changed.add(k);
    for (const key of changed) {
      this.totalEndpoints -= this.counted.get(key) ?? 0;
      this.counted.delete(key);
      const ports = this.services.applied.get(key);
      if (!ports) {
        if (this.entries.delete(key)) this.sortedKeys = undefined;
        continue;
      }
      let entry = this.entries.get(key);
      if (!entry) {
        this.entries.set(key, (entry = { version: 0, nodeDependent: false }));
        this.sortedKeys = undefined;
      }
      entry.version++;
      entry.shared = undefined;
      entry.nodeDependent = ports.some((p) => dependsOnNode(p, this.portEndpoints(key, p.name, p.protocol)));
      let n = 0;
      for (const p of ports) n += this.portEndpoints(key, p.name, p.protocol).length;
      this.counted.set(key, n);
      this.totalEndpoints += n;
    }
    const large = this.totalEndpoints > LARGE_CLUSTER_ENDPOINTS;
    let all = false;
    if (large !== this.large) {
      this.large = large;
      this.epoch++;
      for (const e of this.entries.values()) e.shared = undefined;
      all = true;
    }
    return { changed, all };
  }

  /** The endpoints each Service's ports have (upstream counts them for large cluster mode), kept so checkout stays O(changes). */
  private readonly counted = new Map<string, number>();

  private portEndpoints(key: string, name: string, protocol: string): readonly EndpointInfo[] {
    return this.endpoints.applied.get(key)?.get(servicePortKey(name, protocol)) ?? [];
  }

  /** Service keys in the order their lines go into the shared chains. */
  serviceKeys(): readonly string[] {
    if (!this.sortedKeys) this.sortedKeys = [...this.entries.keys()].sort(byKey);
    return this.sortedKeys;
  }

  version(key: string): number {
    return this.entries.get(key)?.version ?? -1;
  }

  resolve(node: NodeSpecifics): ResolvedNodeConfig {
    return resolveNodeConfig({ ...this.cluster, ...node });
  }

  /**
   * The rules of a Service's ports on a node: shared between nodes when they
   * cannot differ, else rendered for the node (and kept in its cache, if given).
   */
  serviceRules(key: string, node: ResolvedNodeConfig, cache?: NodeRulesCache): ServicePortRules[] {
    const entry = this.entries.get(key);
    if (!entry) return [];
    if (!entry.nodeDependent && entry.shared) return entry.shared;
    const cached = entry.nodeDependent ? cache?.get(key) : undefined;
    if (cached && cached.version === entry.version && cached.epoch === this.epoch) return cached.rules;
    const ports = this.services.applied.get(key) ?? [];
    const rules = ports.map((p) => renderServicePort(p, this.portEndpoints(key, p.name, p.protocol), node, this.large));
    if (!entry.nodeDependent) entry.shared = rules;
    else cache?.set(key, { version: entry.version, epoch: this.epoch, rules });
    return rules;
  }

  /** A node's tables from the current state. */
  tables(node: NodeSpecifics | ResolvedNodeConfig, cache?: NodeRulesCache): NodeTables {
    const resolved = "masqueradeMark" in node ? node : this.resolve(node);
    const keys = this.serviceKeys();
    const self = this;
    function* all(): Generator<ServicePortRules> {
      for (const k of keys) yield* self.serviceRules(k, resolved, cache);
    }
    if (cache) for (const k of cache.keys()) if (!this.entries.has(k)) cache.delete(k);
    return buildTables(all(), resolved);
  }
}
