/**
 * Table-driven decoding of one protobuf message into the JSON object Go's
 * encoding/json would write for the same Go value: repeated fields become
 * arrays, maps objects, []byte base64, well-known messages their own JSON
 * forms; zero scalars are dropped or kept per the field's omitempty.
 * Unknown field numbers are skipped, as newer clients may send them.
 */
import { isScalarKind, type FieldFact, type MessageFacts, type ScalarKind, type WellKnownKind } from "./fact-table.js";
import type { ProtoRegistry } from "./registry.js";
import { decodeWellKnown, type WellKnownContext } from "./well-known.js";
import { ProtobufDecodeError, readFields, readPackedVarints, WIRE_BYTES, WIRE_FIXED32, WIRE_FIXED64, WIRE_VARINT, type WireField } from "./wire-reader.js";

/** Deeper nesting than any built-in object needs; bounds work on hostile input. */
const MAX_DEPTH = 200;

export interface MessageDecoderOptions {
  registry: ProtoRegistry;
  /** Decodes a complete Kubernetes protobuf body nested in a RawExtension. */
  embedded(body: Buffer, where: string): Record<string, unknown>;
}

export interface MessageDecoder {
  /** The JSON value of a message of the qualified type `name` (an object, or an array for @array types). */
  decode(name: string, payload: Buffer, where?: string): unknown;
}

const SCALAR_WIRE: Record<ScalarKind, number> = { str: WIRE_BYTES, bytes: WIRE_BYTES, bool: WIRE_VARINT, i32: WIRE_VARINT, i64: WIRE_VARINT, f64: WIRE_FIXED64, f32: WIRE_FIXED32 };
const ZERO: Record<ScalarKind, unknown> = { str: "", bytes: "", bool: false, i32: 0, i64: 0, f64: 0, f32: 0 };

function scalarFromVarint(kind: ScalarKind, v: bigint): unknown {
  if (kind === "bool") return v !== 0n;
  return Number(kind === "i32" ? BigInt.asIntN(32, v) : BigInt.asIntN(64, v));
}

function scalar(kind: ScalarKind, f: WireField): unknown {
  switch (kind) {
    case "str": return f.bytes!.toString("utf8");
    case "bytes": return f.bytes!.toString("base64");
    case "f64": return f.bytes!.readDoubleLE(0);
    case "f32": return f.bytes!.readFloatLE(0);
    default: return scalarFromVarint(kind, f.varint!);
  }
}

/** Elements of a repeated scalar record: one value, or many when packed. */
function scalarList(kind: ScalarKind, f: WireField, where: string): unknown[] {
  const expected = SCALAR_WIRE[kind];
  if (f.wire === expected) return [scalar(kind, f)];
  if (f.wire !== WIRE_BYTES) throw new ProtobufDecodeError(`${where}: wire type ${f.wire}, expected ${expected}`);
  if (expected === WIRE_VARINT) return readPackedVarints(f.bytes!).map((v) => scalarFromVarint(kind, v));
  const size = expected === WIRE_FIXED64 ? 8 : 4;
  if (f.bytes!.length % size !== 0) throw new ProtobufDecodeError(`${where}: packed length ${f.bytes!.length} is not a multiple of ${size}`);
  const out: unknown[] = [];
  for (let i = 0; i < f.bytes!.length; i += size) out.push(scalar(kind, { ...f, bytes: f.bytes!.subarray(i, i + size) }));
  return out;
}

function isZero(v: unknown): boolean {
  return v === "" || v === 0 || v === false;
}

