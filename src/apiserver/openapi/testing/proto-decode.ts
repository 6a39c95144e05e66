/**
 * A schema-less protobuf decoder for tests: every message becomes a map of
 * field number -> raw values (varints as bigint, length-delimited as Buffer,
 * fixed64 as Buffer). Callers decide which Buffers are nested messages.
 */
export type ProtoValue = bigint | Buffer;
export type ProtoFields = Map<number, ProtoValue[]>;

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (pos >= buf.length) throw new Error("truncated varint");
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
}

/** Decodes one message; throws on malformed input (which is what tests check). */
export function decodeMessage(buf: Buffer): ProtoFields {
  const out: ProtoFields = new Map();
  let pos = 0;
  while (pos < buf.length) {
    const [key, p1] = readVarint(buf, pos);
    pos = p1;
    const field = Number(key >> 3n);
    const wire = Number(key & 7n);
    let value: ProtoValue;
    if (wire === 0) [value, pos] = readVarint(buf, pos);
    else if (wire === 1) { value = buf.subarray(pos, pos + 8); pos += 8; }
    else if (wire === 2) {
      const [len, p2] = readVarint(buf, pos);
      value = buf.subarray(p2, p2 + Number(len));
      pos = p2 + Number(len);
    } else throw new Error(`unsupported wire type ${wire}`);
    if (pos > buf.length || field === 0) throw new Error("truncated message");
    const list = out.get(field) ?? [];
    list.push(value);
    out.set(field, list);
  }
  return out;
}

export function str(fields: ProtoFields, n: number): string | undefined {
  const v = fields.get(n)?.[0];
  return Buffer.isBuffer(v) ? v.toString("utf8") : undefined;
}

export function msgs(fields: ProtoFields, n: number): ProtoFields[] {
  return (fields.get(n) ?? []).filter(Buffer.isBuffer).map(decodeMessage);
}

/** Entries of a repeated Named* message (name = 1, value = 2). */
export function named(fields: ProtoFields, n: number): Map<string, ProtoFields> {
  return new Map(msgs(fields, n).map((m) => [str(m, 1) ?? "", msgs(m, 2)[0] ?? new Map()]));
}
