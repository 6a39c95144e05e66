/**
 * Follows one packet (the first of its connection, as NAT sees it) through
 * a node's netfilter tables: rule by rule, jumping and returning between
 * chains, rewriting the destination (DNAT) and source (SNAT, MASQUERADE),
 * setting marks, and remembering sources for `-m recent` (session affinity).
 * The one place Skiff interprets iptables rules.
 *
 * Example:
 *   const hop = traverseNode(parseIptablesSave(text), { src: "10.244.0.5", dst: "10.96.0.10", protocol: "udp", dport: 53 }, "routed", ctx);
 *   hop.packet.dst    // the endpoint kube-proxy's rules chose
 *   hop.steps         // every rule that matched, with its chain and effect
 */
import type { Match, Rule, Ruleset, Target } from "./parse.js";
import { cidrContains } from "../cidr.js";

export type Protocol = "tcp" | "udp" | "sctp" | "icmp";

export interface Packet {
  src: string;
  dst: string;
  protocol: Protocol;
  dport?: number;
  sport?: number;
  /** The skb mark (nfmark); 0 when unset. */
  mark?: number;
  /** The interface it came in on ("cni0", "eth0"), for -i. */
  inInterface?: string;
  /** The interface it leaves by, for -o (known after routing). */
  outInterface?: string;
}

/** Sources remembered by `-m recent --set`, per list name (one table per node). */
export interface RecentTable {
  lastSeen(name: string, source: string): number | undefined;
  set(name: string, source: string, at: number): void;
  remove(name: string, source: string): void;
}

export function createRecentTable(): RecentTable {
  const lists = new Map<string, Map<string, number>>();
  return {
    lastSeen: (name, source) => lists.get(name)?.get(source),
    set(name, source, at) {
      let list = lists.get(name);
      if (!list) lists.set(name, (list = new Map()));
      list.set(source, at);
    },
    remove: (name, source) => void lists.get(name)?.delete(source),
  };
}

export interface NetfilterContext {
  /** `-m addrtype --dst-type LOCAL`: an address of this node (its IPs, loopback). */
  isLocal(ip: string): boolean;
  /** `-m statistic --mode random`: a draw in [0, 1); matches when below the probability. */
  random(): number;
  /** Milliseconds, for `-m recent --seconds`. */
  now(): number;
  recent: RecentTable;
  /** The source MASQUERADE writes: the address of the interface the packet leaves by. */
  masqueradeAddress(packet: Packet): string;
}

/** One rule that matched, and what it did. */
export interface RuleStep {
  table: string;
  chain: string;
  rule: Rule;
  /** "jump KUBE-SVC-...", "DNAT to 10.244.1.5:80", "MARK 0x4000", ... */
  effect: string;
  /** The statistic match's probability, when the rule had one. */
  probability?: number;
}

export type Verdict = "ACCEPT" | "DROP" | "REJECT";

export interface HookResult {
  packet: Packet;
  verdict: Verdict;
  steps: RuleStep[];
  /** The rule that dropped or rejected the packet; absent when a chain's policy did or when accepted. */
  decidedBy?: RuleStep;
  /** Product of the random choices the packet went through (1 when none). */
  chance: number;
}

export class EvaluationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "EvaluationError";
  }
}

/** Bounds a rule set that loops (iptables-restore refuses loops; a hand-written text may not). */
const MAX_DEPTH = 64;

