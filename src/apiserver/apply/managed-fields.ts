/**
 * metadata.managedFields in and out: each entry is one manager's field set
 * (FieldsV1) with its identity (manager, operation, apiVersion for updates,
 * subresource) and the time of its last change.
 */
import { isJsonObject, type JsonObject, type JsonValue } from "../patch/json-value.js";
import { FieldSet } from "./field-set.js";
import { formatTime as formatSeconds } from "../../util/time.js";

export type Operation = "Apply" | "Update";

/** One metadata.managedFields entry as it travels. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: Operation;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: JsonObject;
  subresource?: string;
}

/** A manager's ownership. */
export interface ManagerEntry {
  manager: string;
  operation: Operation;
  apiVersion: string;
  subresource?: string;
  /** RFC 3339, seconds. */
  time?: string;
  set: FieldSet;
  /** The FieldsV1 this entry was read from, when it is exactly set's encoding: written again as long as set stays. */
  encoded?: { set: FieldSet; fieldsV1: JsonObject };
}

/** Managers by identity (managerId). */
export type Managers = Map<string, ManagerEntry>;

/**
 * Upstream's manager identity: the entry's JSON without fields and time, and
 * without apiVersion for appliers, so one applier is one manager whatever
 * version it applies with.
 */
export function managerId(e: { manager: string; operation: Operation; apiVersion: string; subresource?: string }): string {
  const id: Record<string, string> = { manager: e.manager || "unknown", operation: e.operation };
  if (e.operation !== "Apply" && e.apiVersion) id.apiVersion = e.apiVersion;
  if (e.subresource) id.subresource = e.subresource;
  return JSON.stringify(id);
}

let lastSecond = Number.NaN;
let lastTime = "";

/** An entry's time (RFC 3339, seconds); the last second formatted is remembered, as writes come many to a second. */
export function formatTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastTime = formatSeconds(ms);
    lastSecond = second;
  }
  return lastTime;
}

/** Decodes metadata.managedFields; throws on a malformed entry. */
export function decodeManagedFields(entries: JsonValue | undefined): Managers {
  const out: Managers = new Map();
  if (entries === undefined || entries === null) return out;
  if (!Array.isArray(entries)) throw new Error("managedFields must be a list");
  for (const raw of entries) {
    if (!isJsonObject(raw)) throw new Error("managedFields entries must be objects");
    const e = raw as unknown as ManagedFieldsEntry;
    if (e.fieldsType !== undefined && e.fieldsType !== "FieldsV1") throw new Error(`unexpected fieldsType: ${e.fieldsType}`);
    const { set, canonical } = FieldSet.decodeFieldsV1(e.fieldsV1);
    const entry: ManagerEntry = {
      manager: e.manager ?? "",
      operation: e.operation === "Apply" ? "Apply" : "Update",
      apiVersion: e.apiVersion ?? "",
      set,
    };
    if (canonical) entry.encoded = { set, fieldsV1: e.fieldsV1! };
    if (e.subresource) entry.subresource = e.subresource;
    if (e.time) entry.time = e.time;
    const id = managerId(entry);
    if (out.has(id)) throw new Error(`duplicate entries for manager ${id}`);
    out.set(id, entry);
  }
  return out;
}

/** Encodes managers in upstream's order: Apply before Update, then by time, manager, apiVersion, subresource. */
export function encodeManagedFields(managers: Managers): ManagedFieldsEntry[] {
  const seconds = (t?: string) => (t ? Math.floor(Date.parse(t) / 1000) : 0);
  const list = [...managers.values()].filter((m) => !m.set.isEmpty()).map((m) => ({ m, at: seconds(m.time) }));
  list.sort(
    ({ m: p, at: pt }, { m: q, at: qt }) =>
      cmp(p.operation, q.operation) || pt - qt || cmp(p.manager, q.manager) || cmp(p.apiVersion, q.apiVersion) || cmp(p.subresource ?? "", q.subresource ?? ""),
  );
  return list.map(({ m }) => {
    const e: ManagedFieldsEntry = { manager: m.manager, operation: m.operation, apiVersion: m.apiVersion };
    if (m.time) e.time = m.time;
    e.fieldsType = "FieldsV1";
    // An unchanged set keeps the FieldsV1 it came in (the same JSON, shared with the old object).
    e.fieldsV1 = m.encoded?.set === m.set ? m.encoded.fieldsV1 : m.set.toFieldsV1();
    if (m.subresource) e.subresource = m.subresource;
    return e;
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Upstream's reset request: managedFields set to [] or to [{}]. */
export function isResetManagedFields(v: JsonValue | undefined): boolean {
  if (!Array.isArray(v)) return false;
  if (v.length === 0) return true;
  return v.length === 1 && isJsonObject(v[0]) && Object.keys(v[0]).length === 0;
}
