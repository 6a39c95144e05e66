import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { SharedEventDecoder } from "./shared-event-decoder.js";

const line = (name: string, rv: string) => `${JSON.stringify({ type: "MODIFIED", object: { apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default", resourceVersion: rv, labels: { app: "café" } }, spec: { nodeName: "node-1" } } })}\n`;

describe("SharedEventDecoder", () => {
  it("gives two streams receiving the same line the same frozen object", () => {
    const a = new SharedEventDecoder();
    const b = new SharedEventDecoder();
    const [ea] = a.push(Buffer.from(line("p1", "7")));
    const [eb] = b.push(Buffer.from(line("p1", "7")));
    assert.ok(ea && eb);
    assert.equal(ea, eb);
    assert.ok(Object.isFrozen(ea.object));
    assert.ok(Object.isFrozen((ea.object as { metadata: object }).metadata));
    assert.equal((ea.object as { metadata: { name: string } }).metadata.name, "p1");
  });

  it("decodes a different version on its own", () => {
    const d = new SharedEventDecoder();
    const [first] = d.push(Buffer.from(line("p2", "8")));
    const [second] = d.push(Buffer.from(line("p2", "9")));
    assert.notEqual(first, second);
    assert.equal((second!.object as { metadata: { resourceVersion: string } }).metadata.resourceVersion, "9");
  });

  it("joins lines and UTF-8 characters cut across chunks", () => {
    const d = new SharedEventDecoder();
    const bytes = Buffer.from(line("p3", "10") + line("p4", "11"));
    const cut = bytes.indexOf(Buffer.from("é")) + 1; // inside the two-byte character
    const out = [...d.push(bytes.subarray(0, cut)), ...d.push(bytes.subarray(cut, cut + 40)), ...d.push(bytes.subarray(cut + 40))];
    assert.deepEqual(out.map((e) => (e.object as { metadata: { name: string; labels: { app: string } } }).metadata.name), ["p3", "p4"]);
    assert.equal((out[0]!.object as { metadata: { labels: { app: string } } }).metadata.labels.app, "café");
  });

  it("throws on a malformed line, so the stream ends with the error", () => {
    assert.throws(() => new SharedEventDecoder().push(Buffer.from("{not json}\n")), SyntaxError);
  });
});
