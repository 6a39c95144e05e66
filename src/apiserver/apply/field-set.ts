/**
 * A set of field paths, stored as a trie: each node has member elements
 * (paths ending there) and children (paths going deeper). A path may be both
 * a member and a prefix of others; FieldsV1 writes that as `".": {}`.
 *
 * Example FieldsV1:
 *   {"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:name":{}}}}}
 * holds .spec.containers[name="app"], its .image and its .name.
 */
import { compareElements, parseElement, serializeElement, type FieldPath, type PathElement } from "./field-path.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../patch/json-value.js";

interface Child {
  pe: PathElement;
  set: FieldSet;
}

/**
 * Sets are values: union, intersection and difference never change their
 * operands and may share parts with them (or return one of them). Only a
 * set being built, before anyone else holds it, changes (insert, addMember,
 * childAt, deleteSubtree).
 */
export class FieldSet {
  /** Invariant: keyed by serializeElement(pe). */
  private readonly members = new Map<string, PathElement>();
  /** Invariant: keyed by serializeElement(pe); no child set is empty. */
  private readonly children = new Map<string, Child>();

  static of(...paths: FieldPath[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /** Adds a path; the empty path is not a member of anything and is ignored. */
  insert(path: FieldPath): void {
    if (path.length === 0) return;
    let node: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) {
      const pe = path[i]!;
      const id = serializeElement(pe);
      let child = node.children.get(id);
      if (!child) {
        child = { pe, set: new FieldSet() };
        node.children.set(id, child);
      }
      node = child.set;
    }
    const last = path[path.length - 1]!;
    node.members.set(serializeElement(last), last);
  }

  /**
   * Adds pe as a member of this level; id is serializeElement(pe). For
   * walkers that build a set level by level instead of path by path.
   */
  addMember(id: string, pe: PathElement): void {
    this.members.set(id, pe);
  }

  /**
   * The set below pe (id is serializeElement(pe)), made when missing. The
   * caller adds to it before anyone reads this set: no child stays empty.
   */
  childAt(id: string, pe: PathElement): FieldSet {
    let child = this.children.get(id);
    if (!child) {
      child = { pe, set: new FieldSet() };
      this.children.set(id, child);
    }
    return child.set;
  }

  /** Removes path and every path below it, in place (a set nobody else holds yet). */
  deleteSubtree(path: FieldPath, from = 0): void {
    if (path.length === 0) {
      this.members.clear();
      this.children.clear();
      return;
    }
    const id = serializeElement(path[from]!);
    if (from === path.length - 1) {
      this.members.delete(id);
      this.children.delete(id);
      return;
    }
    const child = this.children.get(id);
    if (!child) return;
    child.set.deleteSubtree(path, from + 1);
    if (child.set.isEmpty()) this.children.delete(id);
  }

  has(path: FieldPath): boolean {
    if (path.length === 0) return false;
    let node: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && node; i++) node = node.children.get(serializeElement(path[i]!))?.set;
    return node?.members.has(serializeElement(path[path.length - 1]!)) ?? false;
  }

  /** The paths under pe, without pe. */
  withPrefix(pe: PathElement): FieldSet {
    return this.children.get(serializeElement(pe))?.set ?? new FieldSet();
  }

  isEmpty(): boolean {
    return this.members.size === 0 && this.children.size === 0;
  }

