/**
 * Kubernetes' CEL regex library: find and findAll. Patterns are checked
 * as RE2 (what upstream accepts); matching runs on the JavaScript engine,
 * which selects the same leftmost-first matches for RE2-valid patterns.
 */
import { celMethod, CelScalar, listType, type CelFunc } from "@bufbuild/cel";
import { RE2JS } from "@bufbuild/re2";
import { charge } from "../cost.js";

const cache = new Map<string, RegExp>();

/** RE2 syntax JavaScript spells differently: leading (?flags), (?P<name>, \z, \A. */
function toJs(pattern: string): RegExp {
  let flags = "gu";
  let p = pattern;
  const lead = /^\(\?([imsU]+)\)/.exec(p);
  if (lead) {
    if (lead[1].includes("i")) flags += "i";
    if (lead[1].includes("m")) flags += "m";
    if (lead[1].includes("s")) flags += "s";
    p = p.slice(lead[0].length);
  }
  p = p.replace(/\(\?P</g, "(?<").replace(/\\z/g, "$").replace(/\\A/g, "^");
  return new RegExp(p, flags);
}

function compile(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (!re) {
    try {
      RE2JS.compile(pattern);
      re = toJs(pattern);
    } catch (e) {
      throw new Error(`Illegal regex: ${(e as Error).message}`);
    }
    if (cache.size > 1000) cache.clear();
    cache.set(pattern, re);
  }
  re.lastIndex = 0;
  return re;
}

function findAll(s: string, pattern: string, limit: number): string[] {
  charge(s.length + pattern.length);
  const re = compile(pattern);
  const out: string[] = [];
  if (limit === 0) return out;
  for (const m of s.matchAll(re)) {
    out.push(m[0]);
    if (limit > 0 && out.length >= limit) break;
  }
  return out;
}

const stringList = listType(CelScalar.STRING);

export const regexLibrary: CelFunc[] = [
  celMethod("find", CelScalar.STRING, [CelScalar.STRING], CelScalar.STRING, function (pattern) {
    return findAll(this, pattern, 1)[0] ?? "";
  }),
  celMethod("findAll", CelScalar.STRING, [CelScalar.STRING], stringList, function (pattern) {
    return findAll(this, pattern, -1);
  }),
  celMethod("findAll", CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], stringList, function (pattern, n) {
    return findAll(this, pattern, Number(n));
  }),
];
