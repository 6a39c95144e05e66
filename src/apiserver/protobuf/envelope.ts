/**
 * The frame of a Kubernetes protobuf body: the magic prefix "k8s\0" and a
 * runtime.Unknown message (1: TypeMeta {1: apiVersion, 2: kind}, 2: raw
 * object bytes, 3: contentEncoding, 4: contentType).
 */
import { ProtobufDecodeError, readFields, WIRE_BYTES, type WireField } from "./wire-reader.js";

export const PROTOBUF_MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
export const PROTOBUF_MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

/** A decoded runtime.Unknown. */
export interface UnknownEnvelope {
  apiVersion: string;
  kind: string;
  /** The object's own message. */
  raw: Buffer;
  contentEncoding: string;
  contentType: string;
}

function strings(fields: WireField[], where: string): Map<number, Buffer> {
  const out = new Map<number, Buffer>();
  for (const f of fields) {
    if (f.wire !== WIRE_BYTES) throw new ProtobufDecodeError(`${where}: field ${f.field} has wire type ${f.wire}, expected ${WIRE_BYTES}`);
    out.set(f.field, f.bytes!);
  }
  return out;
}

/** Splits a body into its envelope; throws upstream's messages for empty or unprefixed data. */
export function readEnvelope(body: Buffer): UnknownEnvelope {
  if (body.length === 0) throw new ProtobufDecodeError("empty data");
  if (body.length < PROTOBUF_MAGIC.length || !body.subarray(0, PROTOBUF_MAGIC.length).equals(PROTOBUF_MAGIC)) {
    throw new ProtobufDecodeError(`provided data does not appear to be a protobuf message, expected prefix [${[...PROTOBUF_MAGIC].join(" ")}]`);
  }
  if (body.length === PROTOBUF_MAGIC.length) throw new ProtobufDecodeError("empty body");
  const unknown = strings(readFields(body.subarray(PROTOBUF_MAGIC.length)), "runtime.Unknown");
  const typeMeta = strings(readFields(unknown.get(1) ?? Buffer.alloc(0)), "runtime.TypeMeta");
  return {
    apiVersion: typeMeta.get(1)?.toString("utf8") ?? "",
    kind: typeMeta.get(2)?.toString("utf8") ?? "",
    raw: unknown.get(2) ?? Buffer.alloc(0),
    contentEncoding: unknown.get(3)?.toString("utf8") ?? "",
    contentType: unknown.get(4)?.toString("utf8") ?? "",
  };
}
