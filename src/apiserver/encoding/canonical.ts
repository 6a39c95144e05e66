/**
 * Upstream's JSON form of built-in objects: fields in the order of the Go
 * structs (kind and apiVersion first, then each struct's fields as
 * declared), map keys sorted (Go's encoding/json sorts them) and omitempty
 * scalars dropped when zero. Clients that compare bodies as strings see the
 * bytes upstream sends.
 *
 * The order comes from the protobuf fact tables, whose lines list each
 * type's fields in Go declaration order. Objects are put in this form once,
 * when written (and when read from an older store); responses serialise
 * them as they are.
 *
 * Example: `{"spec":{},"metadata":{"labels":{"b":"1","a":"2"},"name":"p"},"kind":"Pod","apiVersion":"v1"}`
 * becomes `{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","labels":{"a":"2","b":"1"}},"spec":{}}`.
 */
import type { FieldFact, MessageFacts } from "../protobuf/fact-table.js";
import { builtinProtoRegistry, type ProtoRegistry } from "../protobuf/registry.js";

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function isZeroScalar(v: unknown): boolean {
  return v === "" || v === 0 || v === false;
}

/**
 * Returns value (an API object with kind and apiVersion) in upstream's
 * field order. Kinds without a table keep their fields, with kind,
 * apiVersion and metadata first and metadata in ObjectMeta's order.
 */
export function canonicalObject<T extends object>(value: T, registry: ProtoRegistry = builtinProtoRegistry()): T {
  const obj = value as Json;
  const facts = typeof obj.apiVersion === "string" && typeof obj.kind === "string" ? registry.kind(obj.apiVersion, obj.kind) : undefined;
  return typedInOrder(obj, facts, registry, false) as T;
}

/**
 * canonicalObject for a caller that gives value up: the parts of value
 * already in upstream's order are kept rather than copied, so the result
 * shares them with value. A write puts its object in order twice (after
 * defaulting, and after admission and validation); the second time little
 * has moved and little is copied.
 */
export function canonicalObjectReusing<T extends object>(value: T, registry: ProtoRegistry = builtinProtoRegistry()): T {
  const obj = value as Json;
  const facts = typeof obj.apiVersion === "string" && typeof obj.kind === "string" ? registry.kind(obj.apiVersion, obj.kind) : undefined;
  return typedInOrder(obj, facts, registry, true) as T;
}

/** A meta.k8s.io/v1 document (APIResourceList, APIGroup, ...) in its Go order, kind and apiVersion first. */
export function canonicalMetaDocument<T extends object>(value: T, registry: ProtoRegistry = builtinProtoRegistry()): T {
  const obj = value as Json;
  return typedInOrder(obj, typeof obj.kind === "string" ? registry.message(`meta.v1.${obj.kind}`) : undefined, registry, false) as T;
}

function typedInOrder(obj: Json, facts: MessageFacts | undefined, registry: ProtoRegistry, reuse: boolean): Json {
  const out: Json = {};
  if ("kind" in obj) out.kind = obj.kind;
  if ("apiVersion" in obj) out.apiVersion = obj.apiVersion;
  if (facts) {
    orderFields(obj, facts, registry, out, reuse);
  } else if (isObject(obj.metadata)) {
    out.metadata = orderMessageIn(obj.metadata, "meta.v1.ObjectMeta", registry, reuse);
  }
  copyUnknown(obj, facts ? declaredNames(facts, registry) : METADATA_ONLY, out);
  return out;
}

/** A nested message (qualified name, e.g. "core.v1.PodSpec") in its Go order. */
export function orderMessage(value: unknown, message: string, registry: ProtoRegistry = builtinProtoRegistry()): unknown {
  return orderMessageIn(value, message, registry, false);
}

function orderMessageIn(value: unknown, message: string, registry: ProtoRegistry, reuse: boolean): unknown {
  const facts = registry.message(message);
  if (!facts || !isObject(value)) return value;
  if (facts.array) return value;
  if (reuse) return orderMessageReusing(value, facts, registry);
  const out: Json = {};
  orderFields(value, facts, registry, out, false);
  copyUnknown(value, declaredNames(facts, registry), out);
  return out;
}

/**
 * orderMessage keeping value itself when it is in order already: its keys
 * are the declared fields in declaration order (none dropped) followed by
 * unknown ones, and each field's value is kept too. At the first field
 * out of place a new object is started with the fields before it.
 */
function orderMessageReusing(value: Json, facts: MessageFacts, registry: ProtoRegistry): Json {
  const keys = Object.keys(value);
  let out: Json | undefined;
  let ki = 0;
  const restart = (): Json => {
    const o: Json = {};
    for (let j = 0; j < ki; j++) o[keys[j]!] = value[keys[j]!];
    return o;
  };
  for (const f of flatFields(facts, registry)) {
    if (!(f.json in value)) continue;
    const v = value[f.json];
    const drop = v === undefined || (f.presence === "omitzero" && f.container === "single" && isZeroScalar(v));
    const ordered = drop ? undefined : orderField(v, f, registry, true);
    if (!out && (drop || ordered !== v || keys[ki] !== f.json)) out = restart();
    if (!out) ki++;
    else if (!drop) out[f.json] = ordered;
  }
  const known = declaredNames(facts, registry);
  if (!out) {
    let rest = true;
    for (let j = ki; j < keys.length && rest; j++) rest = !known.has(keys[j]!) && value[keys[j]!] !== undefined;
    if (rest) return value;
    out = restart();
  }
  copyUnknown(value, known, out);
  return out;
}

