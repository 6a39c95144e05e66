/**
 * iptables-save text -> tables of chains of rules, keeping each rule's
 * text for the trace. Only the matches and targets kube-proxy and the CNI
 * plugins write are understood; anything else is a ParseError naming the
 * line, so a rule is never silently ignored.
 *
 * Example (one rule of upstream kube-proxy's nat table):
 *   *nat
 *   :KUBE-SERVICES - [0:0]
 *   -A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O
 *   COMMIT
 */
import { toCidr } from "../cidr.js";
import type { Cidr } from "../../api/networking/cidr.js";

export type Match =
  | { kind: "source" | "destination"; cidr: Cidr; text: string; negate: boolean }
  | { kind: "protocol"; protocol: string; negate: boolean }
  | { kind: "in-interface" | "out-interface"; name: string; negate: boolean }
  | { kind: "dport" | "sport"; ranges: PortRange[]; negate: boolean }
  | { kind: "addrtype"; which: "src" | "dst"; type: string; negate: boolean }
  | { kind: "statistic"; probability: number; negate: boolean }
  | { kind: "recent"; name: string; mode: "rcheck" | "set" | "update" | "remove"; seconds?: number; negate: boolean }
  | { kind: "mark"; value: number; mask: number; negate: boolean }
  | { kind: "ctstate"; states: string[]; negate: boolean };

export interface PortRange {
  from: number;
  to: number;
}

export type Target =
  | { kind: "ACCEPT" | "DROP" | "RETURN" }
  | { kind: "REJECT"; with?: string }
  | { kind: "jump" | "goto"; chain: string }
  | { kind: "DNAT"; address: string; port?: number }
  | { kind: "SNAT"; address: string }
  | { kind: "MASQUERADE" }
  | { kind: "MARK"; op: "set-xmark" | "set-mark" | "or-mark" | "xor-mark" | "and-mark"; value: number; mask: number }
  | { kind: "LOG" };

export interface Rule {
  chain: string;
  matches: Match[];
  /** Undefined: a rule without -j only counts packets. */
  target?: Target;
  comment?: string;
  /** The rule as written, for traces. */
  text: string;
  /** 1-based line in the iptables-save text. */
  line: number;
}

export interface Chain {
  name: string;
  /** Built-in chains' policy (ACCEPT/DROP); user chains have none. */
  policy?: "ACCEPT" | "DROP";
  rules: Rule[];
}

export interface Table {
  name: string;
  chains: Map<string, Chain>;
}

/** Tables by name ("nat", "filter"). */
export type Ruleset = Map<string, Table>;

export class ParseError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`iptables-save line ${line}: ${message}`);
    this.name = "ParseError";
  }
}

const BUILTIN_CHAINS = new Set(["PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"]);
const TERMINAL = new Set(["ACCEPT", "DROP", "RETURN", "REJECT", "DNAT", "SNAT", "MASQUERADE", "MARK", "LOG"]);

export function parseIptablesSave(text: string): Ruleset {
  const tables: Ruleset = new Map();
  let table: Table | undefined;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const line = lines[i].trim();
    if (!line || line.startsWith("#")) continue;
    if (line.startsWith("*")) {
      const name = line.slice(1);
      table = tables.get(name) ?? { name, chains: new Map() };
      tables.set(name, table);
      continue;
    }
    if (line === "COMMIT") {
      table = undefined;
      continue;
    }
    if (!table) throw new ParseError(lineNo, `"${line}" outside a table (missing *nat or *filter)`);
    if (line.startsWith(":")) {
      const [name, policy] = line.slice(1).split(/\s+/);
      const chain = chainOf(table, name);
      if (policy === "ACCEPT" || policy === "DROP") chain.policy = policy;
      else if (BUILTIN_CHAINS.has(name)) chain.policy = "ACCEPT";
      continue;
    }
    const rule = parseRule(line, lineNo);
    chainOf(table, rule.chain).rules.push(rule);
  }
  return tables;
}

function chainOf(table: Table, name: string): Chain {
  let chain = table.chains.get(name);
  if (!chain) {
    chain = { name, rules: [], policy: BUILTIN_CHAINS.has(name) ? "ACCEPT" : undefined };
    table.chains.set(name, chain);
  }
  return chain;
}

