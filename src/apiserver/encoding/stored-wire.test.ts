import { test } from "node:test";
import assert from "node:assert/strict";
import { withResourceVersion } from "./canonical.js";
import { storedObjectPrefix, wireJsonFromStored } from "./stored-wire.js";

const prefix = storedObjectPrefix("Pod", "v1");

/** What decoding and encoding gives: the object with resourceVersion put in its place. */
function decodedJson(stored: string, rv: string): string {
  const obj = JSON.parse(stored) as { metadata: Record<string, unknown> };
  obj.metadata = withResourceVersion(obj.metadata, rv);
  return JSON.stringify(obj);
}

test("the resourceVersion is spliced where decoding puts it", () => {
  const metas: Record<string, unknown>[] = [
    {},
    { name: "p" },
    { name: "p", namespace: "default", uid: "0d7c-1" },
    { name: "p", generateName: "p-", namespace: "default", selfLink: "/x", uid: "u", generation: 2, labels: { a: "1" } },
    { name: "p", labels: { uid: "x" } },
    { name: "we\"ird\\", uid: "u", annotations: { "a\"b": "}" } },
    { creationTimestamp: "2026-01-01T00:00:00Z", name: "late" },
  ];
  for (const metadata of metas) {
    const stored = JSON.stringify({ kind: "Pod", apiVersion: "v1", metadata, spec: { nodeName: "n", containers: [{ name: "c" }] } });
    assert.equal(wireJsonFromStored(stored, prefix, "42"), decodedJson(stored, "42"), JSON.stringify(metadata));
  }
});

test("text it cannot vouch for is left to the encoder", () => {
  const other = (o: object) => wireJsonFromStored(JSON.stringify(o), prefix, "7");
  assert.equal(other({ kind: "Pod", apiVersion: "v1beta1", metadata: { name: "p" } }), undefined, "another version");
  assert.equal(other({ apiVersion: "v1", kind: "Pod", metadata: { name: "p" } }), undefined, "another order");
  assert.equal(other({ kind: "Pod", apiVersion: "v1", metadata: { name: 5, uid: "u" } }), undefined, "a name that is not a string");
  assert.equal(other({ kind: "Pod", apiVersion: "v1", metadata: { name: "p", resourceVersion: "3" } }), undefined, "a resourceVersion already there");
  assert.equal(other({ kind: "Pod", apiVersion: "v1", spec: {} }), undefined, "no metadata first");
});
