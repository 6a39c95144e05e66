import { test } from "node:test";
import assert from "node:assert/strict";
import { missingRequired, quotaAdmission, type ResourceList } from "./admission.js";

const cases: { name: string; hard: ResourceList; used: ResourceList; delta: ResourceList; allowed: boolean; message?: string }[] = [
  { name: "a pod within the pod count is admitted", hard: { pods: "2" }, used: { pods: "1" }, delta: { pods: 1 }, allowed: true },
  {
    name: "a third pod against a quota of two is refused with upstream's message",
    hard: { pods: "2" },
    used: { pods: "2" },
    delta: { pods: 1 },
    allowed: false,
    message: "exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2",
  },
  {
    name: "only the exceeded resources are listed, sorted by name",
    hard: { pods: "10", "requests.memory": "1Gi", "requests.cpu": "1" },
    used: { pods: "1", "requests.memory": "1Gi", "requests.cpu": "900m" },
    delta: { pods: 1, "requests.memory": "128Mi", "requests.cpu": "200m" },
    allowed: false,
    message: "exceeded quota: compute, requested: requests.cpu=200m,requests.memory=128Mi, used: requests.cpu=900m,requests.memory=1Gi, limited: requests.cpu=1,requests.memory=1Gi",
  },
  { name: "resources the quota does not limit are ignored", hard: { pods: "1" }, used: {}, delta: { services: 5, pods: 1 }, allowed: true },
];

for (const c of cases) {
  test(c.name, () => {
    const r = quotaAdmission({ name: "compute", hard: c.hard, used: c.used }, c.delta);
    assert.equal(r.allowed, c.allowed);
    assert.equal(r.message, c.message);
  });
}

test("a quota on requests.cpu refuses a pod that does not state its cpu request", () => {
  const r = missingRequired({ name: "compute", hard: { "requests.cpu": "1", "limits.memory": "1Gi" }, used: {} }, ["requests.cpu", "limits.memory"], { pods: 1 });
  assert.deepEqual(r, { allowed: false, message: "failed quota: compute: must specify limits.memory,requests.cpu" });
});
