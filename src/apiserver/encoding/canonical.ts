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
  return typedInOrder(obj, facts, registry) as T;
}

/** A meta.k8s.io/v1 document (APIResourceList, APIGroup, ...) in its Go order, kind and apiVersion first. */
export function canonicalMetaDocument<T extends object>(value: T, registry: ProtoRegistry = builtinProtoRegistry()): T {
  const obj = value as Json;
  return typedInOrder(obj, typeof obj.kind === "string" ? registry.message(`meta.v1.${obj.kind}`) : undefined, registry) as T;
}

function typedInOrder(obj: Json, facts: MessageFacts | undefined, registry: ProtoRegistry): Json {
  const out: Json = {};
  if ("kind" in obj) out.kind = obj.kind;
  if ("apiVersion" in obj) out.apiVersion = obj.apiVersion;
  if (facts) {
    orderFields(obj, facts, registry, out);
  } else if (isObject(obj.metadata)) {
    out.metadata = orderMessage(obj.metadata, "meta.v1.ObjectMeta", registry);
  }
  copyUnknown(obj, facts ? declaredNames(facts, registry) : METADATA_ONLY, out);
  return out;
}

/** A nested message (qualified name, e.g. "core.v1.PodSpec") in its Go order. */
export function orderMessage(value: unknown, message: string, registry: ProtoRegistry = builtinProtoRegistry()): unknown {
  const facts = registry.message(message);
  if (!facts || !isObject(value)) return value;
  if (facts.array) return value;
  const out: Json = {};
  orderFields(value, facts, registry, out);
  copyUnknown(value, declaredNames(facts, registry), out);
  return out;
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
function orderFields(value: Json, facts: MessageFacts, registry: ProtoRegistry, out: Json): void {
  for (const f of facts.fields.values()) {
    if (f.json === "") {
      const inner = registry.message(f.kind);
      if (inner) orderFields(value, inner, registry, out);
      continue;
    }
    if (!(f.json in value)) continue;
    const v = value[f.json];
    if (v === undefined) continue;
    if (f.presence === "omitzero" && f.container === "single" && isZeroScalar(v)) continue;
    out[f.json] = orderField(v, f, registry);
  }
}

function orderField(v: unknown, f: FieldFact, registry: ProtoRegistry): unknown {
  if (f.container === "list") {
    if (!Array.isArray(v)) return v;
    return isMessage(f.kind) ? v.map((item) => orderMessage(item, f.kind, registry)) : v;
  }
  if (f.container === "map") {
    if (!isObject(v)) return v;
    const out: Json = {};
    for (const k of Object.keys(v).sort()) out[k] = isMessage(f.kind) ? orderMessage(v[k], f.kind, registry) : v[k];
    return out;
  }
  return isMessage(f.kind) ? orderMessage(v, f.kind, registry) : v;
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
