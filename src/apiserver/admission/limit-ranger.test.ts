import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createLimitRangerAdmission } from "./limit-ranger.js";
import { attrs, fakeLookup, refusal } from "./testing/fake-lookup.js";

const range = (limits: unknown[]) => ({ metadata: { name: "lr", namespace: "ns" }, spec: { limits } });
const plugin = (limits: unknown[]) => createLimitRangerAdmission(fakeLookup({ "/limitranges/ns/lr": range(limits) }));
const pod = (resources: Record<string, unknown> = {}, more: Record<string, unknown> = {}) => ({ metadata: { name: "p", namespace: "ns" }, spec: { containers: [{ name: "c", image: "nginx", resources }], ...more } });

async function admitted(p: ReturnType<typeof createLimitRangerAdmission>, obj: unknown) {
  const a = attrs("", "pods", obj);
  await p.admit!(a);
  await p.validate!(a);
  return obj as ReturnType<typeof pod>;
}

describe("LimitRanger", () => {
  it("gives containers the default requests and limits, and says so in an annotation", async () => {
    const p = await admitted(plugin([{ type: "Container", default: { cpu: "500m", memory: "128Mi" }, defaultRequest: { cpu: "100m" } }]), pod({ limits: { memory: "64Mi" } }));
    assert.deepEqual(p.spec.containers[0].resources, { limits: { memory: "64Mi", cpu: "500m" }, requests: { cpu: "100m" } });
    assert.deepEqual((p.metadata as { annotations?: unknown }).annotations, { "kubernetes.io/limit-ranger": "LimitRanger plugin set: cpu request for container c; cpu limit for container c" });
  });

  const refusals: [string, unknown[], Record<string, unknown>, string][] = [
    ["a limit over the container max", [{ type: "Container", max: { cpu: "1" } }], { limits: { cpu: "2" } }, "maximum cpu usage per Container is 1, but limit is 2"],
    ["no limit under a max", [{ type: "Container", max: { memory: "1Gi" } }], { requests: { memory: "1Mi" } }, "maximum memory usage per Container is 1Gi.  No limit is specified"],
    ["a request under the min", [{ type: "Container", min: { cpu: "200m" } }], { requests: { cpu: "100m" } }, "minimum cpu usage per Container is 200m, but request is 100m"],
    ["no request above a min", [{ type: "Container", min: { cpu: "200m" } }], {}, "minimum cpu usage per Container is 200m.  No request is specified"],
    ["a ratio too high", [{ type: "Container", maxLimitRequestRatio: { cpu: "2" } }], { requests: { cpu: "100m" }, limits: { cpu: "500m" } }, "cpu max limit to request ratio per Container is 2, but provided ratio is 5.000000"],
    ["a pod total over the pod max", [{ type: "Pod", max: { cpu: "1" } }], { requests: { cpu: "600m" }, limits: { cpu: "1500m" } }, "maximum cpu usage per Pod is 1, but limit is 1500m"],
    [
      "two violations at once",
      [{ type: "Container", max: { cpu: "1", memory: "1Gi" } }],
      { limits: { cpu: "2", memory: "2Gi" } },
      "[maximum cpu usage per Container is 1, but limit is 2, maximum memory usage per Container is 1Gi, but limit is 2Gi]",
    ],
  ];
  for (const [what, limits, resources, why] of refusals) {
    it(`refuses ${what}`, async () => {
      assert.equal(await refusal(admitted(plugin(limits), pod(resources))), `pods "p" is forbidden: ${why}`);
    });
  }

  it("bounds a claim's storage request", async () => {
    const p = plugin([{ type: "PersistentVolumeClaim", min: { storage: "1Gi" }, max: { storage: "10Gi" } }]);
    const claim = (storage: string) => ({ metadata: { name: "data", namespace: "ns" }, spec: { resources: { requests: { storage } } } });
    await p.validate!(attrs("", "persistentvolumeclaims", claim("5Gi")));
    assert.equal(await refusal(p.validate!(attrs("", "persistentvolumeclaims", claim("20Gi")))), 'persistentvolumeclaims "data" is forbidden: maximum storage usage per PersistentVolumeClaim is 10Gi, but request is 20Gi');
    assert.equal(await refusal(p.validate!(attrs("", "persistentvolumeclaims", claim("100Mi")))), 'persistentvolumeclaims "data" is forbidden: minimum storage usage per PersistentVolumeClaim is 1Gi, but request is 100Mi');
  });

  it("does not check pod updates", async () => {
    const p = plugin([{ type: "Container", max: { cpu: "1" } }]);
    await p.validate!(attrs("", "pods", pod({ limits: { cpu: "2" } }), { operation: "UPDATE", oldObject: pod() as never }));
  });
});
