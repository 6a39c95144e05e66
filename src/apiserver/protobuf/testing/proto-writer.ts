/**
 * A tiny protobuf writer for tests: each function returns one encoded
 * field, and a message is the concatenation of its fields. It writes what
 * Go's encoder writes (proto2, unpacked repeated scalars, 64-bit
 * sign-extended negative int32s) so tests can mirror real client bodies.
 */

function varintBytes(value: bigint): Buffer {
  let v = BigInt.asUintN(64, value);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) b |= 0x80;
    out.push(b);
  } while (v !== 0n);
  return Buffer.from(out);
}

function key(field: number, wire: number): Buffer {
  return varintBytes(BigInt(field * 8 + wire));
}

/** A varint field (int32, int64, bool, enum); negatives are sign-extended to 64 bits. */
export function varint(field: number, value: number | bigint | boolean): Buffer {
  const v = typeof value === "boolean" ? (value ? 1n : 0n) : BigInt(value);
  return Buffer.concat([key(field, 0), varintBytes(v)]);
}

/** A length-delimited field holding raw bytes. */
export function bytes(field: number, payload: Buffer): Buffer {
  return Buffer.concat([key(field, 2), varintBytes(BigInt(payload.length)), payload]);
}

export function str(field: number, value: string): Buffer {
  return bytes(field, Buffer.from(value, "utf8"));
}

/** A nested message field made of the given encoded fields. */
export function msg(field: number, ...parts: Buffer[]): Buffer {
  return bytes(field, Buffer.concat(parts));
}

export function double(field: number, value: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(value);
  return Buffer.concat([key(field, 1), b]);
}

/** One map<string, V> entry: key in field 1, the encoded value field(s) in `value`. */
export function entry(field: number, k: string, value: Buffer): Buffer {
  return msg(field, str(1, k), value);
}

/** A complete request body: magic, then runtime.Unknown around the object's message. */
export function envelope(apiVersion: string, kind: string, ...object: Buffer[]): Buffer {
  return Buffer.concat([
    Buffer.from([0x6b, 0x38, 0x73, 0x00]),
    msg(1, str(1, apiVersion), str(2, kind)),
    msg(2, ...object),
    str(3, ""),
    str(4, ""),
  ]);
}

/**
 * ObjectMeta as Go writes it: every non-pointer field, zero or not
 * (strings 1-6, generation 7, an empty creationTimestamp 8), then extras.
 */
export function objectMeta(field: number, name: string, namespace = "", ...extra: Buffer[]): Buffer {
  return msg(field, str(1, name), str(2, ""), str(3, namespace), str(4, ""), str(5, ""), str(6, ""), varint(7, 0), msg(8), ...extra);
}