/** Splits as iptables-save quotes: double quotes around words with spaces, backslash escapes inside. */
export function tokenize(line: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < line.length) {
    while (line[i] === " " || line[i] === "\t") i++;
    if (i >= line.length) break;
    let word = "";
    while (i < line.length && line[i] !== " " && line[i] !== "\t") {
      if (line[i] === '"') {
        i++;
        while (i < line.length && line[i] !== '"') {
          if (line[i] === "\\" && i + 1 < line.length) i++;
          word += line[i++];
        }
        i++;
      } else word += line[i++];
    }
    out.push(word);
  }
  return out;
}

function parseRule(text: string, line: number): Rule {
  const tokens = tokenize(text);
  if (tokens[0] !== "-A" || !tokens[1]) throw new ParseError(line, `expected "-A CHAIN ...", got "${text}"`);
  const rule: Rule = { chain: tokens[1], matches: [], text, line };
  let negate = false;
  let i = 2;
  const fail = (msg: string): never => {
    throw new ParseError(line, msg);
  };
  const next = (opt: string): string => {
    const v = tokens[++i];
    if (v === undefined) fail(`${opt} needs a value`);
    return v;
  };
  const take = () => {
    const n = negate;
    negate = false;
    return n;
  };
  // A recent match is built from several options; keep the one being read.
  let recent: Extract<Match, { kind: "recent" }> | undefined;
  let targetName: string | undefined;
  for (; i < tokens.length; i++) {
    const opt = tokens[i];
    if (opt === "!") {
      negate = true;
      continue;
    }
    if (targetName !== undefined) {
      parseTargetOption(rule, opt, next, fail);
      continue;
    }
    switch (opt) {
      case "-s":
      case "--source":
      case "-d":
      case "--destination": {
        const value = next(opt);
        const cidr = toCidr(value) ?? fail(`bad address "${value}"`);
        rule.matches.push({ kind: opt === "-s" || opt === "--source" ? "source" : "destination", cidr, text: value, negate: take() });
        break;
      }
      case "-p":
      case "--protocol":
        rule.matches.push({ kind: "protocol", protocol: next(opt).toLowerCase(), negate: take() });
        break;
      case "-i":
      case "--in-interface":
      case "-o":
      case "--out-interface":
        rule.matches.push({ kind: opt.startsWith("-i") || opt === "--in-interface" ? "in-interface" : "out-interface", name: next(opt), negate: take() });
        break;
      case "-m":
      case "--match":
        // Each `-m recent` starts its own match; its options may come in any order (iptables-save writes --set before --name).
        if (next(opt) === "recent") {
          recent = { kind: "recent", name: "DEFAULT", mode: "rcheck", negate: false };
          rule.matches.push(recent);
        } else recent = undefined;
        break;
      case "--dport":
      case "--destination-port":
      case "--sport":
      case "--source-port":
        rule.matches.push({ kind: opt.startsWith("--d") ? "dport" : "sport", ranges: [parseRange(next(opt), fail)], negate: take() });
        break;
      case "--dports":
      case "--destination-ports":
      case "--sports":
      case "--source-ports":
        rule.matches.push({ kind: opt.startsWith("--d") ? "dport" : "sport", ranges: next(opt).split(",").map((r) => parseRange(r, fail)), negate: take() });
        break;
      case "--dst-type":
      case "--src-type":
        rule.matches.push({ kind: "addrtype", which: opt === "--dst-type" ? "dst" : "src", type: next(opt), negate: take() });
        break;
      case "--comment":
        rule.comment = next(opt);
        break;
      case "--mode": {
        const mode = next(opt);
        if (mode !== "random") fail(`statistic --mode ${mode} is not supported (only random)`);
        break;
      }
      case "--probability": {
        const p = Number(next(opt));
        if (!(p >= 0 && p <= 1)) fail(`bad probability "${tokens[i]}"`);
        rule.matches.push({ kind: "statistic", probability: p, negate: take() });
        break;
      }
      case "--name":
        if (!recent) {
          recent = { kind: "recent", name: "DEFAULT", mode: "rcheck", negate: false };
          rule.matches.push(recent);
        }
        recent.name = next(opt);
        break;
      case "--rcheck":
      case "--set":
      case "--update":
      case "--remove":
        if (!recent) {
          recent = { kind: "recent", name: "DEFAULT", mode: "rcheck", negate: false };
          rule.matches.push(recent);
        }
        recent.mode = opt.slice(2) as "rcheck";
        recent.negate = take();
        break;
      case "--seconds":
        if (!recent) fail("--seconds outside a recent match");
        recent!.seconds = Number(next(opt));
        break;
      case "--reap":
      case "--rsource":
        break;
      case "--mask":
      case "--nfacct-name":
        next(opt);
        break;
      case "--mark": {
        const [value, mask] = parseMark(next(opt), fail);
        rule.matches.push({ kind: "mark", value, mask, negate: take() });
        break;
      }
      case "--ctstate":
      case "--state":
        rule.matches.push({ kind: "ctstate", states: next(opt).split(","), negate: take() });
        break;
      case "-j":
      case "--jump":
      case "-g":
      case "--goto": {
        targetName = next(opt);
        if (opt === "-g" || opt === "--goto") rule.target = { kind: "goto", chain: targetName };
        else if (TERMINAL.has(targetName)) rule.target = initialTarget(targetName);
        else rule.target = { kind: "jump", chain: targetName };
        break;
      }
      default:
        fail(`option "${opt}" is not supported`);
    }
  }
  if (rule.target?.kind === "DNAT" && !rule.target.address) fail("DNAT without --to-destination");
  if (rule.target?.kind === "SNAT" && !rule.target.address) fail("SNAT without --to-source");
  return rule;
}

