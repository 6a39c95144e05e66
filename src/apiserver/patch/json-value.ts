/**
 * Plain JSON values as patches see them, with the few helpers every patch
 * format needs: deep copy, deep equality, and Go-style printing for error
 * messages that must read exactly as upstream's.
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

export interface JsonObject {
  [key: string]: JsonValue;
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** A copy sharing nothing with v (as structuredClone, several times faster on plain JSON). */
export function deepCopy<T extends JsonValue>(v: T): T {
  return copyValue(v) as T;
}

function copyValue(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) out.push(copyValue(v[i]));
    return out;
  }
  const proto = Object.getPrototypeOf(v) as unknown;
  // Anything but a plain object (a Date, a Map, ...) is structuredClone's to copy.
  if (proto !== Object.prototype && proto !== null) return structuredClone(v);
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) setOwn(out, k, copyValue((v as Record<string, unknown>)[k]));
  return out;
}

/** out[k] = value, as an own property even for "__proto__" (which JSON.parse makes own). */
export function setOwn(out: Record<string, unknown>, k: string, value: unknown): void {
  if (k === "__proto__") Object.defineProperty(out, k, { value, enumerable: true, writable: true, configurable: true });
  else out[k] = value;
}

export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.hasOwn(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/**
 * The Go type a decoded JSON value has upstream (apimachinery decodes whole
 * numbers as int64, others as float64). Strategic merge compares these to
 * decide between merging and replacing.
 */
export function goTypeName(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return "[]interface {}";
  switch (typeof v) {
    case "string":
      return "string";
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(v) ? "int64" : "float64";
    default:
      return "map[string]interface {}";
  }
}

/**
 * Go's %v of a number decoded upstream: whole numbers are int64 and print
 * plainly; others are float64 and print in %g's shortest form (exponent when
 * it is below -4 or reaches the precision strconv picks for shortest form).
 */
export function goFloat(n: number): string {
  if (Number.isInteger(n)) return String(n);
  const [mant, e] = n.toExponential().split("e") as [string, string];
  const exp = Number(e);
  const nd = mant.replace("-", "").replace(".", "").length;
  const dp = exp + 1;
  let eprec = 6;
  if (eprec > nd && nd >= dp) eprec = nd;
  if (exp < -4 || exp >= eprec) {
    const sign = exp < 0 ? "-" : "+";
    return `${mant}e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return String(n);
}

/** Go's fmt %v of a value decoded from JSON into interface{}: map[a:1 b:x], [a b], <nil>. */
export function goFormat(v: JsonValue | undefined): string {
  if (v === null || v === undefined) return "<nil>";
  if (Array.isArray(v)) return `[${v.map(goFormat).join(" ")}]`;
  if (isJsonObject(v)) {
    const keys = Object.keys(v).sort();
    return `map[${keys.map((k) => `${k}:${goFormat(v[k])}`).join(" ")}]`;
  }
  if (typeof v === "number") return goFloat(v);
  return String(v);
}
