/**
 * Messages whose JSON form is not an object of their fields: times,
 * durations, quantities, int-or-strings, raw JSON and the JSON-schema
 * unions of apiextensions. Each decoder returns the JSON value, or
 * undefined where Go's JSON would write null (zero times, nil raw bytes).
 */
import type { WellKnownKind } from "./fact-table.js";
import { formatGoDuration } from "./go-duration.js";
import { PROTOBUF_MAGIC } from "./envelope.js";
import { ProtobufDecodeError, readFields, WIRE_BYTES, WIRE_VARINT, type WireField } from "./wire-reader.js";

/** What well-known decoders need from the message decoder. */
export interface WellKnownContext {
  /** Decodes a nested message of a table type ("apiextensions.v1.JSONSchemaProps"). */
  message(name: string, payload: Buffer, where: string): unknown;
  /** Decodes a complete Kubernetes protobuf body (magic + runtime.Unknown) to its JSON object. */
  embedded(body: Buffer, where: string): Record<string, unknown>;
}

/** Seconds of Go's zero time.Time (0001-01-01T00:00:00Z). */
const GO_ZERO_SECONDS = -62135596800n;
const SCHEMA = "apiextensions.v1.JSONSchemaProps";

function last(fields: WireField[], num: number, wire: number, where: string): WireField | undefined {
  let found: WireField | undefined;
  for (const f of fields) {
    if (f.field !== num) continue;
    if (f.wire !== wire) throw new ProtobufDecodeError(`${where}: field ${num} has wire type ${f.wire}, expected ${wire}`);
    found = f;
  }
  return found;
}

function all(fields: WireField[], num: number, where: string): Buffer[] {
  return fields.filter((f) => f.field === num).map((f) => {
    if (f.wire !== WIRE_BYTES) throw new ProtobufDecodeError(`${where}: field ${num} has wire type ${f.wire}, expected ${WIRE_BYTES}`);
    return f.bytes!;
  });
}

function int64(f: WireField | undefined): bigint {
  return f ? BigInt.asIntN(64, f.varint!) : 0n;
}

function rfc3339(seconds: bigint, where: string): string {
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) throw new ProtobufDecodeError(`${where}: time ${seconds}s is out of range`);
  return date.toISOString().slice(0, 19);
}

function timestamp(payload: Buffer, where: string, micro: boolean): string | undefined {
  if (payload.length === 0) return undefined;
  const fields = readFields(payload);
  const seconds = int64(last(fields, 1, WIRE_VARINT, where));
  const nanos = Number(BigInt.asIntN(32, last(fields, 2, WIRE_VARINT, where)?.varint ?? 0n));
  if (seconds === GO_ZERO_SECONDS && nanos === 0) return undefined;
  // metav1.Time keeps whole seconds only; MicroTime truncates to microseconds.
  if (!micro) return `${rfc3339(seconds, where)}Z`;
  if (nanos < 0 || nanos > 999_999_999) throw new ProtobufDecodeError(`${where}: nanos ${nanos} is out of range`);
  return `${rfc3339(seconds, where)}.${String(Math.floor(nanos / 1000)).padStart(6, "0")}Z`;
}

function rawJson(payload: Buffer, ctx: WellKnownContext, where: string): unknown {
  const fields = readFields(payload);
  const raw = last(fields, 1, WIRE_BYTES, where)?.bytes;
  if (!raw || raw.length === 0) return undefined;
  if (raw.length >= PROTOBUF_MAGIC.length && raw.subarray(0, PROTOBUF_MAGIC.length).equals(PROTOBUF_MAGIC)) return ctx.embedded(raw, where);
  try {
    return JSON.parse(raw.toString("utf8"));
  } catch (err) {
    throw new ProtobufDecodeError(`${where}: raw bytes are not JSON: ${(err as Error).message}`);
  }
}

function decodeUnion(kind: "schemaorarray" | "schemaorbool" | "schemaorstrings", payload: Buffer, ctx: WellKnownContext, where: string): unknown {
  const fields = readFields(payload);
  if (kind === "schemaorbool") {
    const schema = last(fields, 2, WIRE_BYTES, where);
    if (schema) return ctx.message(SCHEMA, schema.bytes!, `${where}.schema`);
    return (last(fields, 1, WIRE_VARINT, where)?.varint ?? 0n) !== 0n;
  }
  const second = all(fields, 2, where);
  if (second.length > 0) {
    return kind === "schemaorarray"
      ? second.map((b, i) => ctx.message(SCHEMA, b, `${where}[${i}]`))
      : second.map((b) => b.toString("utf8"));
  }
  const schema = last(fields, 1, WIRE_BYTES, where);
  return schema ? ctx.message(SCHEMA, schema.bytes!, `${where}.schema`) : undefined;
}

/** The JSON value of a well-known message's payload. */
export function decodeWellKnown(kind: WellKnownKind, payload: Buffer, ctx: WellKnownContext, where: string): unknown {
  switch (kind) {
    case "time": return timestamp(payload, where, false);
    case "mtime": return timestamp(payload, where, true);
    case "dur": return formatGoDuration(int64(last(readFields(payload), 1, WIRE_VARINT, where)));
    case "qty": {
      const s = last(readFields(payload), 1, WIRE_BYTES, where)?.bytes?.toString("utf8");
      // An absent string is Go's zero Quantity; an empty one fails Go's ParseQuantity.
      if (s === "") throw new ProtobufDecodeError(`${where}: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
      return s ?? "0";
    }
    case "ios": {
      const fields = readFields(payload);
      const type = int64(last(fields, 1, WIRE_VARINT, where));
      if (type === 1n) return last(fields, 3, WIRE_BYTES, where)?.bytes?.toString("utf8") ?? "";
      if (type !== 0n) throw new ProtobufDecodeError(`${where}: unknown IntOrString type ${type}`);
      return Number(BigInt.asIntN(32, last(fields, 2, WIRE_VARINT, where)?.varint ?? 0n));
    }
    case "raw": case "fieldsv1": case "json": return rawJson(payload, ctx, where);
    case "schemaorarray": case "schemaorbool": case "schemaorstrings": return decodeUnion(kind, payload, ctx, where);
  }
}
