/** Small JSON helpers the registry leans on. */

/** Equality of JSON values; a key holding undefined counts as absent (JSON drops it). */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    if (a.length !== bb.length) return false;
    for (let i = 0; i < a.length; i++) if (i in a && !deepEqual(a[i], bb[i])) return false;
    return true;
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  // Counted and compared in place: no key lists on this path (every no-op update check walks whole objects).
  let na = 0;
  for (const k in ao) {
    if (!Object.hasOwn(ao, k) || ao[k] === undefined) continue;
    na++;
    if (!deepEqual(ao[k], bo[k])) return false;
  }
  let nb = 0;
  for (const k in bo) if (Object.hasOwn(bo, k) && bo[k] !== undefined) nb++;
  return na === nb;
}

/** What a JSON round trip of v gives (keys holding undefined dropped, ...), without the text in between. */
export function clone<T>(v: T): T {
  if (v === undefined) return v;
  if (!isJsonable(v)) return JSON.parse(JSON.stringify(v)) as T;
  return copyJson(v) as T;
}

/** Values a round trip keeps as they are; the rest (Dates, toJSON, NaN, functions) take the round trip itself. */
function isJsonable(v: unknown): boolean {
  if (v === null || typeof v === "string" || typeof v === "boolean") return true;
  if (typeof v === "number") return Number.isFinite(v);
  if (typeof v !== "object") return false;
  if (Array.isArray(v)) return true;
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== "function";
}

/** A copy through the text, for the values isJsonable refuses; undefined where JSON writes nothing. */
function roundTrip(x: unknown): unknown {
  const text = JSON.stringify(x) as string | undefined;
  return text === undefined ? undefined : (JSON.parse(text) as unknown);
}

function copyJson(v: unknown): unknown {
  // JSON writes -0 as 0.
  if (typeof v === "number") return v === 0 ? 0 : v;
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      out.push((isJsonable(x) ? copyJson(x) : roundTrip(x)) ?? null);
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    const copied = isJsonable(x) ? copyJson(x) : roundTrip(x);
    if (copied === undefined) continue;
    if (k === "__proto__") Object.defineProperty(out, k, { value: copied, enumerable: true, writable: true, configurable: true });
    else out[k] = copied;
  }
  return out;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Reads a dotted path ("spec.replicas") from an object. */
export function getPath(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const p of path.replace(/^\./, "").split(".")) {
    if (!isPlainObject(cur)) return undefined;
    cur = cur[p];
  }
  return cur;
}

/** Writes a dotted path, creating objects on the way. */
export function setPath(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/^\./, "").split(".");
  let cur = obj;
  for (const p of parts.slice(0, -1)) {
    if (!isPlainObject(cur[p])) cur[p] = {};
    cur = cur[p] as Record<string, unknown>;
  }
  cur[parts[parts.length - 1]] = value;
}
