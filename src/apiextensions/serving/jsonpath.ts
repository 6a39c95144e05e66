/**
 * The JSONPath subset printer columns use, evaluated as upstream's
 * k8s.io/client-go/util/jsonpath over one object (missing keys allowed):
 * `.a.b`, `['a.b']`, `[0]`, `[-1]`, `[*]`, `..a` is not supported, and
 * filters `[?(@.type=="Ready")]` with ==, != and a bare existence test.
 *
 * @example
 *   findResults({ status: { conditions: [{ type: "Ready", status: "True" }] } }, '.status.conditions[?(@.type=="Ready")].status') // ["True"]
 */

type Step = { kind: "field"; name: string } | { kind: "index"; index: number } | { kind: "all" } | { kind: "filter"; path: Step[]; op?: "==" | "!="; value?: unknown };

export class JSONPathError extends Error {}

/** Parses a path like `.spec.items[0].name`; throws JSONPathError when malformed. */
export function parseJSONPath(path: string): Step[] {
  let p = path.trim();
  if (p.startsWith("{") && p.endsWith("}")) p = p.slice(1, -1);
  if (p.startsWith("$")) p = p.slice(1);
  const steps: Step[] = [];
  let i = 0;
  while (i < p.length) {
    const ch = p[i]!;
    if (ch === ".") {
      i++;
      let j = i;
      while (j < p.length && p[j] !== "." && p[j] !== "[") j++;
      const name = p.slice(i, j);
      if (name === "*") steps.push({ kind: "all" });
      else if (name) steps.push({ kind: "field", name });
      i = j;
    } else if (ch === "[") {
      const end = matchingBracket(p, i);
      const inner = p.slice(i + 1, end).trim();
      steps.push(bracketStep(inner));
      i = end + 1;
    } else {
      throw new JSONPathError(`unrecognized character in action: U+${ch.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")} '${ch}'`);
    }
  }
  return steps;
}

function matchingBracket(p: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start; i < p.length; i++) {
    const c = p[i]!;
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "[") depth++;
    else if (c === "]" && --depth === 0) return i;
  }
  throw new JSONPathError("unclosed array expect ]");
}

function bracketStep(inner: string): Step {
  if (inner === "*") return { kind: "all" };
  if (/^-?\d+$/.test(inner)) return { kind: "index", index: Number(inner) };
  const quoted = inner.match(/^'(.*)'$|^"(.*)"$/);
  if (quoted) return { kind: "field", name: quoted[1] ?? quoted[2] ?? "" };
  const filter = inner.match(/^\?\((.*)\)$/);
  if (filter) {
    const expr = filter[1]!.trim();
    const cmp = expr.match(/^@((?:\.[^=!\s]+)*)\s*(==|!=)\s*(.+)$/);
    if (cmp) return { kind: "filter", path: parseJSONPath(cmp[1]!), op: cmp[2] as "==" | "!=", value: literal(cmp[3]!.trim()) };
    const exists = expr.match(/^@((?:\.[^=!\s]+)+)$/);
    if (exists) return { kind: "filter", path: parseJSONPath(exists[1]!) };
  }
  throw new JSONPathError(`invalid array index ${inner}`);
}

function literal(s: string): unknown {
  const q = s.match(/^'(.*)'$|^"(.*)"$/);
  if (q) return q[1] ?? q[2];
  if (s === "true" || s === "false") return s === "true";
  const n = Number(s);
  if (!Number.isNaN(n)) return n;
  throw new JSONPathError(`unrecognized filter value ${s}`);
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function apply(values: unknown[], step: Step): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    switch (step.kind) {
      case "field":
        if (isObject(v) && step.name in v) out.push(v[step.name]);
        break;
      case "index":
        if (Array.isArray(v)) {
          const i = step.index < 0 ? v.length + step.index : step.index;
          if (i >= 0 && i < v.length) out.push(v[i]);
        }
        break;
      case "all":
        if (Array.isArray(v)) out.push(...v);
        else if (isObject(v)) out.push(...Object.keys(v).sort().map((k) => v[k]));
        break;
      case "filter":
        if (Array.isArray(v)) {
          for (const item of v) {
            const found = evaluate(item, step.path);
            if (step.op === undefined ? found.length > 0 : found.length > 0 && (found[0] === step.value) === (step.op === "==")) out.push(item);
          }
        }
        break;
    }
  }
  return out;
}

function evaluate(obj: unknown, steps: Step[]): unknown[] {
  return steps.reduce<unknown[]>((vals, s) => apply(vals, s), [obj]);
}

/** Every value the path reaches, in order; empty when it reaches none. */
export function findResults(obj: unknown, path: string | Step[]): unknown[] {
  return evaluate(obj, typeof path === "string" ? parseJSONPath(path) : path);
}

/** A value as jsonpath's PrintResults prints it: strings bare, the rest as JSON. */
export function printValue(v: unknown): string {
  if (typeof v === "string") return v;
  if (v === null || v === undefined) return "";
  return JSON.stringify(v);
}
