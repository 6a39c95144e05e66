import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { computeHash } from "./hash.js";
import { newRSNewReplicas, resolveFenceposts, type DeploymentObject, type ReplicaSetObject } from "./replica-sets.js";
import { proportionalSizes } from "./scale.js";
import { replicaSetsToClean } from "./cleanup.js";
import { setRevision } from "./annotations.js";

function dep(replicas: number, maxSurge: number | string, maxUnavailable: number | string): DeploymentObject {
  return { metadata: { name: "web" }, spec: { replicas, selector: {}, template: {}, strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge, maxUnavailable } } } } as DeploymentObject;
}
function rs(name: string, replicas: number, o: { created?: string; revision?: string; maxReplicas?: number; status?: number } = {}): ReplicaSetObject {
  const annotations: Record<string, string> = {};
  if (o.revision) annotations["deployment.kubernetes.io/revision"] = o.revision;
  if (o.maxReplicas !== undefined) annotations["deployment.kubernetes.io/max-replicas"] = String(o.maxReplicas);
  return { metadata: { name, creationTimestamp: o.created ?? "2026-01-01T00:00:00Z", annotations, generation: 1 }, spec: { replicas, selector: {} }, status: { replicas: o.status ?? replicas, observedGeneration: 1 } } as ReplicaSetObject;
}

describe("deployment arithmetic", () => {
  it("rounds surge percentages up and unavailability percentages down", () => {
    assert.deepEqual(resolveFenceposts(dep(10, "25%", "25%")), { surge: 3, unavailable: 2 });
    assert.deepEqual(resolveFenceposts(dep(1, "25%", "25%")), { surge: 1, unavailable: 0 });
  });

  it("makes unavailability 1 when both fenceposts resolve to zero", () => {
    assert.deepEqual(resolveFenceposts(dep(3, 0, "10%")), { surge: 0, unavailable: 1 });
  });

  it("grows the new ReplicaSet only up to replicas plus maxSurge in total", () => {
    const d = dep(4, 1, 1);
    const newRS = rs("new", 0);
    assert.equal(newRSNewReplicas(d, [rs("old", 4), newRS], newRS), 1);
    assert.equal(newRSNewReplicas(d, [rs("old", 2), newRS], newRS), 3);
  });

  it("hashes a template stably, in at most 10 safe characters, and differently per collision count", () => {
    const t = { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx" }] } };
    const reordered = { spec: { containers: [{ image: "nginx", name: "c" }] }, metadata: { labels: { app: "web" } } };
    assert.equal(computeHash(t), computeHash(reordered));
    assert.match(computeHash(t), /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    assert.notEqual(computeHash(t, 1), computeHash(t));
  });

  it("scales ReplicaSets in proportion, the leftover going to the largest", () => {
    const d = dep(20, 0, 1);
    const plan = proportionalSizes(d, rs("new", 3, { created: "2026-01-02T00:00:00Z", maxReplicas: 10 }), [rs("old", 7, { maxReplicas: 10 })]);
    assert.deepEqual(plan.map((p) => [p.rs.metadata.name, p.size]), [["old", 14], ["new", 6]]);
  });

  it("cleans only old ReplicaSets past the limit that are scaled to zero, oldest revision first", () => {
    const olds = [rs("r3", 0, { revision: "3" }), rs("r1", 0, { revision: "1" }), rs("r2", 1, { revision: "2" }), rs("r4", 0, { revision: "4" })];
    assert.deepEqual(replicaSetsToClean(1, olds).map((r) => r.metadata.name), ["r1", "r3"]);
    assert.deepEqual(replicaSetsToClean(undefined, olds), []);
  });

  it("records the replaced revision in revision-history when a ReplicaSet is rolled back to", () => {
    const a: Record<string, string> = { "deployment.kubernetes.io/revision": "1" };
    assert.equal(setRevision(a, 3n), true);
    assert.equal(setRevision(a, 5n), true);
    assert.deepEqual(a, { "deployment.kubernetes.io/revision": "5", "deployment.kubernetes.io/revision-history": "1,3" });
    assert.equal(setRevision(a, 4n), false);
  });
});
