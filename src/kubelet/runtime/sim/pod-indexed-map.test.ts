import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { PodIndexedMap } from "./pod-indexed-map.js";

const item = (uid?: string): { labels: Record<string, string> } => ({ labels: uid === undefined ? {} : { "io.kubernetes.pod.uid": uid } });

describe("PodIndexedMap", () => {
  it("gives a pod's entries in the map's order, following sets, replacements, deletes and clear", () => {
    const m = new PodIndexedMap<{ labels: Record<string, string> }>();
    const a1 = item("a");
    const b1 = item("b");
    const a2 = item("a");
    m.set("1", a1).set("2", b1).set("3", a2).set("4", item());
    assert.deepEqual(m.ofPod("a"), [a1, a2]);
    assert.deepEqual(m.ofPod("b"), [b1]);
    assert.deepEqual(m.ofPod("c"), []);
    const moved = item("b");
    m.set("1", moved);
    assert.deepEqual(m.ofPod("a"), [a2]);
    assert.deepEqual(m.ofPod("b"), [b1, moved]);
    assert.equal(m.delete("2"), true);
    assert.equal(m.delete("2"), false);
    assert.deepEqual(m.ofPod("b"), [moved]);
    assert.equal(m.size, 3);
    m.clear();
    assert.deepEqual(m.ofPod("a"), []);
    assert.equal(m.size, 0);
  });
});
