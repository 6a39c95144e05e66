/**
 * The JSON merge patch (RFC 7386) that turns `from` into `to`: changed and
 * new fields as in `to`, removed fields as null, arrays whole. Undefined
 * when nothing changed.
 */
type Json = unknown;

const isObject = (v: Json): v is Record<string, Json> => typeof v === "object" && v !== null && !Array.isArray(v);

export function mergePatchDiff(from: Json, to: Json): Json | undefined {
  if (!isObject(from) || !isObject(to)) return JSON.stringify(from) === JSON.stringify(to) ? undefined : to;
  const patch: Record<string, Json> = {};
  for (const k of Object.keys(from)) if (!(k in to) || to[k] === undefined) if (from[k] !== undefined) patch[k] = null;
  for (const [k, v] of Object.entries(to)) {
    if (v === undefined) continue;
    const d = k in from ? mergePatchDiff(from[k], v) : v;
    if (d !== undefined) patch[k] = d;
  }
  return Object.keys(patch).length ? patch : undefined;
}
