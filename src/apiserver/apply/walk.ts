/**
 * The value operations server-side apply is built from, each a walk over a
 * value guided by its Shape: the set of fields a value sets, the difference
 * between two values, the merge of an applied configuration into a live
 * object, and the removal of a set of fields.
 */
import { deepEqual, isJsonObject, type JsonObject, type JsonValue } from "../patch/json-value.js";
import type { PatchSchema } from "../patch/schema.js";
import { field, serializeElement, type FieldPath, type PathElement } from "./field-path.js";
import { FieldSet } from "./field-set.js";
import { fieldShape, isNamedField, itemElement, itemShape, type Shape } from "./shape.js";

/** Whether the shape is handled as one leaf: scalars, atomic values, or both sides empty. */
function isLeaf(shape: Shape, a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (shape.kind === "scalar" || shape.atomic) return true;
  return isEmptyValue(a) && isEmptyValue(b);
}

/** Absent, null, an empty list or map, or any scalar (nothing to walk into). */
function isEmptyValue(v: JsonValue | undefined): boolean {
  if (v === undefined || v === null || typeof v !== "object") return true;
  if (Array.isArray(v)) return v.length === 0;
  for (const k in v) if (Object.hasOwn(v, k)) return false;
  return true;
}

const NONE = 0;
const LIST = 1;
const MAP = 2;
const SCALAR = 3;

function kindCode(v: JsonValue | undefined): number {
  if (v === undefined) return NONE;
  if (Array.isArray(v)) return LIST;
  return isJsonObject(v) ? MAP : SCALAR;
}

function sameKind(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === undefined || b === undefined) return true;
  return kindCode(a) === kindCode(b);
}

/** Compare walks into a null map or list as into an empty one (a Go nil slice or map), as upstream's compare does. */
function comparable(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  return a === null || b === null || sameKind(a, b);
}

/** List items keyed by element, in order; a repeated element keeps its first item. */
function indexItems(schema: PatchSchema, list: Shape, items: JsonValue[] | undefined): { pes: PathElement[]; ids: string[]; byId: Map<string, JsonValue> } {
  const pes: PathElement[] = [];
  const ids: string[] = [];
  const byId = new Map<string, JsonValue>();
  for (const item of items ?? []) {
    const pe = itemElement(schema, list, item);
    const id = serializeElement(pe);
    if (!byId.has(id)) byId.set(id, item);
    pes.push(pe);
    ids.push(id);
  }
  return { pes, ids, byId };
}

/** The fields a value sets (upstream's ToFieldSet). */
export function toFieldSet(schema: PatchSchema, shape: Shape, value: JsonValue): FieldSet {
  const set = new FieldSet();
  const visit = (path: FieldPath, s: Shape, v: JsonValue): void => {
    if (s.kind === "scalar" || s.atomic || v === null) {
      set.insert(path);
      return;
    }
    if (s.kind === "list" && Array.isArray(v)) {
      const seen = new Set<string>();
      const dup = new Set<string>();
      for (const item of v) {
        const id = serializeElement(itemElement(schema, s, item));
        if (seen.has(id)) dup.add(id);
        seen.add(id);
      }
      for (const item of v) {
        const pe = itemElement(schema, s, item);
        const p = [...path, pe];
        if (!dup.has(serializeElement(pe))) visit(p, itemShape(schema, s, item), item);
        set.insert(p);
      }
      return;
    }
    if (s.kind === "map" && isJsonObject(v)) {
      for (const [k, child] of Object.entries(v)) {
        if (child === undefined) continue;
        const p = [...path, field(k)];
        visit(p, fieldShape(schema, s, k, child), child);
        const emptyMap = isJsonObject(child) && Object.keys(child).length === 0;
        if (child === null || emptyMap || !isNamedField(schema, s, k)) set.insert(p);
      }
      return;
    }
    set.insert(path);
  };
  visit([], shape, value);
  return set;
}

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

const ADDED = 0;
const MODIFIED = 1;
const REMOVED = 2;

/**
 * One level of a walk that fills the three sets of a Comparison: its sets
 * are made when the first path below it goes in, so a walk neither copies
 * paths nor leaves empty levels behind.
 */
interface Level {
  up: Level | undefined;
  id: string;
  pe: PathElement;
  sets: (FieldSet | undefined)[];
}

function setAt(level: Level, which: number): FieldSet {
  let s = level.sets[which];
  if (!s) {
    s = setAt(level.up!, which).childAt(level.id, level.pe);
    level.sets[which] = s;
  }
  return s;
}

