import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { mergePatchDiff, sameJson } from "./merge-patch.js";

describe("mergePatchDiff", () => {
  it("is undefined for equal values, null fields counting as absent", () => {
    const ours = { phase: "Running", conditions: [{ type: "Ready", status: "True", lastTransitionTime: "t" }] };
    const server = { phase: "Running", conditions: [{ type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: "t" }] };
    assert.equal(mergePatchDiff(ours, server), undefined);
    assert.equal(mergePatchDiff(server, ours), undefined);
  });
  it("sends changed fields, whole arrays, and null for removed ones", () => {
    assert.deepEqual(mergePatchDiff({ a: 1, b: { c: 1, d: 2 }, l: [1] }, { a: 2, b: { c: 1 }, l: [1, 2] }), { a: 2, b: { d: null }, l: [1, 2] });
  });
  it("sameJson compares deeply", () => {
    assert.ok(sameJson({ a: [{ x: 1, y: null }] }, { a: [{ x: 1 }] }));
    assert.ok(!sameJson({ a: [{ x: 1 }] }, { a: [{ x: 2 }] }));
    assert.ok(!sameJson([1], [1, 2]));
    assert.ok(!sameJson({ a: 1 }, { a: 1, b: 0 }), "a field present on one side only");
    assert.ok(!sameJson({ a: 1, b: "" }, { a: 1, b: null }));
    assert.ok(sameJson({ a: null }, {}));
    assert.ok(!sameJson({ a: [1] }, { a: { 0: 1 } }));
    assert.ok(!sameJson({ a: { b: 1 } }, { a: 1 }));
  });
});