const flatCache = new WeakMap<MessageFacts, FieldFact[]>();

/** A message's fields in orderFields' order, embedded structs' fields in their place. */
function flatFields(facts: MessageFacts, registry: ProtoRegistry): FieldFact[] {
  let flat = flatCache.get(facts);
  if (!flat) {
    flat = [];
    for (const f of facts.fields.values()) {
      if (f.json !== "") flat.push(f);
      else {
        const inner = registry.message(f.kind);
        if (inner) flat.push(...flatFields(inner, registry));
      }
    }
    flatCache.set(facts, flat);
  }
  return flat;
}

/** Fields the tables do not declare keep their order, after the declared ones. */
function copyUnknown(value: Json, known: ReadonlySet<string>, out: Json): void {
  for (const k of Object.keys(value)) if (!known.has(k) && value[k] !== undefined) out[k] = value[k];
}

const METADATA_ONLY: ReadonlySet<string> = new Set(["kind", "apiVersion", "metadata"]);
const namesCache = new WeakMap<MessageFacts, ReadonlySet<string>>();

/** The JSON names a message declares, its embedded structs' included. */
function declaredNames(facts: MessageFacts, registry: ProtoRegistry): ReadonlySet<string> {
  let names = namesCache.get(facts);
  if (!names) {
    const set = new Set<string>();
    for (const f of facts.fields.values()) {
      if (f.json !== "") set.add(f.json);
      else {
        const inner = registry.message(f.kind);
        if (inner) for (const n of declaredNames(inner, registry)) set.add(n);
      }
    }
    namesCache.set(facts, (names = set));
  }
  return names;
}

/** Copies value's known fields into out in declaration order; embedded structs inline theirs. */
function orderFields(value: Json, facts: MessageFacts, registry: ProtoRegistry, out: Json, reuse: boolean): void {
  for (const f of facts.fields.values()) {
    if (f.json === "") {
      const inner = registry.message(f.kind);
      if (inner) orderFields(value, inner, registry, out, reuse);
      continue;
    }
    if (!(f.json in value)) continue;
    const v = value[f.json];
    if (v === undefined) continue;
    if (f.presence === "omitzero" && f.container === "single" && isZeroScalar(v)) continue;
    out[f.json] = orderField(v, f, registry, reuse);
  }
}

function orderField(v: unknown, f: FieldFact, registry: ProtoRegistry, reuse: boolean): unknown {
  if (f.container === "list") {
    if (!Array.isArray(v)) return v;
    if (!isMessage(f.kind)) return v;
    if (!reuse) return v.map((item) => orderMessageIn(item, f.kind, registry, false));
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const o = orderMessageIn(v[i], f.kind, registry, true);
      if (!out && o !== v[i]) out = v.slice(0, i);
      if (out) out.push(o);
    }
    return out ?? v;
  }
  if (f.container === "map") {
    if (!isObject(v)) return v;
    if (reuse && keysSorted(v)) {
      if (!isMessage(f.kind)) return v;
      const keys = Object.keys(v);
      let out: Json | undefined;
      for (let i = 0; i < keys.length; i++) {
        const o = orderMessageIn(v[keys[i]!], f.kind, registry, true);
        if (!out && o !== v[keys[i]!]) {
          out = {};
          for (let j = 0; j < i; j++) out[keys[j]!] = v[keys[j]!];
        }
        if (out) out[keys[i]!] = o;
      }
      return out ?? v;
    }
    const out: Json = {};
    for (const k of Object.keys(v).sort()) out[k] = isMessage(f.kind) ? orderMessageIn(v[k], f.kind, registry, reuse) : v[k];
    return out;
  }
  return isMessage(f.kind) ? orderMessageIn(v, f.kind, registry, reuse) : v;
}

/** Whether an object's keys come in the order sort() would give them. */
function keysSorted(v: Json): boolean {
  let prev: string | undefined;
  for (const k in v) {
    if (!Object.hasOwn(v, k)) continue;
    if (prev !== undefined && !(prev < k)) return false;
    prev = k;
  }
  return true;
}

/** Messages are qualified ("core.v1.PodSpec"); scalars and well-known kinds are not. */
function isMessage(kind: string): boolean {
  return kind.includes(".");
}

/**
 * Sets metadata.resourceVersion where ObjectMeta declares it (after uid),
 * as a stored object carries none: the store's revision is the truth.
 */
export function withResourceVersion(metadata: Json, resourceVersion: string): Json {
  if ("resourceVersion" in metadata) {
    metadata.resourceVersion = resourceVersion;
    return metadata;
  }
  const out: Json = {};
  let placed = false;
  for (const k of Object.keys(metadata)) {
    if (!placed && !BEFORE_RESOURCE_VERSION.has(k)) {
      out.resourceVersion = resourceVersion;
      placed = true;
    }
    out[k] = metadata[k];
  }
  if (!placed) out.resourceVersion = resourceVersion;
  return out;
}

const BEFORE_RESOURCE_VERSION = new Set(["name", "generateName", "namespace", "selfLink", "uid"]);
