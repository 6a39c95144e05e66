/** Equality and ordering of CEL values for library functions. */
import { isCelList, isCelMap, type CelValue } from "@bufbuild/cel";

function num(v: CelValue): number | bigint | undefined {
  if (typeof v === "bigint" || typeof v === "number") return v;
  if (typeof v === "object" && v !== null && "value" in (v as object) && typeof (v as { value: unknown }).value === "bigint") return (v as { value: bigint }).value;
  return undefined;
}

export function celEquals(a: CelValue, b: CelValue): boolean {
  const na = num(a);
  const nb = num(b);
  if (na !== undefined && nb !== undefined) return na == nb;
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return a.length === b.length && a.every((x, i) => x === b[i]);
  if (isCelList(a) && isCelList(b)) {
    if (a.size !== b.size) return false;
    const x = [...a];
    const y = [...b];
    return x.every((v, i) => celEquals(v, y[i]));
  }
  if (isCelMap(a) && isCelMap(b)) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      const w = b.get(k);
      if (w === undefined || !celEquals(v, w)) return false;
    }
    return true;
  }
  return JSON.stringify(a, (_k, v) => (typeof v === "bigint" ? v.toString() : v)) === JSON.stringify(b, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** Ordering for numbers (across int, uint and double), strings, booleans and timestamps/durations. */
export function compareValues(a: CelValue, b: CelValue): number {
  const na = num(a);
  const nb = num(b);
  if (na !== undefined && nb !== undefined) return na < nb ? -1 : na > nb ? 1 : 0;
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  const sa = seconds(a);
  const sb = seconds(b);
  if (sa !== undefined && sb !== undefined) return sa < sb ? -1 : sa > sb ? 1 : 0;
  throw new Error("no such overload");
}

/** Timestamps and durations as reflected messages: seconds and nanos as one number. */
function seconds(v: CelValue): number | undefined {
  const m = (v as { message?: { seconds?: bigint; nanos?: number } } | null)?.message;
  if (m && typeof m.seconds === "bigint") return Number(m.seconds) + (m.nanos ?? 0) / 1e9;
  return undefined;
}
