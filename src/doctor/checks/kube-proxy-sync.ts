/**
 * kube-proxy's rule syncs (S10): how long they take
 * (kubeproxy_sync_proxy_rules_duration_seconds), whether partial syncs cost
 * as much as full ones (the cost should follow what changed), and a sync
 * queued but not done. Read from each kube-proxy's /metrics: through the
 * node proxy (http:NODE:10249) on any cluster, for a few nodes, or on a
 * local Skiff cluster from its shared kube-proxy's endpoint.
 */
import type { KubeObject } from "../../api/types.js";
import { NODES } from "../../client/resources.js";
import { conditionOf } from "../evidence.js";
import { parseMetrics, sample, type MetricSample } from "../metrics-text.js";
import type { Check, EvidenceStep, Finding } from "../types.js";

/** A mean sync above this is slow (upstream's large clusters aim well under a second). */
export const SLOW_SYNC_SECONDS = 1;
/** A sync queued this long ago and not done: kube-proxy is stuck or starved. */
export const STALE_QUEUE_SECONDS = 120;
/** Nodes whose kube-proxy is asked through the node proxy. */
export const PROXY_SAMPLE_NODES = 3;
export const KUBE_PROXY_METRICS_PORT = 10249;

interface Sync {
  count: number;
  mean: number;
  /** The upper bound of the bucket holding the 90th percentile. */
  p90: number;
}

export function syncStats(samples: MetricSample[], name: string): Sync | undefined {
  const count = sample(samples, `${name}_count`);
  const sum = sample(samples, `${name}_sum`);
  if (!count || sum === undefined) return undefined;
  const buckets = samples.filter((s) => s.name === `${name}_bucket`).map((s) => ({ le: Number(s.labels.le === "+Inf" ? Infinity : s.labels.le), n: s.value })).sort((a, b) => a.le - b.le);
  const p90 = buckets.find((b) => b.n >= 0.9 * count)?.le ?? Infinity;
  return { count, mean: sum / count, p90 };
}

const fmt = (s: number) => (s === Infinity ? "+Inf" : s < 1 ? `${Math.round(s * 1000)}ms` : `${s.toFixed(1)}s`);

/** What one kube-proxy's metrics say is wrong, as evidence; empty when nothing is. */
export function diagnoseSyncs(where: string, text: string, now: number): { steps: EvidenceStep[]; slow: boolean; stale: boolean } {
  const samples = parseMetrics(text);
  const all = syncStats(samples, "kubeproxy_sync_proxy_rules_duration_seconds");
  const full = syncStats(samples, "kubeproxy_sync_full_proxy_rules_duration_seconds");
  const partial = syncStats(samples, "kubeproxy_sync_partial_proxy_rules_duration_seconds");
  const last = sample(samples, "kubeproxy_sync_proxy_rules_last_timestamp_seconds");
  const queued = sample(samples, "kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds");
  const slow = !!all && all.mean > SLOW_SYNC_SECONDS;
  const stale = !!queued && !!last && queued > last && now / 1000 - queued > STALE_QUEUE_SECONDS;
  if (!slow && !stale) return { steps: [], slow, stale };
  const steps: EvidenceStep[] = [];
  if (all) steps.push({ text: `${where}: kubeproxy_sync_proxy_rules_duration_seconds: ${all.count} syncs, mean ${fmt(all.mean)}, 90% under ${fmt(all.p90)}` });
  if (full && partial) {
    steps.push({ text: `full syncs mean ${fmt(full.mean)} (${full.count}), partial syncs mean ${fmt(partial.mean)} (${partial.count})` });
    if (partial.mean > 0.5 * full.mean && partial.count > 0) steps.push({ text: "a partial sync costs about as much as a full one: the cost does not follow what changed (work repeated on every sync, such as enumerating node addresses)" });
  }
  if (stale) steps.push({ text: `a sync was queued ${fmt(now / 1000 - queued!)} ago and none has finished since (last sync ${fmt(now / 1000 - last!)} ago)` });
  return { steps, slow, stale };
}

export const kubeProxySync: Check = {
  name: "kube-proxy-sync",
  description: "kube-proxy rule sync durations (kubeproxy_sync_proxy_rules_duration_seconds from its /metrics) too high, or syncs stuck",
  async run({ view, now }) {
    const sources: Array<{ where: string; text: string }> = [];
    const local = await view.localEndpoint("kube-proxy", "/metrics");
    if (local?.ok) sources.push({ where: "kube-proxy (the local cluster's, all sim nodes)", text: local.body });
    else {
      const nodes = (await view.list<KubeObject>(NODES)).filter((n) => conditionOf(n, "Ready")?.status === "True").slice(0, PROXY_SAMPLE_NODES);
      for (const n of nodes) {
        const r = await view.proxyGet(`/api/v1/nodes/http:${encodeURIComponent(n.metadata.name!)}:${KUBE_PROXY_METRICS_PORT}/proxy/metrics`);
        if (r.ok && r.body.includes("kubeproxy_")) sources.push({ where: `kube-proxy on ${n.metadata.name}`, text: r.body });
      }
    }
    const findings: Finding[] = [];
    for (const s of sources) {
      const d = diagnoseSyncs(s.where, s.text, now);
      if (!d.steps.length) continue;
      findings.push({
        check: "kube-proxy-sync",
        severity: "warning",
        about: { kind: "Component", name: s.where },
        summary: d.stale ? "kube-proxy has a sync queued that does not finish" : "kube-proxy's rule syncs are slow",
        chain: d.steps,
        fix: "profile kube-proxy (its CPU per sync): work repeated on every sync whatever changed (node address enumeration, full rule rewrites) should be cached or made incremental; on large clusters raise --iptables-min-sync-period",
        cause: `KubeProxy/${s.where}`,
      });
    }
    return findings;
  },
};
