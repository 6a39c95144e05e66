/**
 * A node's filter and nat tables from the rules of its service ports: the
 * shared chains upstream's syncProxyRules fills (KUBE-POSTROUTING,
 * KUBE-MARK-MASQ, KUBE-FORWARD, KUBE-FIREWALL, the nodeports tail call of
 * KUBE-SERVICES) around each port's lines, and the jumps from the built-in
 * chains that upstream ensures with `iptables -I` (so the newest is first).
 *
 * Printed in iptables-save's layout (declarations, then each chain's rules),
 * chains in the order upstream's tests sort them: KUBE-NODEPORTS,
 * KUBE-SERVICES, then the other KUBE- chains by name.
 */
import { KUBE_EXTERNAL_SERVICES, KUBE_FIREWALL, KUBE_FORWARD, KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_PROXY_FIREWALL, KUBE_SERVICES } from "./chain-names.js";
import type { ResolvedNodeConfig } from "./node-config.js";
import type { ServicePortRules } from "./service-rules.js";

export interface Table {
  readonly name: "filter" | "nat";
  /** Rules by chain; every declared chain has an entry. */
  readonly rules: Map<string, string[]>;
}

export interface NodeTables {
  readonly filter: Table;
  readonly nat: Table;
}

export const FILTER_TOP_CHAINS = [KUBE_SERVICES, KUBE_EXTERNAL_SERVICES, KUBE_FORWARD, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL];
export const NAT_TOP_CHAINS = [KUBE_SERVICES, KUBE_NODEPORTS, KUBE_POSTROUTING, KUBE_MARK_MASQ];

interface Jump {
  table: "filter" | "nat";
  chain: string;
  from: string;
  comment: string;
  extra: string;
}

/** upstream's iptablesJumpChains then the kubelet's KUBE-FIREWALL jumps, in the order they are ensured. */
const JUMPS: Jump[] = [
  { table: "filter", chain: KUBE_EXTERNAL_SERVICES, from: "INPUT", comment: "kubernetes externally-visible service portals", extra: "-m conntrack --ctstate NEW" },
  { table: "filter", chain: KUBE_EXTERNAL_SERVICES, from: "FORWARD", comment: "kubernetes externally-visible service portals", extra: "-m conntrack --ctstate NEW" },
  { table: "filter", chain: KUBE_NODEPORTS, from: "INPUT", comment: "kubernetes health check service ports", extra: "" },
  { table: "filter", chain: KUBE_SERVICES, from: "FORWARD", comment: "kubernetes service portals", extra: "-m conntrack --ctstate NEW" },
  { table: "filter", chain: KUBE_SERVICES, from: "OUTPUT", comment: "kubernetes service portals", extra: "-m conntrack --ctstate NEW" },
  { table: "filter", chain: KUBE_FORWARD, from: "FORWARD", comment: "kubernetes forwarding rules", extra: "" },
  { table: "filter", chain: KUBE_PROXY_FIREWALL, from: "INPUT", comment: "kubernetes load balancer firewall", extra: "-m conntrack --ctstate NEW" },
  { table: "filter", chain: KUBE_PROXY_FIREWALL, from: "OUTPUT", comment: "kubernetes load balancer firewall", extra: "-m conntrack --ctstate NEW" },
  { table: "filter", chain: KUBE_PROXY_FIREWALL, from: "FORWARD", comment: "kubernetes load balancer firewall", extra: "-m conntrack --ctstate NEW" },
  { table: "nat", chain: KUBE_SERVICES, from: "OUTPUT", comment: "kubernetes service portals", extra: "" },
  { table: "nat", chain: KUBE_SERVICES, from: "PREROUTING", comment: "kubernetes service portals", extra: "" },
  { table: "nat", chain: KUBE_POSTROUTING, from: "POSTROUTING", comment: "kubernetes postrouting rules", extra: "" },
  { table: "filter", chain: KUBE_FIREWALL, from: "INPUT", comment: "", extra: "" },
  { table: "filter", chain: KUBE_FIREWALL, from: "OUTPUT", comment: "", extra: "" },
];

export const BUILTIN_CHAINS = { filter: ["INPUT", "FORWARD", "OUTPUT"], nat: ["PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"] } as const;

/** A jump rule as its arguments read: extra matches, the comment, the target. */
export function jumpRule(j: { from: string; chain: string; comment: string; extra: string }): string {
  const parts = [`-A ${j.from}`];
  if (j.extra) parts.push(j.extra);
  if (j.comment) parts.push(`-m comment --comment "${j.comment}"`);
  parts.push(`-j ${j.chain}`);
  return parts.join(" ");
}

/** The jumps of a table, per built-in chain, newest first as repeated `iptables -I` leaves them. */
export function builtinJumps(table: "filter" | "nat"): { from: string; chain: string; comment: string; extra: string }[] {
  return JUMPS.filter((j) => j.table === table).reverse();
}

