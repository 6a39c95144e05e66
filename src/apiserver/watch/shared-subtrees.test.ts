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
});
