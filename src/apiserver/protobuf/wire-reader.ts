/**
 * Protocol Buffers wire format, read side: a cursor over one message's
 * bytes that yields (field number, wire type, value) records. Every read is
 * bounds-checked; malformed input throws a ProtobufDecodeError.
 */

/** A body that is not valid Kubernetes protobuf; the server answers 400. */
export class ProtobufDecodeError extends Error {
  override name = "ProtobufDecodeError";
}

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_BYTES = 2;
export const WIRE_FIXED32 = 5;

/** One field record. `varint` is set for wire type 0, `bytes` for 1, 2 and 5 (the raw payload). */
export interface WireField {
  field: number;
  wire: number;
  varint?: bigint;
  bytes?: Buffer;
}

/** Reads a base-128 varint at `pos`; returns the value (unsigned, up to 64 bits) and the next position. */
export function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new ProtobufDecodeError("unexpected end of data in a varint");
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << BigInt(7 * i);
    if ((b & 0x80) === 0) return [BigInt.asUintN(64, result), pos];
  }
  throw new ProtobufDecodeError("varint is longer than 10 bytes");
}

function take(buf: Buffer, pos: number, len: number, what: string): Buffer {
  if (len < 0 || pos + len > buf.length) throw new ProtobufDecodeError(`unexpected end of data in ${what}`);
  return buf.subarray(pos, pos + len);
}

/** Every field record of one message, in wire order. Groups (wire types 3, 4) are rejected: Kubernetes never writes them. */
export function readFields(buf: Buffer): WireField[] {
  const out: WireField[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [key, afterKey] = readVarint(buf, pos);
    pos = afterKey;
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    if (field <= 0 || field > 0x1fffffff) throw new ProtobufDecodeError(`illegal field number ${field}`);
    switch (wire) {
      case WIRE_VARINT: {
        const [v, next] = readVarint(buf, pos);
        out.push({ field, wire, varint: v });
        pos = next;
        break;
      }
      case WIRE_FIXED64:
        out.push({ field, wire, bytes: take(buf, pos, 8, `fixed64 field ${field}`) });
        pos += 8;
        break;
      case WIRE_FIXED32:
        out.push({ field, wire, bytes: take(buf, pos, 4, `fixed32 field ${field}`) });
        pos += 4;
        break;
      case WIRE_BYTES: {
        const [len, next] = readVarint(buf, pos);
        if (len > BigInt(buf.length)) throw new ProtobufDecodeError(`unexpected end of data in field ${field}`);
        out.push({ field, wire, bytes: take(buf, next, Number(len), `field ${field}`) });
        pos = next + Number(len);
        break;
      }
      default:
        throw new ProtobufDecodeError(`illegal wire type ${wire} for field ${field}`);
    }
  }
  return out;
}

/** The varints of a packed repeated field's payload. */
export function readPackedVarints(payload: Buffer): bigint[] {
  const out: bigint[] = [];
  let pos = 0;
  while (pos < payload.length) {
    const [v, next] = readVarint(payload, pos);
    out.push(v);
    pos = next;
  }
  return out;
}
