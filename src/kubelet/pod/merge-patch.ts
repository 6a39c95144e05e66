/**
 * The JSON merge patch (RFC 7386) that turns `from` into `to`: changed and
 * new fields as in `to`, removed fields as null, arrays whole. Undefined
 * when nothing changed. A field that is null is the same as one that is
 * absent (the server writes `lastProbeTime: null` where the kubelet leaves
 * it out), so the server's form and ours compare equal.
 */
type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);
const absent = (v: Json) => v === undefined || v === null;

export function mergePatchDiff(from: Json, to: Json): Json | undefined {
  if (!isObject(from) || !isObject(to)) return sameJson(from, to) ? undefined : to;
  const patch: Record<string, Json> = {};
  for (const k of Object.keys(from)) if (absent(to[k]) && !absent(from[k])) patch[k] = null;
  for (const [k, v] of Object.entries(to)) {
    if (absent(v)) continue;
    const d = absent(from[k]) ? v : mergePatchDiff(from[k], v);
    if (d !== undefined) patch[k] = d;
  }
  return Object.keys(patch).length ? patch : undefined;
}

/** Deep equality of JSON values, a null field counting as absent. */
export function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (isObject(a) && isObject(b)) {
    for (const k of Object.keys(a)) {
      const x = a[k];
      const y = b[k];
      if (absent(x) ? !absent(y) : absent(y) || !sameJson(x, y)) return false;
    }
    for (const k of Object.keys(b)) if (!absent(b[k]) && absent(a[k])) return false;
    return true;
  }
  return false;
}
