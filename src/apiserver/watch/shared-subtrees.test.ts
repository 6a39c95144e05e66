import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { KubeObject } from "../../api/types.js";
import { freezeForCache } from "./shared-subtrees.js";

const pod = (ip: string): KubeObject =>
  JSON.parse(
    JSON.stringify({
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        name: `p-${ip}`,
        managedFields: [
          { manager: "kube-controller-manager", operation: "Update", fieldsType: "FieldsV1", fieldsV1: { "f:metadata": { "f:labels": { ".": {}, "f:app": {} } }, "f:spec": { "f:containers": { 'k:{"name":"c"}': { ".": {}, "f:image": {} } } } } },
          { manager: "kubelet", operation: "Update", subresource: "status", fieldsType: "FieldsV1", fieldsV1: { "f:status": { "f:phase": {}, "f:podIPs": { ".": {}, [`k:{"ip":"${ip}"}`]: { ".": {}, "f:ip": {} } } } } },
        ],
      },
    }),
  );

describe("freezeForCache", () => {
  it("shares equal fieldsV1 trees and equal subtrees of different ones", () => {
    const a = freezeForCache(pod("10.0.0.1"));
    const b = freezeForCache(pod("10.0.0.2"));
    const [ma, mb] = [a.metadata.managedFields!, b.metadata.managedFields!];
    assert.equal(ma[0].fieldsV1, mb[0].fieldsV1);
    assert.notEqual(ma[1].fieldsV1, mb[1].fieldsV1);
    const ipsA = (ma[1].fieldsV1 as any)["f:status"]["f:podIPs"];
    const ipsB = (mb[1].fieldsV1 as any)["f:status"]["f:podIPs"];
    assert.notEqual(ipsA, ipsB);
    assert.equal(ipsA['k:{"ip":"10.0.0.1"}'], ipsB['k:{"ip":"10.0.0.2"}']);
    assert.equal((ma[1].fieldsV1 as any)["f:status"]["f:phase"], ipsA["."]);
  });

  it("keeps the object's content and freezes all of it", () => {
    const a = freezeForCache(pod("10.0.0.3"));
    assert.deepEqual(JSON.parse(JSON.stringify(a)), pod("10.0.0.3"));
    assert.ok(Object.isFrozen(a.metadata.managedFields![1].fieldsV1));
    assert.ok(Object.isFrozen(a.metadata));
    assert.throws(() => ((a.metadata as any).name = "x"), TypeError);
  });

  it("leaves trees that are not pure fieldsV1 as they are", () => {
    const o = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", managedFields: [{ manager: "m", fieldsV1: { "f:data": { x: 1 } } }] } } as unknown as KubeObject;
    const out = freezeForCache(o);
    assert.deepEqual((out.metadata.managedFields![0].fieldsV1 as any)["f:data"], { x: 1 });
  });

  it("reuses the unchanged parts of the state it replaces, keeping the new content and its key order", () => {
    const spec = { nodeName: "n1", containers: [{ name: "c", image: "pause", ports: [{ containerPort: 80 }] }] };
    const v1 = freezeForCache(JSON.parse(JSON.stringify({ ...pod("10.0.1.1"), spec, status: { phase: "Pending" } })) as KubeObject);
    const text2 = JSON.stringify({ ...pod("10.0.1.1"), spec, status: { phase: "Running" } });
    const v2 = freezeForCache(JSON.parse(text2) as KubeObject, v1);
    assert.equal(JSON.stringify(v2), text2);
    assert.equal((v2 as any).spec, (v1 as any).spec, "an equal subtree is the previous one");
    assert.notEqual((v2 as any).status, (v1 as any).status);
    assert.equal(v2.metadata.managedFields![1].fieldsV1, v1.metadata.managedFields![1].fieldsV1);
    assert.ok(Object.isFrozen((v2 as any).status) && Object.isFrozen(v2));

    const reordered = JSON.stringify({ ...pod("10.0.1.1"), spec: { containers: spec.containers, nodeName: "n1" }, status: { phase: "Running" } });
    const v3 = freezeForCache(JSON.parse(reordered) as KubeObject, v2);
    assert.equal(JSON.stringify(v3), reordered, "the new key order is kept");
    assert.notEqual((v3 as any).spec, (v2 as any).spec);
    assert.equal((v3 as any).spec.containers, (v2 as any).spec.containers);

    const changed = JSON.stringify({ ...pod("10.0.1.1"), spec: { ...spec, containers: [{ ...spec.containers[0], ports: [{ containerPort: 81 }] }] } });
    const v4 = freezeForCache(JSON.parse(changed) as KubeObject, v3);
    assert.equal(JSON.stringify(v4), changed);
    assert.equal((v3 as any).spec.containers[0].ports[0].containerPort, 80, "the previous state is untouched");
  });

  it("compares only own values with the previous state", () => {
    const prev = freezeForCache(JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p"},"data":{}}') as KubeObject);
    const text = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"p"},"data":{"__proto__":{},"constructor":{},"toString":"x"}}';
    const next = freezeForCache(JSON.parse(text) as KubeObject, prev);
    assert.equal(JSON.stringify(next), text);
    assert.equal(Object.getPrototypeOf((next as any).data), Object.prototype);
  });

  it("keeps equal subtrees of different objects once, after the first few objects that have them", () => {
    const template = (name: string, ip: string) => ({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name, labels: { app: "web", tier: "front" }, ownerReferences: [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-1", controller: true }] },
      spec: { tolerations: [{ key: "node.kubernetes.io/not-ready", operator: "Exists", tolerationSeconds: 300 }], securityContext: {}, nodeName: "n1" },
      status: { podIP: ip, hostIPs: [{ ip: "172.20.0.1" }] },
    });
    // A subtree is shared from the second time it is seen, its parent from the next time.
    const texts = ["a", "b", "c", "d", "e"].map((n, i) => JSON.stringify(template(`shared-${n}`, `10.9.0.${i}`)));
    const pods = texts.map((t) => freezeForCache(JSON.parse(t) as KubeObject)) as any[];
    texts.forEach((t, i) => assert.equal(JSON.stringify(pods[i]), t, "the content is kept"));
    const [b, c] = pods.slice(3);
    assert.equal(c.metadata.labels, b.metadata.labels);
    assert.equal(c.metadata.ownerReferences, b.metadata.ownerReferences);
    assert.equal(c.spec.tolerations, b.spec.tolerations);
    assert.equal(c.status.hostIPs, b.status.hostIPs);
    assert.notEqual(c.metadata, b.metadata, "parts that differ stay apart");
    assert.notEqual(c.status, b.status);
    assert.ok(Object.isFrozen(c.spec.tolerations[0]));
  });

  it("does not share subtrees whose values differ only in type or key order", () => {
    const one = (data: unknown) => freezeForCache(JSON.parse(JSON.stringify({ apiVersion: "v1", kind: "X", metadata: { name: "t" }, data })) as KubeObject) as any;
    const values = [{ v: 1 }, { v: "1" }, { v: true }, { v: "T" }, { v: null }, { v: "N" }, { a: 1, b: 2 }, { b: 2, a: 1 }];
    const frozen = [...values, ...values].map((d) => one({ d }).data.d);
    frozen.forEach((f, i) => assert.deepEqual(JSON.stringify(f), JSON.stringify(values[i % values.length])));
    for (let i = 0; i < values.length; i++) for (let j = 0; j < values.length; j++) if (i !== j) assert.notEqual(frozen[values.length + i], frozen[values.length + j]);
  });
});