  union(o: FieldSet): FieldSet {
    if (o.isEmpty()) return this;
    if (this.isEmpty()) return o;
    const out = new FieldSet();
    for (const [id, pe] of this.members) out.members.set(id, pe);
    for (const [id, pe] of o.members) out.members.set(id, pe);
    for (const [id, c] of this.children) out.children.set(id, c);
    for (const [id, c] of o.children) {
      const mine = this.children.get(id);
      out.children.set(id, mine ? { pe: c.pe, set: mine.set.union(c.set) } : c);
    }
    return out;
  }

  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) if (o.members.has(id)) out.members.set(id, pe);
    for (const [id, c] of this.children) {
      const theirs = o.children.get(id);
      if (!theirs) continue;
      const s = c.set.intersection(theirs.set);
      if (!s.isEmpty()) out.children.set(id, { pe: c.pe, set: s });
    }
    return out;
  }

  /**
   * Paths in this set and not in o (a member of o does not remove paths
   * below it). This set itself when o takes nothing away.
   */
  difference(o: FieldSet): FieldSet {
    if (o.isEmpty() || this.isEmpty()) return this;
    const out = new FieldSet();
    let changed = false;
    for (const [id, pe] of this.members) {
      if (o.members.has(id)) changed = true;
      else out.members.set(id, pe);
    }
    for (const [id, c] of this.children) {
      const theirs = o.children.get(id);
      const s = theirs ? c.set.difference(theirs.set) : c.set;
      if (s === c.set) out.children.set(id, c);
      else {
        changed = true;
        if (!s.isEmpty()) out.children.set(id, { pe: c.pe, set: s });
      }
    }
    return changed ? out : this;
  }

  copy(): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) out.members.set(id, pe);
    for (const [id, c] of this.children) out.children.set(id, { pe: c.pe, set: c.set.copy() });
    return out;
  }

  /** Every path, in upstream's order: a node's members, then its children, each sorted. */
  paths(prefix: FieldPath = []): FieldPath[] {
    const out: FieldPath[] = [];
    for (const pe of [...this.members.values()].sort(compareElements)) out.push([...prefix, pe]);
    for (const c of sortedChildren(this)) out.push(...c.set.paths([...prefix, c.pe]));
    return out;
  }

  /** Child elements and their sets, for walkers. */
  childEntries(): Child[] {
    return sortedChildren(this);
  }

  memberElements(): PathElement[] {
    return [...this.members.values()];
  }

  /** The FieldsV1 encoding, keys in upstream's order ("." first). */
  toFieldsV1(): JsonObject {
    return emit(this, false);
  }

  /** Decodes FieldsV1; throws on malformed keys. */
  static fromFieldsV1(v: JsonValue | undefined): FieldSet {
    return FieldSet.decodeFieldsV1(v).set;
  }

  /**
   * Decodes FieldsV1, telling whether v is exactly what toFieldsV1 gives
   * for the set (keys in order, canonical, "." only where due): then v
   * itself can stand for the set's encoding while the set is unchanged.
   */
  static decodeFieldsV1(v: JsonValue | undefined): { set: FieldSet; canonical: boolean } {
    const set = new FieldSet();
    const canonical = isJsonObject(v) ? read(set, v) && !Object.hasOwn(v, ".") : false;
    return { set, canonical };
  }
}

function sortedChildren(s: FieldSet): Child[] {
  return [...childrenOf(s).values()].sort((a, b) => compareElements(a.pe, b.pe));
}

function childrenOf(s: FieldSet): Map<string, Child> {
  return (s as unknown as { children: Map<string, Child> }).children;
}

function membersOf(s: FieldSet): Map<string, PathElement> {
  return (s as unknown as { members: Map<string, PathElement> }).members;
}

const byElement = (a: [string, PathElement], b: [string, PathElement]) => compareElements(a[1], b[1]);
const byChildElement = (a: [string, Child], b: [string, Child]) => compareElements(a[1].pe, b[1].pe);

function emit(s: FieldSet, includeSelf: boolean): JsonObject {
  const out: JsonObject = {};
  if (includeSelf && !s.isEmpty()) out["."] = {};
  const members = [...membersOf(s)];
  const children = [...childrenOf(s)];
  if (members.length > 1) members.sort(byElement);
  if (children.length > 1) children.sort(byChildElement);
  let mi = 0;
  let ci = 0;
  while (mi < members.length || ci < children.length) {
    const m = members[mi];
    const c = children[ci];
    const cmp = m && c ? compareElements(m[1], c[1].pe) : m ? -1 : 1;
    if (cmp < 0) {
      out[m![0]] = {};
      mi++;
    } else if (cmp > 0) {
      out[c![0]] = emit(c![1].set, false);
      ci++;
    } else {
      out[c![0]] = emit(c![1].set, true);
      mi++;
      ci++;
    }
  }
  return out;
}

const NO_FIELDS: JsonObject = {};

/**
 * Reads one FieldsV1 level into s, level by level (every key below adds at
 * least one path). Returns whether the level is written as emit writes it.
 */
function read(s: FieldSet, v: JsonObject): boolean {
  let canonical = true;
  let prev: PathElement | undefined;
  for (const key of Object.keys(v)) {
    if (key === ".") continue;
    const pe = parseElement(key);
    // A field's key is its own serialisation; keys and values are put in canonical form.
    const id = pe.kind === "field" ? key : serializeElement(pe);
    if (canonical && ((prev && compareElements(prev, pe) >= 0) || id !== key)) canonical = false;
    prev = pe;
    const sub = v[key];
    const inner = isJsonObject(sub) ? sub : NO_FIELDS;
    if (inner !== sub) canonical = false;
    let self = false;
    let deeper = false;
    const keys = Object.keys(inner);
    for (const k of keys) {
      if (k === ".") self = true;
      else deeper = true;
    }
    if (self || !deeper) s.addMember(id, pe);
    if (deeper) {
      if (!read(s.childAt(id, pe), inner)) canonical = false;
      // "." comes first, holds {}, and only beside deeper keys.
      if (self && (keys[0] !== "." || !isEmptyObject(inner["."]))) canonical = false;
    } else if (self) canonical = false;
  }
  return canonical;
}

function isEmptyObject(v: JsonValue | undefined): boolean {
  return isJsonObject(v) && Object.keys(v).length === 0;
}
