/**
 * Field selectors: `a=b,c!=d` (also `==`), over the fields a resource makes
 * selectable. Upstream rejects unknown fields with "field label not supported".
 */
import { badRequest } from "../../api/errors.js";

export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

export interface FieldSelector {
  readonly empty: boolean;
  readonly requirements: readonly FieldRequirement[];
  matches(fields: Record<string, string>): boolean;
  /** The value required for field with "=", if any (for fast paths such as metadata.name). */
  exact(field: string): string | undefined;
  toString(): string;
}

function unescape(v: string): string {
  return v.replace(/\\(.)/g, "$1");
}

/** Splits on an unescaped separator. */
function splitUnescaped(s: string, sep: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < s.length; i++) {
    if (s[i] === "\\" && i + 1 < s.length) {
      cur += s[i] + s[i + 1];
      i++;
    } else if (s[i] === sep) {
      out.push(cur);
      cur = "";
    } else cur += s[i];
  }
  out.push(cur);
  return out;
}

export function parseFieldSelector(text: string | null | undefined, allowed?: ReadonlySet<string>): FieldSelector {
  const reqs: FieldRequirement[] = [];
  if (text && text.trim()) {
    for (const part of splitUnescaped(text, ",")) {
      if (!part) continue;
      let m: RegExpExecArray | null;
      if ((m = /^([^=!]+)(!=|==|=)(.*)$/s.exec(part)) === null) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
      const field = m[1].trim();
      const op = m[2] === "!=" ? "!=" : "=";
      if (allowed && !allowed.has(field)) throw badRequest(`field label not supported: ${field}`);
      reqs.push({ field, op, value: unescape(m[3]) });
    }
  }
  return {
    empty: reqs.length === 0,
    requirements: reqs,
    matches: (fields) => reqs.every((r) => ((fields[r.field] ?? "") === r.value) === (r.op === "=")),
    exact: (field) => reqs.find((r) => r.field === field && r.op === "=")?.value,
    toString: () => reqs.map((r) => `${r.field}${r.op}${r.value}`).join(","),
  };
}
