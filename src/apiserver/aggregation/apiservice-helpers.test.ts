import { test } from "node:test";
import assert from "node:assert/strict";
import { apiServiceGroupVersion, compareKubeAwareVersions, sortedByGroupAndVersion, withCondition, type APIService } from "./apiservice-helpers.js";

test("Kube-aware version order: GA before beta before alpha, higher numbers first, other strings last.", () => {
  const versions = ["v1alpha1", "foo", "v11alpha2", "v1beta1", "v2", "v1", "v12alpha1", "v2beta1", "bar", "v10beta3", "v1beta2", "v10"];
  assert.deepEqual(
    [...versions].sort((a, b) => compareKubeAwareVersions(b, a)),
    ["v10", "v2", "v1", "v10beta3", "v2beta1", "v1beta2", "v1beta1", "v12alpha1", "v11alpha2", "v1alpha1", "bar", "foo"],
  );
});

test("APIServices sort by group priority, then name; versions by version priority.", () => {
  const svc = (name: string, gp: number, vp: number): APIService => {
    const { group, version } = apiServiceGroupVersion(name);
    return { metadata: { name }, spec: { group, version, groupPriorityMinimum: gp, versionPriority: vp } };
  };
  const sorted = sortedByGroupAndVersion([svc("v1beta1.metrics.k8s.io", 100, 100), svc("v1alpha1.wardle.example.com", 1000, 15), svc("v1beta1.wardle.example.com", 1000, 15), svc("v2.wardle.example.com", 1000, 5)]);
  assert.deepEqual(
    sorted.map((g) => g.map((s) => s.metadata.name)),
    [["v1beta1.wardle.example.com", "v1alpha1.wardle.example.com", "v2.wardle.example.com"], ["v1beta1.metrics.k8s.io"]],
  );
});

test("The legacy core group's APIService is named v1.", () => {
  assert.deepEqual(apiServiceGroupVersion("v1."), { group: "", version: "v1" });
  assert.deepEqual(apiServiceGroupVersion("v1beta1.metrics.k8s.io"), { group: "metrics.k8s.io", version: "v1beta1" });
});

test("A condition's transition time moves only when its status changes.", () => {
  const before = [{ type: "Available", status: "False" as const, lastTransitionTime: "2026-01-01T00:00:00Z", reason: "MissingEndpoints", message: "a" }];
  const sameStatus = withCondition(before, { type: "Available", status: "False", lastTransitionTime: "2026-01-02T00:00:00Z", reason: "FailedDiscoveryCheck", message: "b" });
  assert.deepEqual(sameStatus, [{ type: "Available", status: "False", lastTransitionTime: "2026-01-01T00:00:00Z", reason: "FailedDiscoveryCheck", message: "b" }]);
  const flipped = withCondition(before, { type: "Available", status: "True", lastTransitionTime: "2026-01-02T00:00:00Z", reason: "Passed", message: "all checks passed" });
  assert.equal(flipped[0].lastTransitionTime, "2026-01-02T00:00:00Z");
  assert.equal(before[0].reason, "MissingEndpoints");
});