function initialTarget(name: string): Target {
  switch (name) {
    case "DNAT":
      return { kind: "DNAT", address: "" };
    case "SNAT":
      return { kind: "SNAT", address: "" };
    case "MARK":
      return { kind: "MARK", op: "set-xmark", value: 0, mask: 0 };
    case "REJECT":
      return { kind: "REJECT" };
    default:
      return { kind: name as "ACCEPT" };
  }
}

function parseTargetOption(rule: Rule, opt: string, next: (o: string) => string, fail: (m: string) => never): void {
  const t = rule.target!;
  switch (opt) {
    case "--to-destination":
    case "--to": {
      if (t.kind !== "DNAT") fail(`${opt} outside DNAT`);
      const value = next(opt);
      // IPv4 "a.b.c.d[:port]"; IPv6 "[addr][:port]" or a bare address.
      const hit = /^(\d+\.\d+\.\d+\.\d+)(?::(\d+))?$/.exec(value) ?? /^\[([0-9a-fA-F:.]+)\](?::(\d+))?$/.exec(value) ?? /^([0-9a-fA-F:.]+)()$/.exec(value) ?? fail(`bad destination "${value}"`);
      (t as { address: string }).address = hit[1];
      if (hit[2]) (t as { port?: number }).port = Number(hit[2]);
      break;
    }
    case "--to-source":
      if (t.kind !== "SNAT") fail(`${opt} outside SNAT`);
      (t as { address: string }).address = next(opt).replace(/:.*$/, "");
      break;
    case "--random":
    case "--random-fully":
    case "--persistent":
      break;
    case "--set-xmark":
    case "--set-mark":
    case "--or-mark":
    case "--xor-mark":
    case "--and-mark": {
      if (t.kind !== "MARK") fail(`${opt} outside MARK`);
      const [value, mask] = parseMark(next(opt), fail);
      const op = opt.slice(2) as "set-xmark";
      const m = t as { op: string; value: number; mask: number };
      m.op = op;
      m.value = value;
      // --set-xmark/--set-mark take value/mask; the others a bare value.
      m.mask = op === "set-xmark" || op === "set-mark" ? mask : value;
      break;
    }
    case "--reject-with":
      if (t.kind !== "REJECT") fail(`${opt} outside REJECT`);
      (t as { with?: string }).with = next(opt);
      break;
    case "--log-prefix":
    case "--log-level":
      next(opt);
      break;
    default:
      fail(`target option "${opt}" is not supported`);
  }
}

function parseRange(text: string, fail: (m: string) => never): PortRange {
  const [a, b] = text.split(":");
  const from = Number(a);
  const to = b === undefined ? from : Number(b);
  if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > 65535 || from > to) fail(`bad port "${text}"`);
  return { from, to };
}

/** "0x4000/0x4000" or "0x4000" (mask all ones). */
function parseMark(text: string, fail: (m: string) => never): [number, number] {
  const [v, m] = text.split("/");
  const value = Number(v);
  const mask = m === undefined ? 0xffffffff : Number(m);
  if (!Number.isInteger(value) || !Number.isInteger(mask)) fail(`bad mark "${text}"`);
  return [value >>> 0, mask >>> 0];
}
