/**
 * A minimal protocol buffers (proto3) writer: varints, length-delimited
 * strings and nested messages, doubles. Default values (empty strings,
 * false, 0) are skipped, as proto3 encoders do.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_LEN = 2;

export class ProtoWriter {
  private chunks: Buffer[] = [];
  private size = 0;

  private push(b: Buffer): void {
    this.chunks.push(b);
    this.size += b.length;
  }

  private varint(n: number): void {
    if (n >= 0 && n < 0x80) {
      this.push(Buffer.of(n));
      return;
    }
    const bytes: number[] = [];
    if (n > 0 && n <= 0xffffffff) {
      // Lengths and tags: plain arithmetic, far cheaper than BigInt.
      let v = n;
      while (v >= 0x80) {
        bytes.push((v % 0x80) | 0x80);
        v = Math.floor(v / 0x80);
      }
      bytes.push(v);
    } else {
      let v = BigInt.asUintN(64, BigInt(Math.trunc(n)));
      while (v >= 0x80n) {
        bytes.push(Number(v & 0x7fn) | 0x80);
        v >>= 7n;
      }
      bytes.push(Number(v));
    }
    this.push(Buffer.from(bytes));
  }

  private tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  string(field: number, value: string | undefined): this {
    if (!value) return this;
    return this.bytes(field, Buffer.from(value, "utf8"));
  }

  strings(field: number, values: readonly string[] | undefined): this {
    // Repeated strings keep empty entries: the index is meaningful.
    for (const v of values ?? []) this.bytes(field, Buffer.from(v, "utf8"), true);
    return this;
  }

  bytes(field: number, value: Buffer, keepEmpty = false): this {
    if (value.length === 0 && !keepEmpty) return this;
    this.tag(field, WIRE_LEN);
    this.varint(value.length);
    this.push(value);
    return this;
  }

  bool(field: number, value: boolean | undefined): this {
    if (!value) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(1);
    return this;
  }

  int64(field: number, value: number | undefined): this {
    if (!value) return this;
    this.tag(field, WIRE_VARINT);
    this.varint(value);
    return this;
  }

  double(field: number, value: number | undefined): this {
    if (!value) return this;
    this.tag(field, WIRE_FIXED64);
    const b = Buffer.alloc(8);
    b.writeDoubleLE(value);
    this.push(b);
    return this;
  }

  /** A nested message, always written (an empty message still marks presence). */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish(), true);
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks, this.size);
  }
}
