/**
 * Schema `pattern`s are Go (RE2) regular expressions upstream; RE2 syntax is
 * used here too so a pattern means the same thing (no lookaround, no
 * backreferences). Compiled patterns are cached: schemas are long-lived.
 */
import { RE2JS } from "@bufbuild/re2";

const cache = new Map<string, RE2JS | Error>();

function compiled(pattern: string): RE2JS | Error {
  let re = cache.get(pattern);
  if (!re) {
    try {
      re = RE2JS.compile(pattern);
    } catch (e) {
      re = e instanceof Error ? e : new Error(String(e));
    }
    if (cache.size > 2000) cache.clear();
    cache.set(pattern, re);
  }
  return re;
}

/** The compile error of a pattern, or undefined when it is a valid RE2 expression. */
export function patternError(pattern: string): string | undefined {
  const re = compiled(pattern);
  return re instanceof Error ? re.message : undefined;
}

/** Whether s contains a match of pattern (Go's regexp.MatchString); invalid patterns never match. */
export function patternMatches(pattern: string, s: string): boolean {
  const re = compiled(pattern);
  return re instanceof Error ? false : re.test(s);
}
