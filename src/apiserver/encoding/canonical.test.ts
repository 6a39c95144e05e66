import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalObject, withResourceVersion } from "./canonical.js";

describe("upstream's JSON field order", () => {
  it("puts a Pod in Go struct order at every level, with map keys sorted", () => {
    const pod = {
      spec: { containers: [{ image: "nginx", name: "c", ports: [{ protocol: "TCP", containerPort: 80 }] }], restartPolicy: "Always" },
      status: { phase: "Pending" },
      metadata: { labels: { b: "1", a: "2" }, uid: "u", namespace: "default", name: "p", creationTimestamp: "2024-01-01T00:00:00Z", resourceVersion: "5" },
      apiVersion: "v1",
      kind: "Pod",
    };
    assert.equal(
      JSON.stringify(canonicalObject(pod)),
      '{"kind":"Pod","apiVersion":"v1","metadata":{"name":"p","namespace":"default","uid":"u","resourceVersion":"5","creationTimestamp":"2024-01-01T00:00:00Z","labels":{"a":"2","b":"1"}},' +
        '"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"}]}],"restartPolicy":"Always"},"status":{"phase":"Pending"}}',
    );
  });

  it("drops zero omitempty scalars as Go's encoder does, and keeps pointer fields", () => {
    const d = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { replicas: 0 }, status: { replicas: 0, unavailableReplicas: 0, observedGeneration: 1 } };
    assert.equal(JSON.stringify(canonicalObject(d)), '{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"d"},"spec":{"replicas":0},"status":{"observedGeneration":1}}');
  });

  it("inlines embedded structs where Go declares them", () => {
    const env = { apiVersion: "v1", kind: "Pod", metadata: { name: "p" }, spec: { containers: [{ name: "c", envFrom: [{ configMapRef: { optional: true, name: "cm" } }] }] } };
    const out = canonicalObject(env) as { spec: { containers: { envFrom: unknown[] }[] } };
    assert.equal(JSON.stringify(out.spec.containers[0].envFrom[0]), '{"configMapRef":{"name":"cm","optional":true}}');
  });

  it("orders a Status as kind, apiVersion, metadata, status, message, reason, details, code", () => {
    const s = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "m", reason: "NotFound", code: 404, details: { kind: "pods", name: "x" } };
    assert.equal(JSON.stringify(canonicalObject(s)), '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"m","reason":"NotFound","details":{"name":"x","kind":"pods"},"code":404}');
  });

  it("keeps fields the tables do not know after the known ones", () => {
    const o = canonicalObject({ zz: 1, apiVersion: "v1", kind: "ConfigMap", data: { b: "", a: "" }, metadata: { name: "c" } });
    assert.deepEqual(Object.keys(o), ["kind", "apiVersion", "metadata", "data", "zz"]);
    assert.deepEqual(Object.keys((o as { data: object }).data), ["a", "b"]);
  });

  it("places a stored object's resourceVersion after its uid", () => {
    assert.deepEqual(Object.keys(withResourceVersion({ name: "a", namespace: "n", uid: "u", creationTimestamp: "t" }, "7")), ["name", "namespace", "uid", "resourceVersion", "creationTimestamp"]);
    assert.deepEqual(Object.keys(withResourceVersion({ name: "a" }, "7")), ["name", "resourceVersion"]);
  });
});
