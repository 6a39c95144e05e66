/**
 * The ownership rules of server-side apply (upstream's structured-merge-diff
 * Updater) over plain objects and field sets:
 *
 * - apply: the applier comes to own exactly the fields of its configuration;
 *   the configuration is merged into the live object; fields it owned before
 *   and no longer applies are removed unless someone else owns them; fields
 *   whose value changes and that other managers own are conflicts, unless
 *   forced, when those managers lose them.
 * - update: the writer comes to own every field it added or changed; other
 *   managers lose changed fields (an update always forces) and removed ones.
 */
import type { JsonObject } from "../patch/json-value.js";
import type { PatchSchema } from "../patch/schema.js";
import { conflictError, type Conflict } from "./conflict.js";
import { FieldSet } from "./field-set.js";
import type { ManagerEntry, Managers } from "./managed-fields.js";
import type { Shape } from "./shape.js";
import { compare, ensureNamedFieldsAreMembers, merge, removeItems, toFieldSet, type Comparison } from "./walk.js";

export interface Typed {
  schema: PatchSchema;
  shape: Shape;
  /** Fields nobody comes to own (e.g. status on the main resource). */
  ignore: (set: FieldSet) => FieldSet;
}

/**
 * Takes changed fields from every manager but self (conflicts when not
 * forced: throws the 409). Mutates managers; returns the comparison.
 */
export function takeOwnership(t: Typed, oldObj: JsonObject, newObj: JsonObject, managers: Managers, self: string, force: boolean): Comparison {
  const raw = compare(t.schema, t.shape, oldObj, newObj);
  const cmp: Comparison = { added: t.ignore(raw.added), modified: t.ignore(raw.modified), removed: t.ignore(raw.removed) };
  const changed = cmp.modified.union(cmp.added);
  const conflicts: Conflict[] = [];
  const lost = new Map<string, FieldSet>();
  for (const [id, m] of managers) {
    if (id === self) continue;
    const c = m.set.intersection(changed);
    if (!c.isEmpty()) {
      lost.set(id, c);
      for (const path of c.paths()) conflicts.push({ id, manager: m, path });
    }
  }
  if (!force && conflicts.length) throw conflictError(conflicts);
  for (const [id, m] of managers) {
    if (id === self) continue;
    let set = m.set;
    const c = lost.get(id);
    if (c) set = set.difference(c);
    if (!cmp.removed.isEmpty()) set = set.difference(cmp.removed);
    if (set.isEmpty()) managers.delete(id);
    else managers.set(id, { ...m, set });
  }
  return cmp;
}

/** Returns the new object; sets managers[self] to the configuration's fields. */
export function applyConfig(t: Typed, live: JsonObject, config: JsonObject, managers: Managers, self: string, entry: Omit<ManagerEntry, "set">, force: boolean): JsonObject {
  let merged = (merge(t.schema, t.shape, live, config) ?? {}) as JsonObject;
  const last = managers.get(self)?.set;
  managers.set(self, { ...entry, set: t.ignore(toFieldSet(t.schema, t.shape, config)) });
  if (last && !last.isEmpty()) merged = prune(t, merged, managers, last);
  takeOwnership(t, live, merged, managers, self, force);
  return merged;
}

/**
 * Removes from merged what the applier owned last time and owns no longer,
 * unless another manager owns it; what the applier never owned stays.
 */
function prune(t: Typed, merged: JsonObject, managers: Managers, last: FieldSet): JsonObject {
  const ensure = (s: FieldSet) => ensureNamedFieldsAreMembers(t.schema, t.shape, s);
  const fields = (o: JsonObject) => ensure(toFieldSet(t.schema, t.shape, o));
  const remove = (o: JsonObject, s: FieldSet) => (removeItems(t.schema, t.shape, o, s) ?? {}) as JsonObject;

  const lastE = ensure(last);
  const pruned = remove(merged, lastE);
  let managed = new FieldSet();
  for (const m of managers.values()) managed = managed.union(m.set);
  const mergedSet = fields(merged);
  const keep = fields(pruned).union(ensure(managed));
  const withOwned = remove(merged, mergedSet.difference(keep));
  return remove(merged, mergedSet.difference(fields(withOwned)).intersection(lastE));
}

/** Returns the fields the writer of newObj comes to own, on top of what it owned. */
export function updateOwnership(t: Typed, live: JsonObject, newObj: JsonObject, managers: Managers, self: string): FieldSet | undefined {
  const cmp = takeOwnership(t, live, newObj, managers, self, true);
  const set = cmp.modified.union(cmp.added);
  return set.isEmpty() ? undefined : set;
}
