import assert from "node:assert/strict";
import { test } from "node:test";
import { builtinAdmissionPlugins } from "./builtin.js";
import { attrs, fakeLookup } from "./testing/fake-lookup.js";
import { VirtualClock } from "../../util/clock.js";

/** Fields of the wrong JSON type, which validation refuses after the mutating plugins ran. */
const illTyped: [string, string, Record<string, unknown>][] = [
  ["", "pods", { spec: "x" }],
  ["", "pods", { spec: { tolerations: "t", containers: [{ name: "c", image: "x" }] } }],
  ["", "pods", { spec: { volumes: "v", containers: [{ name: "c", image: "x", volumeMounts: "m", resources: "r" }] } }],
  ["", "pods", { spec: { containers: "c", initContainers: 5, imagePullSecrets: "s" } }],
  ["", "pods", { spec: { runtimeClassName: 5, priorityClassName: {}, nodeSelector: "x", containers: [] } }],
  ["", "nodes", { spec: { taints: "t" } }],
  ["", "persistentvolumeclaims", { spec: "x" }],
  ["networking.k8s.io", "ingresses", { spec: 7 }],
];

test("mutating plugins leave ill-typed fields to validation instead of failing", async () => {
  const plugins = builtinAdmissionPlugins({
    lookup: fakeLookup({ "/limitranges/ns/lr": { metadata: { name: "lr", namespace: "ns" }, spec: { limits: [{ type: "Container", default: { cpu: "1" } }] } } }),
    quotas: { list: async () => [], updateStatus: async () => undefined },
    authorize: async () => ({ allowed: true, reason: "" }),
    clock: new VirtualClock(),
  });
  for (const [group, resource, body] of illTyped) {
    const obj = { metadata: { name: "o", namespace: resource === "nodes" ? undefined : "ns" }, ...structuredClone(body) };
    for (const plugin of Object.values(plugins)) {
      if (!plugin.admit) continue;
      await assert.doesNotReject(plugin.admit(attrs(group, resource, obj)), `${plugin.name} on ${resource} ${JSON.stringify(body)}`);
    }
  }
});
