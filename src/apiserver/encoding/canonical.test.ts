import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalObject, canonicalObjectReusing, withResourceVersion } from "./canonical.js";

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

  it("keeps the parts already in order when asked to reuse them, to the same bytes as a full reordering", () => {
    const shuffled = (v: unknown, flip: boolean): unknown => {
      if (Array.isArray(v)) return v.map((x) => shuffled(x, !flip));
      if (v === null || typeof v !== "object") return v;
      const keys = Object.keys(v);
      const out: Record<string, unknown> = {};
      for (const k of flip ? keys.reverse() : keys) out[k] = shuffled((v as Record<string, unknown>)[k], !flip);
      return out;
    };
    const objects: Record<string, unknown>[] = [
      {
        kind: "Pod",
        apiVersion: "v1",
        metadata: { name: "p", namespace: "n", uid: "u", creationTimestamp: "t", labels: { b: "1", a: "2" }, annotations: { "10": "x", "9": "y" } },
        spec: { containers: [{ name: "c", image: "i", envFrom: [{ configMapRef: { optional: true, name: "cm" } }], ports: [{ protocol: "TCP", containerPort: 80 }] }], priority: 0, hostNetwork: false, zz: 1, nodeSelector: { z: "1", a: "2" } },
        status: { phase: "Pending", conditions: [{ type: "Ready", status: "True", lastProbeTime: null }], extra: { b: 1, a: 2 } },
      },
      { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d" }, spec: { replicas: 0, template: { metadata: { labels: { x: "y" } }, spec: { containers: [] } } }, status: { replicas: 0, observedGeneration: 1 } },
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", resourceVersion: undefined }, data: { b: "", a: "" }, zz: undefined, yy: 2 },
      { apiVersion: "example.com/v1", kind: "Widget", metadata: { uid: "u", name: "x" }, spec: { b: 1, a: 2 } },
    ];
    const keysDeep = (v: unknown): unknown => (v && typeof v === "object" ? (Array.isArray(v) ? v.map(keysDeep) : Object.entries(v).map(([k, x]) => [k, keysDeep(x)])) : v === undefined ? "undefined" : null);
    for (const o of objects) {
      for (const input of [o, shuffled(o, true), shuffled(o, false)] as Record<string, unknown>[]) {
        const before = JSON.stringify(keysDeep(input));
        const full = canonicalObject(input);
        const reused = canonicalObjectReusing(input);
        assert.equal(JSON.stringify(keysDeep(reused)), JSON.stringify(keysDeep(full)));
        assert.equal(JSON.stringify(reused), JSON.stringify(full));
        assert.equal(JSON.stringify(keysDeep(input)), before, "the input is left as it was");
      }
      // Once in order, every part below the top is the input's own.
      const ordered = canonicalObject(o) as Record<string, unknown>;
      const again = canonicalObjectReusing(ordered) as Record<string, unknown>;
      for (const k of Object.keys(ordered)) if (typeof ordered[k] === "object" && k !== "metadata") assert.equal(again[k], ordered[k], k);
    }
  });
});
