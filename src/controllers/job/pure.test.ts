import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PodObject } from "../shared/index.js";
import { nextBackoff, remainingBackoff } from "./backoff.js";
import { matchPodFailurePolicy } from "./failure-policy.js";
import { formatIndexes, parseIndexes, pendingIndexes } from "./indexes.js";
import { matchSuccessPolicy } from "./success-policy.js";

describe("completed indexes", () => {
  const cases = [
    { name: "compresses consecutive runs", in: [0, 1, 2, 5, 7, 8], want: "0-2,5,7-8" },
    { name: "writes a single index alone", in: [3], want: "3" },
    { name: "writes nothing for none", in: [], want: "" },
  ];
  for (const c of cases) it(c.name, () => assert.equal(formatIndexes(c.in), c.want));
  it("parses what it writes, dropping indexes past completions", () => assert.deepEqual([...parseIndexes("0-2,5,9", 6)], [0, 1, 2, 5]));
  it("picks the lowest indexes neither done nor running", () => assert.deepEqual(pendingIndexes(6, new Set([0, 2]), new Set([1]), 2), [3, 4]));
});

describe("job back-off", () => {
  const cases = [
    { name: "no failures means no wait", failures: 0, elapsed: 0, want: 0 },
    { name: "the first failure waits 10s", failures: 1, elapsed: 4_000, want: 6_000 },
    { name: "the third failure waits 40s", failures: 3, elapsed: 0, want: 40_000 },
    { name: "the wait is capped at six minutes", failures: 12, elapsed: 0, want: 360_000 },
  ];
  for (const c of cases) {
    it(c.name, () => assert.equal(remainingBackoff({ failuresAfterLastSuccess: c.failures, lastFailureTime: 1000 }, 1000 + c.elapsed), c.want));
  }
  it("a success resets the failure streak", () => assert.equal(nextBackoff({ failuresAfterLastSuccess: 4, lastFailureTime: 0 }, 1, 0, 5).failuresAfterLastSuccess, 0));
});

describe("pod failure policy", () => {
  const failedPod = (code: number): PodObject => ({
    metadata: { name: "p", namespace: "ns" },
    status: { phase: "Failed", containerStatuses: [{ name: "main", image: "i", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode: code } } }] },
  });
  const policy = { rules: [{ action: "Ignore", onExitCodes: { operator: "In", values: [1] } }, { action: "FailJob", onExitCodes: { containerName: "main", operator: "In", values: [42] } }] };
  it("fails the job on a matching exit code with upstream's message", () => {
    assert.deepEqual(matchPodFailurePolicy(policy, failedPod(42)), { action: "FailJob", message: "Container main for pod ns/p failed with exit code 42 matching FailJob rule at index 1" });
  });
  it("applies the first matching rule", () => assert.equal(matchPodFailurePolicy(policy, failedPod(1))?.action, "Ignore"));
  it("leaves unmatched failures to the default", () => assert.equal(matchPodFailurePolicy(policy, failedPod(3)), undefined));
});

describe("success policy", () => {
  it("is met when every listed index succeeded", () => assert.equal(matchSuccessPolicy({ rules: [{ succeededIndexes: "0,2" }] }, 5, new Set([0, 2])), 0));
  it("is met by a count within the listed indexes", () => assert.equal(matchSuccessPolicy({ rules: [{ succeededIndexes: "0-3", succeededCount: 2 }] }, 5, new Set([1, 4])), -1));
  it("is met by a bare count", () => assert.equal(matchSuccessPolicy({ rules: [{ succeededCount: 2 }] }, 5, new Set([1, 4])), 0));
});
