/**
 * The iptables-restore input of one sync, in upstream's layout: `*filter`,
 * its chain lines, its rules, COMMIT, then `*nat` likewise. The filter
 * table and nat's shared chains are written whole every sync (they are
 * small next to the per-service chains); per-service nat chains only when
 * their Service changed; stale ones flushed and deleted with -X.
 */
import { FILTER_TOP_CHAINS, NAT_TOP_CHAINS, builtinJumps, jumpRule } from "./tables.js";

export interface PayloadInput {
  /** The filter table and nat's shared chains (sharedChains()). */
  shared: { filter: Map<string, string[]>; nat: Map<string, string[]> };
  /** Per-service nat chains to (re)write, with their rules; all of them on a full sync. */
  natChains: Iterable<readonly [string, readonly string[]]>;
  /** Per-service nat chains to delete. */
  staleChains: Iterable<string>;
  /** Jumps from built-in chains missing on the node (added with -I ... 1, as `iptables -I` would). */
  missingJumps?: readonly { table: "filter" | "nat"; rule: string }[];
}

export interface Payload {
  text: string;
  filterRules: number;
  /** nat rule lines written, not counting -X (upstream's iptables_last{table="nat"}). */
  natRulesWritten: number;
  deletedChains: number;
}

export function restorePayload(input: PayloadInput): Payload {
  const { filter, nat } = input.shared;
  const out: string[] = ["*filter"];
  const filterChains = [...FILTER_TOP_CHAINS, ...[...filter.keys()].filter((c) => !FILTER_TOP_CHAINS.includes(c))];
  for (const c of filterChains) out.push(`:${c} - [0:0]`);
  let filterRules = 0;
  for (const c of filterChains) for (const r of filter.get(c) ?? []) (out.push(r), filterRules++);
  for (const j of input.missingJumps ?? []) if (j.table === "filter") out.push(j.rule);
  out.push("COMMIT", "*nat");
  const natChains: (readonly [string, readonly string[]])[] = [...NAT_TOP_CHAINS.map((c) => [c, nat.get(c) ?? []] as const), ...input.natChains];
  const stale = [...input.staleChains];
  for (const [c] of natChains) out.push(`:${c} - [0:0]`);
  for (const c of stale) out.push(`:${c} - [0:0]`);
  let natRules = 0;
  for (const [, rules] of natChains) for (const r of rules) (out.push(r), natRules++);
  for (const j of input.missingJumps ?? []) if (j.table === "nat") out.push(j.rule);
  for (const c of stale) out.push(`-X ${c}`);
  out.push("COMMIT");
  return { text: out.join("\n") + "\n", filterRules, natRulesWritten: natRules, deletedChains: stale.length };
}

/** Jump rules of a table missing from its iptables-save text, as `-I <chain> 1` lines in upstream's ensure order. */
export function missingJumps(table: "filter" | "nat", saved: string): { table: "filter" | "nat"; rule: string }[] {
  const lines = new Set(saved.split("\n").map(normalizeJump));
  // builtinJumps is newest-first; inserting oldest-first at position 1 leaves the same order.
  return builtinJumps(table)
    .reverse()
    .filter((j) => !lines.has(normalizeJump(jumpRule(j))))
    .map((j) => ({ table, rule: jumpRule(j).replace(/^-A (\S+)/, "-I $1 1") }));
}

/** A jump rule reduced to what identifies it: chain, comment, target (iptables-save reorders matches). */
function normalizeJump(line: string): string {
  const m = /^-A (\S+) .*?(?:--comment "?([^"]*?)"? )?-j (\S+)$/.exec(line.trim()) ?? /^-A (\S+)()\s*-j (\S+)$/.exec(line.trim());
  return m ? `${m[1]}|${m[2] ?? ""}|${m[3]}` : line;
}
