/** Small helpers over decoded JSON values, shared by validation, pruning and defaulting. */

export type JsonObject = Record<string, unknown>;

export function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The JSON type name kube-openapi reports for a value ("integer" for whole numbers, as Go decodes them to int64). */
export function jsonTypeOf(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return "string";
  if (typeof v === "boolean") return "boolean";
  if (typeof v === "number" || typeof v === "bigint") return typeof v === "bigint" || Number.isInteger(v) ? "integer" : "number";
  if (Array.isArray(v)) return "array";
  return "object";
}

/** Structural equality of JSON values (reflect.DeepEqual on decoded JSON). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (Array.isArray(b)) return false;
  const ak = Object.keys(a as JsonObject);
  const bk = Object.keys(b as JsonObject);
  if (ak.length !== bk.length) return false;
  return ak.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as JsonObject)[k], (b as JsonObject)[k]));
}

/** JSON with object keys sorted, as Go's encoding/json writes maps. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(",")}]`;
  if (isObject(v)) return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonicalJson(v[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "null";
}

export function deepCopy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** Go's %v of a float64 (strconv 'g', shortest): 1 -> "1", 1.5 -> "1.5", 1e6 -> "1e+06". */
export function goFloat(n: number): string {
  if (n === 0 || !Number.isFinite(n)) return String(n);
  const [mant, e] = n.toExponential().split("e") as [string, string];
  const exp = Number(e);
  const digits = mant.replace("-", "").replace(".", "").length;
  let eprec = 6;
  if (eprec > digits && digits >= exp + 1) eprec = digits;
  if (exp < -4 || exp >= eprec) return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  return String(n);
}

/**
 * A bound as kube-openapi prints it: a whole bound against a whole-number
 * value (both int64 upstream) plainly, otherwise as a float64.
 */
export function goBound(bound: number, data: number): string {
  return Number.isInteger(data) && Number.isInteger(bound) ? String(bound) : goFloat(bound);
}