/** What changed from lhs to rhs (upstream's Compare). */
export function compare(schema: PatchSchema, shape: Shape, lhs: JsonValue, rhs: JsonValue): Comparison {
  const out: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  // The root path is no field: only what lies below it counts.
  if (isLeaf(shape, lhs, rhs) || !comparable(lhs, rhs)) return out;
  if (deepEqual(lhs, rhs)) {
    checkItems(schema, shape, lhs);
    return out;
  }
  const root: Level = { up: undefined, id: "", pe: field(""), sets: [out.added, out.modified, out.removed] };
  compareBelow(schema, root, shape, lhs, rhs);
  return out;
}

/** Both sides hold the same map or list: nothing below changes (only checkItems' errors can come from there). */
function sameContainer(l: JsonValue | undefined, r: JsonValue | undefined): boolean {
  return typeof l === "object" && l !== null && typeof r === "object" && r !== null && deepEqual(l, r);
}

/**
 * What comparing v with an equal value can throw, in the order compare
 * would meet it: a list's items are named (itemElement refuses items
 * without keys) before the first item of each name is walked into.
 * Nothing else is done: an unchanged subtree is checked, not compared.
 */
function checkItems(schema: PatchSchema, s: Shape, v: JsonValue): void {
  if (isLeaf(s, v, v)) return;
  if (s.kind === "map") {
    const m = v as JsonObject;
    for (const k of Object.keys(m)) {
      const x = m[k];
      // Scalars and null are leaves whatever their shape.
      if (x === undefined || x === null || typeof x !== "object") continue;
      checkItems(schema, fieldShape(schema, s, k, x), x);
    }
  } else if (s.kind === "list") {
    const first = new Map<string, JsonValue>();
    for (const item of v as JsonValue[]) {
      const id = serializeElement(itemElement(schema, s, item));
      if (!first.has(id)) first.set(id, item);
    }
    for (const item of first.values()) if (item !== null && typeof item === "object") checkItems(schema, itemShape(schema, s, item), item);
  }
}

/** Compares the item or field pe (serialized id) of the level at. */
function compareAt(schema: PatchSchema, at: Level, pe: PathElement, id: string, s: Shape, l: JsonValue | undefined, r: JsonValue | undefined): void {
  if (isLeaf(s, l, r) || !comparable(l, r)) {
    if (l === undefined) setAt(at, ADDED).addMember(id, pe);
    else if (r === undefined) setAt(at, REMOVED).addMember(id, pe);
    else if (!deepEqual(l, r)) setAt(at, MODIFIED).addMember(id, pe);
    return;
  }
  compareBelow(schema, { up: at, id, pe, sets: [undefined, undefined, undefined] }, s, l, r);
  if (l === undefined) setAt(at, ADDED).addMember(id, pe);
  else if (r === undefined) setAt(at, REMOVED).addMember(id, pe);
}

function compareBelow(schema: PatchSchema, here: Level, s: Shape, l: JsonValue | undefined, r: JsonValue | undefined): void {
  if (s.kind === "map") {
    const lm = (l ?? {}) as JsonObject;
    const rm = (r ?? {}) as JsonObject;
    for (const k of Object.keys(lm)) {
      const lv = lm[k];
      const rv = rm[k];
      // A key holding undefined is no field (JSON drops it).
      if (lv === undefined && rv === undefined) continue;
      if (sameContainer(lv, rv)) checkItems(schema, fieldShape(schema, s, k, lv), lv!);
      else compareAt(schema, here, field(k), `f:${k}`, fieldShape(schema, s, k, rv ?? lv), lv, rv);
    }
    for (const k of Object.keys(rm)) {
      if (Object.hasOwn(lm, k)) continue;
      const lv = lm[k];
      const rv = rm[k];
      if (lv === undefined && rv === undefined) continue;
      compareAt(schema, here, field(k), `f:${k}`, fieldShape(schema, s, k, rv ?? lv), lv, rv);
    }
  } else if (s.kind === "list") {
    const li = indexItems(schema, s, l as JsonValue[] | undefined);
    const ri = indexItems(schema, s, r as JsonValue[] | undefined);
    const all = new Map<string, PathElement>();
    for (let i = 0; i < li.ids.length; i++) all.set(li.ids[i]!, li.pes[i]!);
    for (let i = 0; i < ri.ids.length; i++) all.set(ri.ids[i]!, ri.pes[i]!);
    for (const [id, pe] of all) {
      const lv = li.byId.get(id);
      const rv = ri.byId.get(id);
      if (sameContainer(lv, rv)) checkItems(schema, itemShape(schema, s, lv), lv!);
      else compareAt(schema, here, pe, id, itemShape(schema, s, rv ?? lv), lv, rv);
    }
  }
}

