/**
 * Values of library types CEL-ES cannot declare (URL, Quantity, optional):
 * carried as a one-entry map under a key no expression can spell ("@url"),
 * so that they pass through variables, lists and comparisons unchanged.
 */
import { celMap, isCelMap, type CelInput, type CelMap, type CelValue } from "@bufbuild/cel";

export function opaque(kind: string, payload: CelInput): CelMap {
  return celMap(new Map([[`@${kind}`, payload]]));
}

/** The payload if v is an opaque value of this kind. */
export function unwrap(kind: string, v: unknown): CelValue | undefined {
  if (!isCelMap(v) || v.size !== 1) return undefined;
  return v.get(`@${kind}`);
}

export function expect<K>(kind: string, v: unknown, parse: (p: CelValue) => K): K {
  const p = unwrap(kind, v);
  if (p === undefined) throw new Error("no such overload");
  return parse(p);
}
