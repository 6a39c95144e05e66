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
    const out = this.copy();
    for (const [id, pe] of o.members) out.members.set(id, pe);
    for (const [id, c] of o.children) {
      const mine = out.children.get(id);
      out.children.set(id, { pe: c.pe, set: mine ? mine.set.union(c.set) : c.set.copy() });
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

  /** Paths in this set and not in o (a member of o does not remove paths below it). */
  difference(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.members) if (!o.members.has(id)) out.members.set(id, pe);
    for (const [id, c] of this.children) {
      const theirs = o.children.get(id);
      const s = theirs ? c.set.difference(theirs.set) : c.set.copy();
      if (!s.isEmpty()) out.children.set(id, { pe: c.pe, set: s });
    }
    return out;
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
    const s = new FieldSet();
    if (isJsonObject(v)) read(s, v);
    return s;
  }
}

function sortedChildren(s: FieldSet): Child[] {
  return [...(s as unknown as { children: Map<string, Child> }).children.values()].sort((a, b) => compareElements(a.pe, b.pe));
}

function emit(s: FieldSet, includeSelf: boolean): JsonObject {
  const out: JsonObject = {};
  if (includeSelf && !s.isEmpty()) out["."] = {};
  const members = s.memberElements().sort(compareElements);
  const children = sortedChildren(s);
  let mi = 0;
  let ci = 0;
  while (mi < members.length || ci < children.length) {
    const m = members[mi];
    const c = children[ci];
    const cmp = m && c ? compareElements(m, c.pe) : m ? -1 : 1;
    if (cmp < 0) {
      out[serializeElement(m!)] = {};
      mi++;
    } else if (cmp > 0) {
      out[serializeElement(c!.pe)] = emit(c!.set, false);
      ci++;
    } else {
      out[serializeElement(c!.pe)] = emit(c!.set, true);
      mi++;
      ci++;
    }
  }
  return out;
}

/** Reads one FieldsV1 level (under prefix) into s. */
function read(s: FieldSet, v: JsonObject, prefix: FieldPath = []): void {
  for (const [key, sub] of Object.entries(v)) {
    if (key === ".") continue;
    const pe = parseElement(key);
    const path = [...prefix, pe];
    const inner = isJsonObject(sub) ? sub : {};
    const keys = Object.keys(inner);
    if (keys.length === 0 || Object.hasOwn(inner, ".")) s.insert(path);
    if (keys.some((k) => k !== ".")) read(s, inner, path);
  }
}
