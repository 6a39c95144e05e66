/**
 * Label selectors in upstream's string syntax (`a=b,c!=d,e in (x,y),f notin (z),g,!h,n>1`)
 * and in LabelSelector form (matchLabels/matchExpressions).
 */
import { badRequest } from "../../api/errors.js";

export type Operator = "=" | "!=" | "in" | "notin" | "exists" | "!" | "gt" | "lt";

export interface Requirement {
  key: string;
  op: Operator;
  values: string[];
}

export interface LabelSelector {
  /** True when no requirement exists (matches everything). */
  readonly empty: boolean;
  matches(labels: Record<string, string> | undefined | null): boolean;
  /** The requirement on key "k" with "=" / "in" of one value, when there is one (for indexing). */
  requirements: readonly Requirement[];
  toString(): string;
}

export function matchRequirement(r: Requirement, labels: Record<string, string> | undefined | null): boolean {
  const has = labels != null && Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels![r.key] : undefined;
  switch (r.op) {
    case "=":
    case "in":
      return has && r.values.includes(v!);
    case "!=":
    case "notin":
      return !has || !r.values.includes(v!);
    case "exists":
      return has;
    case "!":
      return !has;
    case "gt":
    case "lt": {
      if (!has) return false;
      const n = Number(v);
      const bound = Number(r.values[0]);
      if (!Number.isInteger(n)) return false;
      return r.op === "gt" ? n > bound : n < bound;
    }
  }
}

function selectorOf(reqs: Requirement[]): LabelSelector {
  const sorted = [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    empty: reqs.length === 0,
    requirements: sorted,
    matches: (labels) => sorted.every((r) => matchRequirement(r, labels)),
    toString: () => sorted.map(requirementString).join(","),
  };
}

function requirementString(r: Requirement): string {
  switch (r.op) {
    case "exists":
      return r.key;
    case "!":
      return `!${r.key}`;
    case "=":
      return `${r.key}=${r.values[0]}`;
    case "!=":
      return `${r.key}!=${r.values[0]}`;
    case "gt":
      return `${r.key}>${r.values[0]}`;
    case "lt":
      return `${r.key}<${r.values[0]}`;
    default:
      return `${r.key} ${r.op} (${[...r.values].sort().join(",")})`;
  }
}

export const everything: LabelSelector = selectorOf([]);

/** Parses the query-string form. Errors are 400 BadRequest as upstream. */
export function parseLabelSelector(text: string | null | undefined): LabelSelector {
  if (!text || !text.trim()) return everything;
  const reqs: Requirement[] = [];
  let i = 0;
  const s = text;
  const skipWs = () => {
    while (i < s.length && /\s/.test(s[i])) i++;
  };
  const readKey = () => {
    skipWs();
    const start = i;
    while (i < s.length && !/[\s,=!<>()]/.test(s[i])) i++;
    return s.slice(start, i);
  };
  const fail = (msg: string): never => {
    throw badRequest(`unable to parse requirement: ${msg}`);
  };
  while (i < s.length) {
    skipWs();
    let negated = false;
    if (s[i] === "!") {
      negated = true;
      i++;
    }
    const key = readKey();
    if (!key) fail(`found '${s[i] ?? ""}', expected: identifier`);
    skipWs();
    if (negated) {
      reqs.push({ key, op: "!", values: [] });
    } else if (i >= s.length || s[i] === ",") {
      reqs.push({ key, op: "exists", values: [] });
    } else if (s.startsWith("==", i) || s[i] === "=") {
      i += s.startsWith("==", i) ? 2 : 1;
      reqs.push({ key, op: "=", values: [readValue()] });
    } else if (s.startsWith("!=", i)) {
      i += 2;
      reqs.push({ key, op: "!=", values: [readValue()] });
    } else if (s[i] === ">" || s[i] === "<") {
      const op = s[i] === ">" ? "gt" : "lt";
      i++;
      const v = readValue();
      if (!/^-?\d+$/.test(v)) fail(`for 'Gt', 'Lt' operators, the value must be an integer`);
      reqs.push({ key, op, values: [v] });
    } else {
      const word = readKey();
      if (word !== "in" && word !== "notin") fail(`found '${word}', expected: in, notin, =, ==, !=, gt, lt`);
      skipWs();
      if (s[i] !== "(") fail(`found '${s[i] ?? ""}', expected: '('`);
      i++;
      const values: string[] = [];
      for (;;) {
        skipWs();
        if (s[i] === ")") {
          i++;
          break;
        }
        values.push(readValue());
        skipWs();
        if (s[i] === ",") i++;
        else if (s[i] !== ")") fail(`found '${s[i] ?? ""}', expected: ',' or ')'`);
      }
      reqs.push({ key, op: word as Operator, values });
    }
    skipWs();
    if (i < s.length) {
      if (s[i] !== ",") fail(`found '${s[i]}', expected: ',' or 'end of string'`);
      i++;
    }
  }
  return selectorOf(reqs);

  function readValue(): string {
    skipWs();
    const start = i;
    while (i < s.length && !/[\s,()]/.test(s[i])) i++;
    return s.slice(start, i);
  }
}

export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/**
 * metav1.LabelSelectorAsSelector: a nil selector matches nothing, an empty
 * one everything. Returns undefined for nil.
 */
export function labelSelectorFromObject(sel: LabelSelectorObject | undefined | null): LabelSelector | undefined {
  if (sel == null) return undefined;
  const reqs: Requirement[] = [];
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key: k, op: "=", values: [v] });
  for (const e of sel.matchExpressions ?? []) {
    const op = ({ In: "in", NotIn: "notin", Exists: "exists", DoesNotExist: "!" } as const)[e.operator as "In"];
    if (!op) throw badRequest(`"${e.operator}" is not a valid label selector operator`);
    reqs.push({ key: e.key, op, values: e.values ?? [] });
  }
  return selectorOf(reqs);
}