export function createMessageDecoder(opts: MessageDecoderOptions): MessageDecoder {
  const { registry } = opts;
  let depth = 0;

  const wellKnownContext: WellKnownContext = {
    message: (name, payload, where) => decode(name, payload, where),
    embedded: opts.embedded,
  };

  function facts(name: string, where: string): MessageFacts {
    const found = registry.message(name);
    if (!found) throw new ProtobufDecodeError(`${where}: no protobuf facts for ${name}`);
    return found;
  }

  /** A message or well-known value from its payload (wire type 2 already checked). */
  function nested(kind: string, payload: Buffer, where: string): unknown {
    return isScalarKind(kind) ? undefined : kind.includes(".") ? decode(kind, payload, where) : decodeWellKnown(kind as WellKnownKind, payload, wellKnownContext, where);
  }

  function bytesOf(f: WireField, where: string): Buffer {
    if (f.wire !== WIRE_BYTES) throw new ProtobufDecodeError(`${where}: wire type ${f.wire}, expected ${WIRE_BYTES}`);
    return f.bytes!;
  }

  function single(fact: FieldFact, records: WireField[], where: string): unknown {
    if (isScalarKind(fact.kind)) {
      const f = records[records.length - 1]!;
      if (f.wire !== SCALAR_WIRE[fact.kind]) throw new ProtobufDecodeError(`${where}: wire type ${f.wire}, expected ${SCALAR_WIRE[fact.kind]}`);
      return scalar(fact.kind, f);
    }
    // A message sent in several pieces is their merge, i.e. their concatenation.
    const payload = records.length === 1 ? bytesOf(records[0]!, where) : Buffer.concat(records.map((r) => bytesOf(r, where)));
    return nested(fact.kind, payload, where);
  }

  function list(fact: FieldFact, records: WireField[], where: string): unknown[] {
    const out: unknown[] = [];
    for (const f of records) {
      if (isScalarKind(fact.kind)) out.push(...scalarList(fact.kind, f, where));
      else out.push(nested(fact.kind, bytesOf(f, where), `${where}[${out.length}]`) ?? null);
    }
    return out;
  }

  function map(fact: FieldFact, records: WireField[], where: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const r of records) {
      let key = "";
      let value: WireField | undefined;
      for (const f of readFields(bytesOf(r, where))) {
        if (f.field === 1) key = scalar("str", { ...f, bytes: bytesOf(f, `${where} key`) }) as string;
        else if (f.field === 2) value = f;
      }
      const at = `${where}[${JSON.stringify(key)}]`;
      if (isScalarKind(fact.kind)) out[key] = value ? single(fact, [value], at) : ZERO[fact.kind];
      else out[key] = nested(fact.kind, value ? bytesOf(value, at) : Buffer.alloc(0), at) ?? null;
    }
    return out;
  }

  function decodeInto(m: MessageFacts, payload: Buffer, out: Record<string, unknown>, where: string): void {
    const groups = new Map<number, WireField[]>();
    for (const f of readFields(payload)) {
      const g = groups.get(f.field);
      if (g) g.push(f);
      else groups.set(f.field, [f]);
    }
    for (const [num, records] of groups) {
      const fact = m.fields.get(num);
      if (!fact) continue;
      const at = `${where}.${fact.json || fact.kind}`;
      if (fact.json === "") {
        const payloads = records.map((r) => bytesOf(r, at));
        decodeInto(facts(fact.kind, at), Buffer.concat(payloads), out, where);
        continue;
      }
      const value = fact.container === "list" ? list(fact, records, at) : fact.container === "map" ? map(fact, records, at) : single(fact, records, at);
      if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
      if (fact.container === "map" && Object.keys(value as object).length === 0) continue;
      out[fact.json] = value;
    }
    for (const fact of m.fields.values()) {
      if (fact.container !== "single" || !isScalarKind(fact.kind)) continue;
      if (fact.presence === "omitzero" && isZero(out[fact.json])) delete out[fact.json];
      // Go's JSON writes nil []byte as null, so only the other scalars get a zero value.
      else if (fact.presence === "always" && out[fact.json] === undefined && fact.kind !== "bytes") out[fact.json] = ZERO[fact.kind];
    }
  }

  function decode(name: string, payload: Buffer, where: string = name): unknown {
    if (depth >= MAX_DEPTH) throw new ProtobufDecodeError(`${where}: objects are nested more than ${MAX_DEPTH} levels deep`);
    depth++;
    try {
      const m = facts(name, where);
      if (m.array) {
        const fact = m.fields.get(1)!;
        const records = readFields(payload).filter((f) => f.field === 1);
        return list(fact, records, where);
      }
      const out: Record<string, unknown> = {};
      decodeInto(m, payload, out, where);
      return out;
    } finally {
      depth--;
    }
  }

  return { decode };
}
