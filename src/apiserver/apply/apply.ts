/**
 * Server-side apply of one object, and ownership tracking for every other
 * write. Both read and write metadata.managedFields; neither mutates its
 * inputs.
 */
import { ApiError } from "../../api/errors.js";
import { deepCopy, deepEqual, isJsonObject, type JsonObject } from "../patch/json-value.js";
import type { PatchSchema } from "../patch/schema.js";
import { field, type FieldPath } from "./field-path.js";
import { FieldSet } from "./field-set.js";
import { decodeManagedFields, encodeManagedFields, formatTime, isResetManagedFields, managerId, type ManagerEntry, type Managers } from "./managed-fields.js";
import { rootShape, ShapeError } from "./shape.js";
import { applyConfig, updateOwnership, type Typed } from "./updater.js";

/** Options shared by apply and update. */
export interface OwnershipOptions {
  /** Field manager name (upstream defaults it from the User-Agent's first segment). */
  manager: string;
  schema: PatchSchema;
  /** OpenAPI definition of the object, e.g. "io.k8s.api.apps.v1.Deployment". */
  definition: string | undefined;
  /** Milliseconds since the epoch, from the component's Clock. */
  now: number;
  /** apiVersion the manager writes with; defaults to the object's. */
  apiVersion?: string;
  /** "status", "scale", ... when writing through a subresource. */
  subresource?: string;
  /** Paths nobody comes to own (upstream's reset fields, e.g. [["status"]] on the main resource). */
  ignoredFields?: string[][];
}

export interface ApplyOptions extends OwnershipOptions {
  /** Take fields other managers own instead of failing with a conflict. */
  force?: boolean;
}

/** Fields whose ownership is never recorded (upstream's stripped metadata). */
const STRIPPED: FieldPath[] = [
  [field("apiVersion")],
  [field("kind")],
  [field("metadata")],
  ...["name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion"].map((n) => [field("metadata"), field(n)]),
];
const STRIP_SET = FieldSet.of(...STRIPPED);

/** Cap on Update managers before the oldest are merged into "ancient-changes". */
export const MAX_UPDATE_MANAGERS = 10;

function typedFor(opts: OwnershipOptions): Typed {
  const ignored = (opts.ignoredFields ?? []).filter((p) => p.length).map((p) => p.map(field));
  const ignoresAll = (opts.ignoredFields ?? []).some((p) => p.length === 0);
  // The sets handed in are fresh from a walk: the ignored paths and all below them go in place.
  const ignore = (s: FieldSet): FieldSet => {
    if (ignoresAll) return new FieldSet();
    for (const p of ignored) s.deleteSubtree(p);
    return s;
  };
  return { schema: opts.schema, shape: rootShape(opts.definition, opts.schema), ignore };
}

function withoutManagedFields(obj: JsonObject): JsonObject {
  const out = deepCopy(obj);
  if (isJsonObject(out.metadata)) delete out.metadata.managedFields;
  return out;
}

/**
 * obj without metadata.managedFields, sharing everything else with obj:
 * for walks that only read (compare), and results whose metadata alone changes.
 */
function viewWithoutManagedFields(obj: JsonObject): JsonObject {
  if (!isJsonObject(obj.metadata)) return { ...obj };
  const { managedFields: _m, ...metadata } = obj.metadata;
  return { ...obj, metadata };
}

function decodeOrFail(obj: JsonObject | undefined): Managers {
  const meta = obj?.metadata;
  try {
    return decodeManagedFields(isJsonObject(meta) ? meta.managedFields : undefined);
  } catch (err) {
    throw new ApiError(500, "InternalError", `Internal error occurred: failed to decode managed fields: ${(err as Error).message}`);
  }
}

function finish(obj: JsonObject, managers: Managers, self: string): JsonObject {
  const m = managers.get(self);
  if (m) {
    const set = m.set.difference(STRIP_SET);
    if (set.isEmpty()) managers.delete(self);
    else managers.set(self, { ...m, set });
  }
  const out = obj;
  const meta = isJsonObject(out.metadata) ? out.metadata : (out.metadata = {});
  const entries = encodeManagedFields(managers);
  if (entries.length) meta.managedFields = entries as unknown as JsonObject[];
  else delete meta.managedFields;
  return out;
}

function apiVersionOf(opts: OwnershipOptions, ...objs: (JsonObject | undefined)[]): string {
  if (opts.apiVersion) return opts.apiVersion;
  for (const o of objs) if (typeof o?.apiVersion === "string") return o.apiVersion;
  return "";
}

/**
 * Applies a configuration: returns live merged with applied and its updated
 * managedFields. live is undefined when the apply creates the object.
 * Throws the upstream 409 ApiError listing conflicting fields and managers.
 */
export function applyObject(live: JsonObject | undefined, applied: JsonObject, opts: ApplyOptions): JsonObject {
  try {
    return applyTyped(live, applied, opts);
  } catch (err) {
    // A list item without its keys or a duplicated key cannot be tracked.
    if (err instanceof ShapeError) throw new ApiError(500, "InternalError", `Internal error occurred: failed to create typed patch object: ${err.message}`);
    throw err;
  }
}