/** The applied configuration rhs merged into lhs: rhs wins, list items merge by key (upstream's Merge). */
export function merge(schema: PatchSchema, shape: Shape, lhs: JsonValue | undefined, rhs: JsonValue | undefined): JsonValue | undefined {
  if (rhs === undefined) return lhs;
  if (lhs === undefined || isLeaf(shape, lhs, rhs) || !sameKind(lhs, rhs)) return rhs;
  if (shape.kind === "map" && isJsonObject(lhs) && isJsonObject(rhs)) {
    const out: JsonObject = {};
    for (const k of new Set([...Object.keys(lhs), ...Object.keys(rhs)])) {
      const v = merge(schema, fieldShape(schema, shape, k, rhs[k] ?? lhs[k]), lhs[k], rhs[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (shape.kind === "list" && Array.isArray(lhs) && Array.isArray(rhs)) return mergeList(schema, shape, lhs, rhs);
  return rhs;
}

/**
 * Merges list items: live-only items keep their place, applied items come
 * in applied order, and an item both have is emitted where the applied
 * order reaches it.
 */
function mergeList(schema: PatchSchema, shape: Shape, lhs: JsonValue[], rhs: JsonValue[]): JsonValue[] {
  const L = indexItems(schema, shape, lhs);
  const R = indexItems(schema, shape, rhs);
  const lIds = L.ids;
  const rIds = R.ids;
  const shared = rIds.filter((id) => L.byId.has(id));
  let nextShared = shared.shift();
  const mergedR = new Set<string>();
  const out: JsonValue[] = [];
  const emit = (id: string, l: JsonValue | undefined, r: JsonValue | undefined): void => {
    const v = merge(schema, itemShape(schema, shape, r ?? l), l, r);
    if (v !== undefined) out.push(v);
  };
  let li = 0;
  let ri = 0;
  while (li < lIds.length || ri < rIds.length) {
    if (li < lIds.length && ri < rIds.length) {
      const id = lIds[li]!;
      if (id === rIds[ri]) {
        mergedR.add(id);
        emit(id, L.byId.get(id), R.byId.get(id));
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (R.byId.has(id) && nextShared !== undefined && nextShared !== id) {
        li++;
        continue;
      }
    }
    if (li < lIds.length) {
      const id = lIds[li]!;
      if (!R.byId.has(id)) {
        emit(id, lhs[li], undefined);
        li++;
        continue;
      } else if (mergedR.has(id)) {
        li++;
      }
    }
    if (ri < rIds.length) {
      const id = rIds[ri]!;
      mergedR.add(id);
      emit(id, L.byId.get(id), R.byId.get(id));
      ri++;
      if (nextShared === id) nextShared = shared.shift();
    }
  }
  return out;
}

/** value without the fields in toRemove (upstream's RemoveItems); emptied maps and lists vanish. */
export function removeItems(schema: PatchSchema, shape: Shape, value: JsonValue, toRemove: FieldSet): JsonValue | undefined {
  if (shape.atomic || shape.kind === "scalar") return value;
  if (shape.kind === "list" && Array.isArray(value)) {
    if (value.length === 0) return value;
    const out: JsonValue[] = [];
    for (const item of value) {
      const pe = itemElement(schema, shape, item);
      if (toRemove.has([pe])) continue;
      const sub = toRemove.withPrefix(pe);
      const kept = sub.isEmpty() ? item : removeItems(schema, itemShape(schema, shape, item), item, sub);
      if (kept !== undefined) out.push(kept);
    }
    return out.length ? out : undefined;
  }
  if (shape.kind === "map" && isJsonObject(value)) {
    if (Object.keys(value).length === 0) return value;
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      const pe = field(k);
      if (toRemove.has([pe])) continue;
      const sub = toRemove.withPrefix(pe);
      const kept = sub.isEmpty() ? v : removeItems(schema, fieldShape(schema, shape, k, v), v, sub);
      if (kept !== undefined) out[k] = kept;
    }
    return Object.keys(out).length ? out : undefined;
  }
  return value;
}

/** The set with every declared field that has owned children made a member itself. */
export function ensureNamedFieldsAreMembers(schema: PatchSchema, shape: Shape, set: FieldSet): FieldSet {
  const out = new FieldSet();
  const visit = (path: FieldPath, s: Shape, node: FieldSet): void => {
    for (const pe of node.memberElements()) out.insert([...path, pe]);
    for (const { pe, set: child } of node.childEntries()) {
      let childShape: Shape;
      if (pe.kind === "field") {
        if (isNamedField(schema, s, pe.name)) out.insert([...path, pe]);
        childShape = fieldShape(schema, s, pe.name, undefined);
      } else {
        childShape = itemShape(schema, s, pe.kind === "value" ? pe.value : undefined);
      }
      visit([...path, pe], childShape, child);
    }
  };
  visit([], shape, set);
  return out;
}
