/**
 * Mutating plugins run before validation (as upstream's chain does), but
 * Skiff's objects are JSON that no typed decoding has checked yet: a field
 * of the wrong type is left alone here, for validation to refuse with a
 * 422, instead of failing the plugin with a 500.
 */
export type Json = Record<string, unknown>;

export const isRecord = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/** parent[key] as an object, created when absent; undefined when it holds something else. */
export function objectField(parent: unknown, key: string): Json | undefined {
  if (!isRecord(parent)) return undefined;
  if (parent[key] === undefined || parent[key] === null) parent[key] = {};
  return isRecord(parent[key]) ? (parent[key] as Json) : undefined;
}

/** parent[key] as an array, created when absent; undefined when it holds something else. */
export function arrayField(parent: unknown, key: string): unknown[] | undefined {
  if (!isRecord(parent)) return undefined;
  if (parent[key] === undefined || parent[key] === null) parent[key] = [];
  return Array.isArray(parent[key]) ? (parent[key] as unknown[]) : undefined;
}

/** Whether every listed field of the object is absent or of the expected kind. */
export function wellShaped(obj: unknown, arrays: string[], records: string[] = []): boolean {
  if (!isRecord(obj)) return false;
  const absent = (k: string) => obj[k] === undefined || obj[k] === null;
  return arrays.every((k) => absent(k) || Array.isArray(obj[k])) && records.every((k) => absent(k) || isRecord(obj[k]));
}
