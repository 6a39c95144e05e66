/**
 * The kube-proxy component: informers over Services and EndpointSlices feed
 * the change trackers, and a bounded-frequency sync applies what changed.
 *
 * With `apply`, it is one real node's kube-proxy and each sync is one
 * iptables-restore. Without, it serves the sim nodes of a process: one pair
 * of informers and trackers for all of them, each sync checks out changes
 * and renders the changed Services once (for the node-less view its
 * metrics describe), and a node's tables are rendered when asked
 * (tables(node)), reusing every rendering that cannot differ between nodes.
 *
 * Example:
 *   const proxy = createKubeProxy({ client, informers, clock, cluster: { clusterCIDR: "10.244.0.0/16" } });
 *   void proxy.start(signal); await proxy.ready;
 *   const { nat } = proxy.tables({ nodeName: "node-1" });
 */
import type { Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { ENDPOINTSLICES, SERVICES } from "../client/resources.js";
import type { InformerFactory } from "../client/types.js";
import type { KubeObject } from "../api/types.js";
import type { Clock } from "../util/clock.js";
import { IptablesProxier } from "./iptables-proxier.js";
import type { IptablesExec } from "./iptables/restore.js";
import { formatTable } from "./iptables/tables.js";
import { createProxyMetrics, type ProxyMetrics } from "./metrics.js";
import { ProxyRules, type ClusterProxyConfig, type NodeSpecifics } from "./proxy-rules.js";
import { SyncRunner } from "./sync-runner.js";
import { NodeAddresses } from "./node-addresses.js";
import { FAULTS } from "../client/resources.js";
import { slowNodeAddressesMs, type FaultObject } from "../api/chaos/faults.js";

export interface KubeProxyOptions {
  informers: InformerFactory;
  clock: Clock;
  cluster?: ClusterProxyConfig;
  /** A real node: apply its rules with iptables. Absent: sim nodes, rendered on demand. */
  apply?: { node: NodeSpecifics; iptables: IptablesExec };
  /** --iptables-min-sync-period (upstream's default 1s). */
  minSyncPeriodMs?: number;
  /** --iptables-sync-period (30s): retry delay after a failure; healthz allows twice it. */
  syncPeriodMs?: number;
  metrics?: ProxyMetrics;
  log?: (msg: string) => void;
}

export interface ProxyHealth {
  healthy: boolean;
  /** Epoch ms of the last successful sync (0 before the first). */
  lastUpdated: number;
  currentTime: number;
}

export interface KubeProxy {
  readonly name: string;
  readonly rules: ProxyRules;
  readonly metrics: ProxyMetrics;
  /** Resolves after the first sync (informers synced). */
  readonly ready: Promise<void>;
  start(signal: AbortSignal): Promise<void>;
  /** A node's tables in iptables-save format, from the proxy's current state. */
  tables(node: NodeSpecifics): { nat: string; filter: string };
  health(): ProxyHealth;
}

/** A no-op iptables for the sim view: the sync renders, nothing is applied. */
const NO_IPTABLES: IptablesExec = { restore: async () => undefined, save: async () => "" };

export function createKubeProxy(opts: KubeProxyOptions): KubeProxy {
  const { clock } = opts;
  const rules = new ProxyRules(opts.cluster ?? {});
  const metrics = opts.metrics ?? createProxyMetrics();
  const syncPeriodMs = opts.syncPeriodMs ?? 30_000;
  const proxier = new IptablesProxier(rules, opts.apply?.node ?? { nodeName: "" }, opts.apply?.iptables ?? NO_IPTABLES);
  let lastUpdated = 0;
  let oldestQueued = 0;
  let initialized = false;
  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));

  const reportChanges = () =>
    metrics.changes({ pending: rules.services.pendingCount, total: rules.services.changesTotal }, { pending: rules.endpoints.pendingCount, total: rules.endpoints.changesTotal });

  const addresses = new NodeAddresses(clock);
  // Sim view only: a SlowNodeAddresses Fault makes every sync enumerate the node's addresses again.
  const faults = opts.apply ? undefined : opts.informers.forResource<FaultObject>(FAULTS);
  const sync = async () => {
    const start = performance.now();
    let full = true;
    try {
      addresses.get(faults && slowNodeAddressesMs(faults.lister.list()));
      const checkout = rules.checkout();
      const out = await proxier.sync(checkout);
      full = out.full;
      metrics.rules("filter", out.payload.filterRules, out.payload.filterRules);
      metrics.rules("nat", out.natRulesTotal, out.payload.natRulesWritten);
      metrics.noLocalEndpoints(out.noLocalInternal, out.noLocalExternal);
      lastUpdated = clock.now();
      oldestQueued = 0;
      metrics.syncedAt(lastUpdated / 1000);
      markReady();
    } catch (err) {
      metrics.restoreFailed(!full);
      opts.log?.(`Sync failed, retrying in ${syncPeriodMs / 1000}s: ${(err as Error).message}`);
      runner.retryAfter(syncPeriodMs);
    } finally {
      metrics.synced((performance.now() - start) / 1000, full);
      reportChanges();
    }
  };
  const runner = new SyncRunner(clock, opts.minSyncPeriodMs ?? 1000, sync);
  const queue = (pending: boolean) => {
    reportChanges();
    if (!pending || !initialized) return;
    if (!oldestQueued) oldestQueued = clock.now();
    metrics.queuedAt(clock.now() / 1000);
    runner.run();
  };

  return {
    name: "kube-proxy",
    rules,
    metrics,
    ready,
    async start(signal) {
      const services = opts.informers.forResource<KubeObject>(SERVICES);
      const slices = opts.informers.forResource<KubeObject>(ENDPOINTSLICES);
      const svc = (o: KubeObject) => o as unknown as Service;
      const eps = (o: KubeObject) => o as unknown as EndpointSlice;
      services.addEventHandler({
        onAdd: (s) => queue(rules.services.update(undefined, svc(s))),
        onUpdate: (o, s) => queue(rules.services.update(svc(o), svc(s))),
        onDelete: (s) => queue(rules.services.update(svc(s), undefined)),
      });
      slices.addEventHandler({
        onAdd: (s) => queue(rules.endpoints.update(eps(s), false)),
        onUpdate: (_o, s) => queue(rules.endpoints.update(eps(s), false)),
        onDelete: (s) => queue(rules.endpoints.update(eps(s), true)),
      });
      opts.informers.start(signal);
      if (!(await opts.informers.waitForCacheSync(signal))) return;
      // Upstream syncs once both caches are synced, then on changes.
      initialized = true;
      await sync();
      await new Promise<void>((resolve) => {
        if (signal.aborted) return resolve();
        signal.addEventListener("abort", () => resolve(), { once: true });
      });
      runner.stop();
    },
    tables(node) {
      const t = rules.tables(node);
      return { nat: formatTable(t.nat, { builtins: true }), filter: formatTable(t.filter, { builtins: true }) };
    },
    health() {
      const now = clock.now();
      return { healthy: !oldestQueued || now - oldestQueued < 2 * syncPeriodMs, lastUpdated, currentTime: now };
    },
  };
}