function applyTyped(live: JsonObject | undefined, applied: JsonObject, opts: ApplyOptions): JsonObject {
  const t = typedFor(opts);
  const version = apiVersionOf(opts, applied, live);
  const managers = decodeOrFail(live);
  let current = live ? withoutManagedFields(live) : {};
  const config = withoutManagedFields(applied);
  if (live && managers.size === 0) {
    // Upstream gives fields that predate any tracking to "before-first-apply".
    const before = { manager: "before-first-apply", operation: "Update" as const, apiVersion: version };
    const set = updateOwnership(t, {}, current, managers, managerId(before));
    if (set) managers.set(managerId(before), { ...before, set: set.difference(STRIP_SET) });
  }
  const entry: Omit<ManagerEntry, "set"> = { manager: opts.manager || "unknown", operation: "Apply", apiVersion: version };
  if (opts.subresource) entry.subresource = opts.subresource;
  const self = managerId(entry);
  const previous = managers.get(self);
  const merged = applyConfig(t, current, config, managers, self, entry, opts.force ?? false);
  const changed = !deepEqual(current, merged);
  const mine = managers.get(self)!;
  mine.time = changed || !previous?.time ? formatTime(opts.now) : previous.time;
  current = changed ? merged : current;
  return finish(current, managers, self);
}

export interface UpdateOptions extends OwnershipOptions {
  operation: "Update";
}

/**
 * Records the writer of a non-apply write (create, update, patch) as owner
 * of what it changed. Returns newObj with updated managedFields (a new
 * object and metadata; the other fields are newObj's own). A request
 * that sets managedFields to [] or [{}] clears them; one that sets other
 * managedFields has them taken as the starting point.
 */
export function updateManagedFields(live: JsonObject | undefined, newObj: JsonObject, opts: UpdateOptions): JsonObject {
  try {
    return updateTyped(live, newObj, opts);
  } catch (err) {
    if (!(err instanceof ShapeError)) throw err;
    // As upstream: a write never fails for its managed fields; keep the live ones.
    const out = withoutManagedFields(newObj);
    const liveFields = isJsonObject(live?.metadata) ? live.metadata.managedFields : undefined;
    if (liveFields !== undefined && isJsonObject(out.metadata)) out.metadata.managedFields = deepCopy(liveFields);
    return out;
  }
}

function updateTyped(live: JsonObject | undefined, newObj: JsonObject, opts: UpdateOptions): JsonObject {
  const t = typedFor(opts);
  const version = apiVersionOf(opts, newObj, live);
  const requested = isJsonObject(newObj.metadata) ? newObj.metadata.managedFields : undefined;
  // Only read below, and only metadata changes in the result: no copy of the rest.
  const target = viewWithoutManagedFields(newObj);
  if (!opts.subresource && isResetManagedFields(requested)) return finish(target, new Map(), "");
  let managers: Managers = new Map();
  if (!opts.subresource && Array.isArray(requested) && requested.length) {
    try {
      managers = decodeManagedFields(requested);
    } catch {
      managers = new Map();
    }
  }
  if (managers.size === 0) {
    try {
      managers = decodeManagedFields(isJsonObject(live?.metadata) ? live.metadata.managedFields : undefined);
    } catch {
      managers = new Map();
    }
  }
  // Objects written before any tracking stay untracked until their first apply.
  if (live && managers.size === 0) return finish(target, managers, "");
  const entry: Omit<ManagerEntry, "set"> = { manager: opts.manager || "unknown", operation: "Update", apiVersion: version };
  if (opts.subresource) entry.subresource = opts.subresource;
  const self = managerId(entry);
  // A new object is compared with its type's zero value, so fields Go always writes are not "added" (no ".").
  const base = live ? viewWithoutManagedFields(live) : (opts.schema.zero?.(opts.definition) ?? {});
  const set = updateOwnership(t, base, target, managers, "current-operation");
  if (set) {
    const previous = managers.get(self)?.set;
    managers.set(self, { ...entry, time: formatTime(opts.now), set: previous ? set.union(previous) : set });
  }
  capUpdateManagers(managers);
  return finish(target, managers, self);
}

/** Keeps at most MAX_UPDATE_MANAGERS Update managers, folding the oldest into "ancient-changes" per apiVersion. */
function capUpdateManagers(managers: Managers): void {
  const updaters = [...managers.entries()].filter(([, m]) => m.operation === "Update");
  if (updaters.length <= MAX_UPDATE_MANAGERS) return;
  const seconds = (m: ManagerEntry) => (m.time ? Math.floor(Date.parse(m.time) / 1000) : 0);
  updaters.sort(([ia, a], [ib, b]) => seconds(a) - seconds(b) || (ia < ib ? -1 : ia > ib ? 1 : 0));
  let length = updaters.length;
  const firstByVersion = new Map<string, string>();
  for (const [id, m] of updaters) {
    if (length <= MAX_UPDATE_MANAGERS) break;
    const bucket = managerId({ manager: "ancient-changes", operation: "Update", apiVersion: m.apiVersion });
    const first = firstByVersion.get(m.apiVersion);
    if (first === undefined) {
      firstByVersion.set(m.apiVersion, id);
      continue;
    }
    if (!managers.has(bucket)) {
      const f = managers.get(first)!;
      managers.delete(first);
      managers.set(bucket, { ...f, manager: "ancient-changes" });
    }
    const b = managers.get(bucket)!;
    managers.set(bucket, { ...b, set: m.set.union(b.set), time: m.time });
    managers.delete(id);
    length--;
  }
}
