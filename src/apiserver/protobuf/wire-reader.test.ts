import { test } from "node:test";
import assert from "node:assert/strict";
import { ProtobufDecodeError, readFields, readVarint } from "./wire-reader.js";

test("A ten-byte varint decodes to the full unsigned 64-bit value.", () => {
  const minusOne = Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]);
  assert.deepEqual(readVarint(minusOne, 0), [0xffffffffffffffffn, 10]);
});

test("Fields of each wire type are read with their payloads.", () => {
  const buf = Buffer.from([0x08, 0x96, 0x01, 0x12, 0x02, 0x68, 0x69, 0x19, 1, 2, 3, 4, 5, 6, 7, 8, 0x25, 9, 9, 9, 9]);
  const fields = readFields(buf);
  assert.deepEqual(fields.map((f) => [f.field, f.wire]), [[1, 0], [2, 2], [3, 1], [4, 5]]);
  assert.equal(fields[0]!.varint, 150n);
  assert.equal(fields[1]!.bytes!.toString(), "hi");
  assert.equal(fields[2]!.bytes!.length, 8);
  assert.equal(fields[3]!.bytes!.length, 4);
});

const malformed: [string, number[], RegExp][] = [
  ["A varint cut off mid-way is rejected.", [0x08, 0x96], /unexpected end of data in a varint/],
  ["A varint longer than ten bytes is rejected.", [0x08, ...Array<number>(10).fill(0x80), 0x01], /longer than 10 bytes/],
  ["A length beyond the data is rejected.", [0x12, 0x05, 0x68], /unexpected end of data in field 2/],
  ["A cut-off fixed64 is rejected.", [0x19, 1, 2], /unexpected end of data in fixed64 field 3/],
  ["Group wire types are rejected.", [0x0b], /illegal wire type 3 for field 1/],
  ["Field number zero is rejected.", [0x00, 0x01], /illegal field number 0/],
];

for (const [name, bytes, message] of malformed) {
  test(name, () => {
    assert.throws(() => readFields(Buffer.from(bytes)), (err: unknown) => err instanceof ProtobufDecodeError && message.test(err.message));
  });
}
