/**
 * Freezes a decoded object for the watch cache, sharing the parts that are
 * the same across many objects. managedFields' fieldsV1 trees are the bulk
 * of a typical object (more than half of a pod) and mostly alike: equal for
 * every object a controller stamps from one template, and differing in a
 * leaf or two (a pod's IP) for the kubelet's. Each distinct subtree is kept
 * once, bottom-up, for as long as any cached object refers to it.
 *
 * A subtree is identified by its keys and the identities of its (already
 * shared) children, so interning a tree costs one pass over it.
 *
 * Short string values are shared too: JSON.parse gives every timestamp,
 * image, node name and condition type of every object its own copy, and
 * tens of thousands of pods repeat a few thousand distinct values.
 */
import type { KubeObject } from "../../api/types.js";
import { hash53 } from "../../util/hash53.js";

/** Identity numbers of shared subtrees. */
const ids = new WeakMap<object, number>();
let nextId = 1;
const byShape = new Map<number, WeakRef<object>>();
// A collected subtree's entry goes too, unless a newer one took its place.
const dropCollected = new FinalizationRegistry<number>((shape) => {
  if (byShape.get(shape)?.deref() === undefined) byShape.delete(shape);
});

function sameShape(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || a[ka[i]] !== b[kb[i]]) return false;
  return true;
}

/** The shared copy of a fieldsV1 (sub)tree: an object whose values are objects. Anything else is left as it is. */
function shared(node: unknown): unknown {
  if (node === null || typeof node !== "object" || Array.isArray(node)) return node;
  const tree = node as Record<string, unknown>;
  if (ids.has(tree)) return tree;
  let shape = "";
  for (const k of Object.keys(tree)) {
    const child = shared(tree[k]);
    if (child !== tree[k]) tree[k] = child;
    const id = typeof child === "object" && child !== null ? ids.get(child) : undefined;
    if (id === undefined) return tree; // not a pure fieldsV1 tree: left to the freezing walk below
    shape += `${k}\u0000${id}\u0001`;
  }
  const h = hash53(shape);
  const known = byShape.get(h)?.deref() as Record<string, unknown> | undefined;
  if (known && sameShape(known, tree)) return known;
  Object.freeze(tree);
  ids.set(tree, nextId++);
  if (!known) {
    byShape.set(h, new WeakRef(tree));
    dropCollected.register(tree, h);
  }
  return tree;
}

/**
 * Deep-freezes obj in place, first swapping its fieldsV1 trees and short
 * strings for shared ones. previous, the cached state the object replaces,
 * lends every part that is unchanged: an update to a pod's status then
 * reuses its frozen metadata parts and spec as they are, instead of
 * interning and freezing them again.
 */
export function freezeForCache<T extends KubeObject>(obj: T, previous?: T): T {
  const entries = obj.metadata?.managedFields;
  if (Array.isArray(entries)) {
    const before = previous?.metadata?.managedFields;
    entries.forEach((e, i) => {
      if (!e || typeof e.fieldsV1 !== "object" || e.fieldsV1 === null) return;
      const old = Array.isArray(before) ? before[i]?.fieldsV1 : undefined;
      e.fieldsV1 = (old !== undefined && sameTree(e.fieldsV1, old) ? old : shared(e.fieldsV1)) as typeof e.fieldsV1;
    });
  }
  return freezeSharing(obj, previous);
}

/** Whether two fieldsV1 trees have the same keys in the same order, all the way down. */
function sameTree(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object" || Array.isArray(a) || Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    if (ka[i] !== kb[i] || !sameTree((a as Record<string, unknown>)[ka[i]!], (b as Record<string, unknown>)[kb[i]!])) return false;
  }
  return true;
}

/** Strings longer than this are rarely repeated (documents, certificates): not worth a table slot. */
const MAX_SHARED_STRING = 128;
/** The table is emptied when full: values that stopped recurring make way, recurring ones come straight back. */
const STRING_TABLE_LIMIT = 65_536;
const strings = new Map<string, string>();

function sharedString(s: string): string {
  if (s.length > MAX_SHARED_STRING) return s;
  const known = strings.get(s);
  if (known !== undefined) return known;
  if (strings.size >= STRING_TABLE_LIMIT) strings.clear();
  strings.set(s, s);
  return s;
}