export function runHook(rules: Ruleset, tableName: string, hook: string, input: Packet, ctx: NetfilterContext): HookResult {
  let packet: Packet = { ...input, mark: input.mark ?? 0 };
  const steps: RuleStep[] = [];
  let chance = 1;
  const table = rules.get(tableName);
  const builtin = table?.chains.get(hook);
  if (!table || !builtin) return { packet, verdict: "ACCEPT", steps, chance };
  const policy = builtin.policy ?? "ACCEPT";
  // Each frame: a chain and the next rule index in it.
  const stack: { chain: string; index: number }[] = [{ chain: hook, index: 0 }];
  const finish = (verdict: Verdict, decidedBy?: RuleStep): HookResult => ({ packet, verdict, steps, decidedBy, chance });
  while (stack.length) {
    const frame = stack[stack.length - 1];
    const chain = table.chains.get(frame.chain);
    if (!chain) throw new EvaluationError(`${tableName} chain ${frame.chain} does not exist`);
    if (frame.index >= chain.rules.length) {
      stack.pop();
      if (!stack.length) return finish(policy);
      continue;
    }
    const rule = chain.rules[frame.index++];
    const outcome = matchRule(rule.matches, packet, ctx);
    chance *= outcome.chance;
    if (!outcome.matched || !rule.target) continue;
    const step: RuleStep = { table: tableName, chain: chain.name, rule, effect: describe(rule.target), probability: outcome.probability };
    steps.push(step);
    const t = rule.target;
    switch (t.kind) {
      case "ACCEPT":
        return finish("ACCEPT");
      case "DROP":
        return finish("DROP", step);
      case "REJECT":
        return finish("REJECT", step);
      case "RETURN":
        stack.pop();
        if (!stack.length) return finish(policy);
        break;
      case "jump":
      case "goto":
        if (!table.chains.has(t.chain)) throw new EvaluationError(`${tableName} chain ${t.chain} (jumped to from ${chain.name}) does not exist`);
        if (stack.length >= MAX_DEPTH) throw new EvaluationError(`${tableName} chains nest deeper than ${MAX_DEPTH} at ${t.chain}: a loop?`);
        if (t.kind === "goto") stack.pop();
        stack.push({ chain: t.chain, index: 0 });
        break;
      case "DNAT":
        packet = { ...packet, dst: t.address, dport: t.port ?? packet.dport };
        return finish("ACCEPT");
      case "SNAT":
        packet = { ...packet, src: t.address };
        return finish("ACCEPT");
      case "MASQUERADE": {
        const src = ctx.masqueradeAddress(packet);
        step.effect = `MASQUERADE to ${src}`;
        packet = { ...packet, src };
        return finish("ACCEPT");
      }
      case "MARK":
        packet = { ...packet, mark: applyMark(packet.mark ?? 0, t) };
        break;
      case "LOG":
        break;
    }
  }
  return finish(policy);
}

/** Which hooks a packet meets in a node's network namespace (netfilter's packet flow). */
export type Origin =
  /** Arrived on an interface: from a pod's veth on the bridge, or from the wire. */
  | "routed"
  /** Sent by a process in the node's own namespace (a hostNetwork pod, the kubelet). */
  | "local";

export interface NodeTraversal {
  packet: Packet;
  verdict: Verdict;
  /** Whether the (possibly rewritten) destination is this node: delivered to a local socket, not forwarded. */
  deliveredLocally: boolean;
  hooks: { table: string; hook: string; result: HookResult }[];
  chance: number;
}

const FLOW: Record<Origin, { local: [string, string][]; forward: [string, string][] }> = {
  routed: {
    local: [["nat", "PREROUTING"], ["filter", "INPUT"]],
    forward: [["nat", "PREROUTING"], ["filter", "FORWARD"], ["nat", "POSTROUTING"]],
  },
  local: {
    local: [["nat", "OUTPUT"], ["filter", "OUTPUT"], ["nat", "POSTROUTING"], ["filter", "INPUT"]],
    forward: [["nat", "OUTPUT"], ["filter", "OUTPUT"], ["nat", "POSTROUTING"]],
  },
};

/**
 * The packet through one node: the first hook (PREROUTING or OUTPUT) may
 * rewrite the destination, and the routing decision after it picks the
 * rest (INPUT for a local destination; FORWARD and POSTROUTING otherwise).
 */
export function traverseNode(rules: Ruleset, input: Packet, origin: Origin, ctx: NetfilterContext): NodeTraversal {
  const hooks: NodeTraversal["hooks"] = [];
  let packet = input;
  let chance = 1;
  const [first, ...rest] = FLOW[origin].local;
  const firstResult = runHook(rules, first[0], first[1], packet, ctx);
  hooks.push({ table: first[0], hook: first[1], result: firstResult });
  packet = firstResult.packet;
  chance *= firstResult.chance;
  const deliveredLocally = ctx.isLocal(packet.dst);
  if (firstResult.verdict !== "ACCEPT") return { packet, verdict: firstResult.verdict, deliveredLocally, hooks, chance };
  const after = deliveredLocally ? rest : FLOW[origin].forward.slice(1);
  for (const [table, hook] of after) {
    const result = runHook(rules, table, hook, packet, ctx);
    hooks.push({ table, hook, result });
    packet = result.packet;
    chance *= result.chance;
    if (result.verdict !== "ACCEPT") return { packet, verdict: result.verdict, deliveredLocally, hooks, chance };
  }
  return { packet, verdict: "ACCEPT", deliveredLocally, hooks, chance };
}

