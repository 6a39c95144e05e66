/**
 * kube-proxy's sync on a real node: applies the node's tables with one
 * iptables-restore per sync. A full sync (the first, and after a failure)
 * writes every chain, adds missing jumps from the built-in chains and
 * deletes leftover service chains found by iptables-save; a partial sync
 * writes the shared chains plus the chains of the Services that changed,
 * and deletes the chains those Services no longer use.
 */
import { isServiceChainName } from "./iptables/chain-names.js";
import { chainsInSave, type IptablesExec } from "./iptables/restore.js";
import { missingJumps, restorePayload, type Payload } from "./iptables/restore-payload.js";
import type { ResolvedNodeConfig } from "./iptables/node-config.js";
import type { Checkout, NodeRulesCache, NodeSpecifics, ProxyRules } from "./proxy-rules.js";

export interface SyncOutcome {
  full: boolean;
  payload: Payload;
  /** nat rules the node has after the sync (upstream's iptables_total{table="nat"}). */
  natRulesTotal: number;
  noLocalInternal: number;
  noLocalExternal: number;
}

export class IptablesProxier {
  private needFullSync = true;
  /** Per-service chains on the node, by Service, as of the last successful restore. */
  private written = new Map<string, string[]>();
  private readonly node: ResolvedNodeConfig;
  private readonly cache: NodeRulesCache = new Map();

  constructor(
    private readonly rules: ProxyRules,
    node: NodeSpecifics,
    private readonly iptables: IptablesExec,
  ) {
    this.node = rules.resolve(node);
  }

  /** Forces the next sync to be full (upstream does so when its canary chain disappears). */
  forceFullSync(): void {
    this.needFullSync = true;
  }

  /** Applies a checkout of the shared state; on failure the next sync is full. */
  async sync(checkout: Checkout): Promise<SyncOutcome> {
    const full = this.needFullSync || checkout.all;
    // Until the restore succeeds the node's state is unknown: a failure leaves needFullSync set.
    this.needFullSync = true;
    const tables = this.rules.tables(this.node, this.cache);
    const nowWritten = new Map<string, string[]>();
    for (const key of this.rules.serviceKeys()) nowWritten.set(key, this.rules.serviceRules(key, this.node, this.cache).flatMap((p) => p.chains.map(([c]) => c)));
    const natChains: string[] = [];
    const stale: string[] = [];
    let missing: ReturnType<typeof missingJumps> = [];
    if (full) {
      for (const chains of nowWritten.values()) natChains.push(...chains);
      const active = new Set(natChains);
      const [nat, filter] = await Promise.all([this.iptables.save("nat"), this.iptables.save("filter")]);
      for (const c of chainsInSave(nat)) if (isServiceChainName(c) && !active.has(c)) stale.push(c);
      missing = [...missingJumps("filter", filter), ...missingJumps("nat", nat)];
    } else {
      for (const key of checkout.changed) {
        const now = nowWritten.get(key) ?? [];
        natChains.push(...now);
        const keep = new Set(now);
        for (const c of this.written.get(key) ?? []) if (!keep.has(c)) stale.push(c);
      }
    }
    const payload = restorePayload({ tables, natChains, staleChains: stale, missingJumps: missing });
    await this.iptables.restore(payload.text);
    this.needFullSync = false;
    this.written = nowWritten;
    let natRulesTotal = 0;
    for (const rules of tables.nat.rules.values()) natRulesTotal += rules.length;
    let noLocalInternal = 0;
    let noLocalExternal = 0;
    for (const key of this.rules.serviceKeys()) {
      for (const p of this.rules.serviceRules(key, this.node, this.cache)) {
        if (p.noLocalInternal) noLocalInternal++;
        if (p.noLocalExternal) noLocalExternal++;
      }
    }
    return { full, payload, natRulesTotal, noLocalInternal, noLocalExternal };
  }
}