/**
 * Equal subtrees of different objects, kept once. Pods of one template
 * have equal tolerations, owner references, labels and volume sources;
 * pods written in the same second have equal conditions and managedFields
 * entries. A subtree is named by its keys and its values, its object
 * values by the names of their own shared copies, so naming it costs one
 * pass over its direct values. A name seen once is only remembered (as a
 * number); the second subtree of that name becomes its shared copy, so an
 * object's unique parts (its metadata, its status) cost no table slot.
 * Both tables are emptied when full: values that recur come straight back.
 */
const SUBTREE_TABLE_LIMIT = 65_536;
const sharedSubtrees = new Map<number, object>();
const seenOnce = new Set<number>();
/** The name of every shared subtree (fieldsV1 trees are named by their ids). */
const subtreeNames = new WeakMap<object, number>();

/** One step of the name's hash (32-bit, multiplicative): cheap, and a collision only costs a missed share. */
function mix(h: number, x: number): number {
  h = Math.imul(h ^ x, 0x5bd1e995);
  return h ^ (h >>> 15);
}

function mixString(h: number, s: string): number {
  h = mix(h, s.length);
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
  return h ^ (h >>> 13);
}

/** Mixes a value into its parent's name (a non-negative number); NO_NAME when it cannot take part (a long string, an unshared object). */
function mixValue(h: number, v: unknown): number {
  const mixed = mixAny(h, v);
  return mixed === NO_NAME ? NO_NAME : mixed & 0x7fffffff;
}

function mixAny(h: number, v: unknown): number {
  switch (typeof v) {
    case "string":
      return v.length > MAX_SHARED_STRING ? NO_NAME : mixString(mix(h, 1), v);
    case "number":
      return (v | 0) === v ? mix(mix(h, 2), v) : mixString(mix(h, 3), String(v));
    case "boolean":
      return mix(h, v ? 4 : 5);
    case "object": {
      if (v === null) return mix(h, 6);
      const name = subtreeNames.get(v);
      if (name !== undefined) return mix(mix(h, 7), name);
      const id = ids.get(v);
      return id === undefined ? NO_NAME : mixString(mix(h, 8), String(id));
    }
    default:
      return NO_NAME;
  }
}

/** Not a name: names are non-negative (and 30-bit in the tables, small integers that take no heap number as keys). */
const NO_NAME = -1;

/** The shared copy of a frozen subtree named name. Equal names of different content are told apart here. */
function sharedSubtree<T extends object>(node: T, name: number): T {
  const known = sharedSubtrees.get(name);
  if (known !== undefined) return sameShape(known as Record<string, unknown>, node as Record<string, unknown>) ? (known as T) : node;
  if (!seenOnce.delete(name)) {
    if (seenOnce.size >= SUBTREE_TABLE_LIMIT) seenOnce.clear();
    seenOnce.add(name);
    return node;
  }
  if (sharedSubtrees.size >= SUBTREE_TABLE_LIMIT) sharedSubtrees.clear();
  sharedSubtrees.set(name, node);
  subtreeNames.set(node, name);
  return node;
}

/**
 * Freezes value, interning its strings and its subtrees (see above); where
 * previous (already frozen) holds an equal part (same keys in the same
 * order, equal values), that part is returned instead, so equal parts are
 * kept once.
 */
function freezeSharing<T>(value: T, previous: unknown): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value;
  const o = value as Record<string, unknown>;
  const keys = Object.keys(o);
  const p = previous !== null && typeof previous === "object" && Array.isArray(previous) === Array.isArray(value) ? (previous as Record<string, unknown>) : undefined;
  let same = p !== undefined && sameKeys(keys, p);
  let h = Array.isArray(value) ? 0x2f1a5c3b : 0x6b43a9b5;
  for (const k of keys) {
    const v = o[k];
    // Only own values are comparable ("__proto__" would read the prototype).
    const pv = p === undefined || k === "__proto__" ? undefined : p[k];
    let next: unknown = v;
    if (typeof v === "string") next = v === pv ? pv : sharedString(v);
    else if (v !== null && typeof v === "object") next = freezeSharing(v, pv);
    if (next !== v) o[k] = next;
    if (same && next !== pv) same = false;
    if (h !== NO_NAME) h = mixValue(mixString(h, k), next);
  }
  if (same) return p as T;
  Object.freeze(value);
  return h === NO_NAME ? value : (sharedSubtree(o, h & 0x3fffffff) as T);
}

function sameKeys(keys: string[], o: Record<string, unknown>): boolean {
  const other = Object.keys(o);
  if (other.length !== keys.length) return false;
  for (let i = 0; i < keys.length; i++) if (keys[i] !== other[i]) return false;
  return true;
}
