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
import type { ServicePortRules } from "./iptables/service-rules.js";
import { sharedChains } from "./iptables/tables.js";
import type { Checkout, NodeRulesCache, NodeSpecifics, ProxyRules } from "./proxy-rules.js";

export interface SyncOutcome {
  full: boolean;
  payload: Payload;
  /** nat rules the node has after the sync (upstream's iptables_total{table="nat"}). */
  natRulesTotal: number;
  noLocalInternal: number;
  noLocalExternal: number;
}

interface Written {
  chains: string[];
  rules: number;
}

export class IptablesProxier {
  private needFullSync = true;
  /** Per-service chains on the node and their rule count, by Service, as of the last successful restore. */
  private written = new Map<string, Written>();
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
    const keys = this.rules.serviceKeys();
    const byService = new Map<string, ServicePortRules[]>();
    let noLocalInternal = 0;
    let noLocalExternal = 0;
    for (const key of keys) {
      const ports = this.rules.serviceRules(key, this.node, this.cache);
      byService.set(key, ports);
      for (const p of ports) {
        if (p.noLocalInternal) noLocalInternal++;
        if (p.noLocalExternal) noLocalExternal++;
      }
    }
    const shared = sharedChains(
      (function* () {
        for (const ports of byService.values()) yield* ports;
      })(),
      this.node,
    );
    const rewrite = full ? keys : [...checkout.changed];
    const natChains: (readonly [string, readonly string[]])[] = [];
    const next = full ? new Map<string, Written>() : new Map(this.written);
    const stale: string[] = [];
    for (const key of rewrite) {
      const ports = byService.get(key);
      const before = this.written.get(key);
      next.delete(key);
      const chains: string[] = [];
      let count = 0;
      for (const p of ports ?? []) {
        for (const chain of p.chains) {
          natChains.push(chain);
          chains.push(chain[0]);
          count += chain[1].length;
        }
      }
      if (ports) next.set(key, { chains, rules: count });
      if (!full && before) {
        const keep = new Set(chains);
        for (const c of before.chains) if (!keep.has(c)) stale.push(c);
      }
    }
    let missing: ReturnType<typeof missingJumps> = [];
    if (full) {
      const active = new Set(natChains.map(([c]) => c));
      const [nat, filter] = await Promise.all([this.iptables.save("nat"), this.iptables.save("filter")]);
      for (const c of chainsInSave(nat)) if (isServiceChainName(c) && !active.has(c)) stale.push(c);
      missing = [...missingJumps("filter", filter), ...missingJumps("nat", nat)];
    }
    const payload = restorePayload({ shared, natChains, staleChains: stale, missingJumps: missing });
    await this.iptables.restore(payload.text);
    this.needFullSync = false;
    this.written = next;
    let natRulesTotal = 0;
    for (const rules of shared.nat.values()) natRulesTotal += rules.length;
    for (const w of next.values()) natRulesTotal += w.rules;
    return { full, payload, natRulesTotal, noLocalInternal, noLocalExternal };
  }
}