interface MatchOutcome {
  matched: boolean;
  /** The factor this rule puts on the packet's path: p when a random match hit, 1-p when it missed. */
  chance: number;
  probability?: number;
}

function matchRule(matches: Match[], packet: Packet, ctx: NetfilterContext): MatchOutcome {
  let probability: number | undefined;
  for (const m of matches) {
    if (m.kind === "statistic") {
      probability = m.probability;
      const hit = ctx.random() < m.probability !== m.negate;
      if (!hit) return { matched: false, chance: m.negate ? m.probability : 1 - m.probability, probability };
      continue;
    }
    if (matchOne(m, packet, ctx) === m.negate) return { matched: false, chance: 1 };
  }
  const chance = probability === undefined ? 1 : probability;
  return { matched: true, chance, probability };
}

function matchOne(m: Exclude<Match, { kind: "statistic" }>, packet: Packet, ctx: NetfilterContext): boolean {
  switch (m.kind) {
    case "source":
      return cidrContains(m.cidr, packet.src);
    case "destination":
      return cidrContains(m.cidr, packet.dst);
    case "protocol":
      return m.protocol === "all" || m.protocol === packet.protocol;
    case "in-interface":
      return interfaceMatches(m.name, packet.inInterface);
    case "out-interface":
      return interfaceMatches(m.name, packet.outInterface);
    case "dport":
    case "sport": {
      const port = m.kind === "dport" ? packet.dport : packet.sport;
      return port !== undefined && m.ranges.some((r) => port >= r.from && port <= r.to);
    }
    case "addrtype": {
      if (m.type !== "LOCAL") throw new EvaluationError(`addrtype ${m.type} is not supported (only LOCAL)`);
      return ctx.isLocal(m.which === "dst" ? packet.dst : packet.src);
    }
    case "recent": {
      const now = ctx.now();
      const seen = ctx.recent.lastSeen(m.name, packet.src);
      switch (m.mode) {
        case "set":
          ctx.recent.set(m.name, packet.src, now);
          return true;
        case "remove":
          ctx.recent.remove(m.name, packet.src);
          return seen !== undefined;
        case "rcheck":
        case "update": {
          const fresh = seen !== undefined && (m.seconds === undefined || now - seen <= m.seconds * 1000);
          if (fresh && m.mode === "update") ctx.recent.set(m.name, packet.src, now);
          return fresh;
        }
      }
      return false;
    }
    case "mark":
      return ((packet.mark ?? 0) & m.mask) >>> 0 === m.value;
    case "ctstate":
      // The first packet of a connection, which is the one NAT decides for.
      return m.states.includes("NEW");
  }
}

/** "cni0" exactly, or "veth+" as a prefix. */
function interfaceMatches(pattern: string, name: string | undefined): boolean {
  if (name === undefined) return false;
  return pattern.endsWith("+") ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}

function applyMark(mark: number, t: Extract<Target, { kind: "MARK" }>): number {
  switch (t.op) {
    case "set-xmark":
      return ((mark & ~t.mask) ^ t.value) >>> 0;
    case "set-mark":
      return ((mark & ~t.mask) | t.value) >>> 0;
    case "or-mark":
      return (mark | t.value) >>> 0;
    case "xor-mark":
      return (mark ^ t.value) >>> 0;
    case "and-mark":
      return (mark & t.value) >>> 0;
  }
}

const hex = (n: number) => `0x${n.toString(16)}`;

function describe(t: Target): string {
  switch (t.kind) {
    case "jump":
      return `jump ${t.chain}`;
    case "goto":
      return `goto ${t.chain}`;
    case "DNAT":
      return `DNAT to ${t.port === undefined ? t.address : t.address.includes(":") ? `[${t.address}]:${t.port}` : `${t.address}:${t.port}`}`;
    case "SNAT":
      return `SNAT to ${t.address}`;
    case "MARK":
      return `MARK --${t.op} ${hex(t.value)}${t.op === "set-xmark" || t.op === "set-mark" ? `/${hex(t.mask)}` : ""}`;
    case "REJECT":
      return t.with ? `REJECT (${t.with})` : "REJECT";
    default:
      return t.kind;
  }
}