/** The lines upstream writes into the shared chains, independent of any Service. */
export function staticRules(node: ResolvedNodeConfig): { nat: Map<string, string[]>; filter: Map<string, string[]> } {
  const mark = node.masqueradeMark;
  const masq = `-A ${KUBE_POSTROUTING} -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE${node.randomFully ? " --random-fully" : ""}`;
  const nat = new Map<string, string[]>([
    [KUBE_POSTROUTING, [`-A ${KUBE_POSTROUTING} -m mark ! --mark ${mark}/${mark} -j RETURN`, `-A ${KUBE_POSTROUTING} -j MARK --xor-mark ${mark}`, masq]],
    [KUBE_MARK_MASQ, [`-A ${KUBE_MARK_MASQ} -j MARK --or-mark ${mark}`]],
  ]);
  const forward: string[] = [];
  if (!node.conntrackTCPLiberal) forward.push(`-A ${KUBE_FORWARD} -m conntrack --ctstate INVALID -j DROP`);
  forward.push(`-A ${KUBE_FORWARD} -m comment --comment "kubernetes forwarding rules" -m mark --mark ${mark}/${mark} -j ACCEPT`);
  forward.push(`-A ${KUBE_FORWARD} -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`);
  const filter = new Map<string, string[]>([[KUBE_FORWARD, forward]]);
  if (node.localhostNodePorts) {
    filter.set(KUBE_FIREWALL, [`-A ${KUBE_FIREWALL} -m comment --comment "block incoming localnet connections" -d 127.0.0.0/8 ! -s 127.0.0.0/8 -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP`]);
  }
  return { nat, filter };
}

/** The tail call of KUBE-SERVICES to KUBE-NODEPORTS (nodePortAddresses unset: every local address). */
export function nodePortsTailRule(node: ResolvedNodeConfig): string {
  let dest = "-m addrtype --dst-type LOCAL";
  if (node.ipFamily === "IPv6") dest += " ! -d ::1/128";
  else if (!node.localhostNodePorts) dest += " ! -d 127.0.0.0/8";
  return `-A ${KUBE_SERVICES} -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" ${dest} -j ${KUBE_NODEPORTS}`;
}

/**
 * The chains every sync writes whole: the filter table and nat's shared
 * chains, from the port rules given in the order their lines go in.
 */
export function sharedChains(ports: Iterable<ServicePortRules>, node: ResolvedNodeConfig): { filter: Map<string, string[]>; nat: Map<string, string[]> } {
  const fixed = staticRules(node);
  const filter = new Map<string, string[]>(FILTER_TOP_CHAINS.map((c) => [c, []]));
  for (const [c, r] of fixed.filter) filter.set(c, [...r]);
  const nat = new Map<string, string[]>(NAT_TOP_CHAINS.map((c) => [c, []]));
  for (const [c, r] of fixed.nat) nat.set(c, [...r]);
  const natServices = nat.get(KUBE_SERVICES)!;
  const natNodePorts = nat.get(KUBE_NODEPORTS)!;
  const fServices = filter.get(KUBE_SERVICES)!;
  const fExternal = filter.get(KUBE_EXTERNAL_SERVICES)!;
  const fNodePorts = filter.get(KUBE_NODEPORTS)!;
  const fFirewall = filter.get(KUBE_PROXY_FIREWALL)!;
  for (const p of ports) {
    for (const l of p.natServices) natServices.push(l);
    for (const l of p.natNodePorts) natNodePorts.push(l);
    for (const l of p.filterServices) fServices.push(l);
    for (const l of p.filterExternalServices) fExternal.push(l);
    for (const l of p.filterNodePorts) fNodePorts.push(l);
    for (const l of p.filterProxyFirewall) fFirewall.push(l);
  }
  natServices.push(nodePortsTailRule(node));
  return { filter, nat };
}

/** Both tables from the port rules, given in the order their lines go into the shared chains. */
export function buildTables(ports: Iterable<ServicePortRules>, node: ResolvedNodeConfig): NodeTables {
  const list = [...ports];
  const { filter, nat } = sharedChains(list, node);
  for (const p of list) for (const [chain, rules] of p.chains) nat.set(chain, rules as string[]);
  return { filter: { name: "filter", rules: filter }, nat: { name: "nat", rules: nat } };
}

/** KUBE-NODEPORTS, KUBE-SERVICES, then the rest by name (byte order, as Go compares strings). */
export function chainOrder(a: string, b: string): number {
  const rank = (c: string) => (c === KUBE_NODEPORTS ? 0 : c === KUBE_SERVICES ? 1 : 2);
  const d = rank(a) - rank(b);
  if (d) return d;
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface FormatOptions {
  /** Include the built-in chains and the jumps into kube-proxy's chains, as iptables-save shows a node. */
  builtins?: boolean;
}

/** The table as iptables-save text. */
export function formatTable(table: Table, opts: FormatOptions = {}): string {
  const out: string[] = [`*${table.name}`];
  const builtins = opts.builtins ? BUILTIN_CHAINS[table.name] : [];
  for (const c of builtins) out.push(`:${c} ACCEPT [0:0]`);
  const chains = [...table.rules.keys()];
  if (opts.builtins && table.name === "filter" && !table.rules.has(KUBE_FIREWALL)) chains.push(KUBE_FIREWALL);
  chains.sort(chainOrder);
  for (const c of chains) out.push(`:${c} - [0:0]`);
  if (opts.builtins) {
    const jumps = builtinJumps(table.name);
    for (const from of builtins) for (const j of jumps) if (j.from === from) out.push(jumpRule(j));
  }
  for (const c of chains) for (const r of table.rules.get(c) ?? []) out.push(r);
  out.push("COMMIT");
  return out.join("\n") + "\n";
}
