import { test } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "kubernetes-types/core/v1.js";
import { objectUsage, podCountsForQuota, podUsage, serviceUsage, sumUsage } from "./usage.js";

const pod = (requests: Record<string, string>, limits: Record<string, string> = {}, phase = "Running"): Pod => ({
  metadata: { name: "p" },
  spec: { containers: [{ name: "a", resources: { requests, limits } }, { name: "b", resources: { requests } }] },
  status: { phase },
});

test("pod usage sums container requests and limits under quota names", () => {
  const u = sumUsage(["pods", "requests.cpu", "cpu", "requests.memory", "limits.memory"], [podUsage(pod({ cpu: "100m", memory: "64Mi" }, { memory: "128Mi" }))]);
  assert.deepEqual(u, { pods: "1", "requests.cpu": "200m", cpu: "200m", "requests.memory": "128Mi", "limits.memory": "128Mi" });
});

test("an init container larger than the app containers sets the request", () => {
  const p = pod({ cpu: "100m" });
  p.spec!.initContainers = [{ name: "init", resources: { requests: { cpu: "1" } } }];
  assert.equal(sumUsage(["requests.cpu"], [podUsage(p)])["requests.cpu"], "1");
});

test("finished pods and pods past their deletion grace period are not charged", () => {
  assert.equal(podCountsForQuota(pod({}, {}, "Succeeded"), 0), false);
  const deleting: Pod = { metadata: { deletionTimestamp: "2026-01-01T00:00:00Z", deletionGracePeriodSeconds: 30 }, status: { phase: "Running" } };
  assert.equal(podCountsForQuota(deleting, Date.UTC(2026, 0, 1) + 10_000), true);
  assert.equal(podCountsForQuota(deleting, Date.UTC(2026, 0, 1) + 31_000), false);
});

test("every hard key is reported, zero when nothing uses it", () => {
  assert.deepEqual(sumUsage(["pods", "secrets"], []), { pods: "0", secrets: "0" });
});

test("a NodePort service charges one node port per port", () => {
  const u = sumUsage(["services", "services.nodeports", "services.loadbalancers"], [serviceUsage({ spec: { type: "NodePort", ports: [{ port: 80 }, { port: 443 }] } })]);
  assert.deepEqual(u, { services: "1", "services.nodeports": "2", "services.loadbalancers": "0" });
});

test("an extended resource is charged as its request only, and a pod's limits only for standard compute", () => {
  const p: Pod = { metadata: { name: "p" }, spec: { containers: [{ name: "a", resources: { requests: { "example.com/dongle": "2", cpu: "500m" }, limits: { "example.com/dongle": "2" } } }] } };
  const u = podUsage(p);
  assert.equal(u.get("requests.example.com/dongle")?.toString(), "2");
  assert.equal(u.has("example.com/dongle"), false);
  assert.equal(u.has("limits.example.com/dongle"), false);
  assert.equal(u.get("cpu")?.toString(), "500m");
});

test("objects without an evaluator of their own are counted under count/ and their legacy name", () => {
  assert.deepEqual([...objectUsage("", "resourcequotas", {}, 0)!.keys()].sort(), ["count/resourcequotas", "resourcequotas"]);
  assert.deepEqual([...objectUsage("apps", "replicasets", {}, 0)!.keys()], ["count/replicasets.apps"]);
  assert.equal(objectUsage("", "pods", { status: { phase: "Failed" } }, 0), undefined);
});
