import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject } from "../../api/types.js";
import { DEPLOYMENTS, REPLICASETS } from "../../client/resources.js";
import { fixtureView } from "../fixture-source.js";
import { at, T0 } from "../test-fixtures.js";
import { oldReplicaSets } from "./old-replicasets.js";

const deployment = (name: string, revision: number, limit?: number): KubeObject => ({
  metadata: { name, namespace: "default", uid: `uid-${name}`, annotations: { "deployment.kubernetes.io/revision": String(revision) } },
  spec: { replicas: 1, ...(limit === undefined ? {} : { revisionHistoryLimit: limit }) },
});
const rs = (d: string, revision: number, replicas: number): KubeObject => ({
  metadata: { name: `${d}-${revision}`, namespace: "default", creationTimestamp: at(revision * 1000), annotations: { "deployment.kubernetes.io/revision": String(revision) }, ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: d, uid: `uid-${d}`, controller: true }] },
  spec: { replicas },
});
const history = (d: string, n: number) => [...Array.from({ length: n }, (_, i) => rs(d, i + 1, 0)), rs(d, n + 1, 1)];
const METRICS = ['# TYPE apiserver_storage_objects gauge', 'apiserver_storage_objects{resource="replicasets.apps"} 17', 'apiserver_storage_objects{resource="pods"} 83', ""].join("\n");

describe("old-replicasets", () => {
  it("flags a Deployment with 15 old ReplicaSets, with their share of the API server's stored objects (S8)", async () => {
    const view = fixtureView({
      objects: [
        [DEPLOYMENTS, [deployment("web", 16, 100), deployment("api", 11)]],
        [REPLICASETS, [...history("web", 15), ...history("api", 10)]],
      ],
      endpoints: { "/metrics": { ok: true, status: 200, body: METRICS } },
    });
    const [f, ...rest] = await oldReplicaSets.run({ view, now: T0 });
    assert.equal(rest.length, 0, "10 old ReplicaSets (the default limit) are fine");
    assert.equal(f.summary, "Deployment keeps 15 old ReplicaSets");
    assert.equal(f.chain[0].text, "Deployment default/web: revisionHistoryLimit 100, 15 old ReplicaSets (scaled to 0)");
    assert.equal(f.chain[2].text, 'API server /metrics: apiserver_storage_objects{resource="replicasets.apps"} 17 of 100 stored objects (17.0%); these old ones are 15.0%');
    assert.match(f.fix, /revisionHistoryLimit/);
  });
});
