import assert from "node:assert/strict";
import { test } from "node:test";
import { buildAdmissionChain, enabledPluginNames, ORDERED_PLUGINS } from "./plugins.js";
import type { AdmissionPlugin } from "./types.js";
import { attrs } from "./testing/fake-lookup.js";

test("every plugin is on by default, in upstream's order", () => {
  assert.deepEqual(enabledPluginNames(), [...ORDERED_PLUGINS]);
  assert.deepEqual(ORDERED_PLUGINS.slice(0, 4), ["NamespaceLifecycle", "LimitRanger", "ServiceAccount", "NodeRestriction"]);
  assert.equal(ORDERED_PLUGINS.at(-1), "ResourceQuota");
});

test("disabled plugins drop out; unknown or overlapping names are upstream's errors", () => {
  const names = enabledPluginNames({ disable: ["PodSecurity", "LimitRanger"], enable: ["Priority"] });
  assert.ok(!names.includes("PodSecurity") && !names.includes("LimitRanger") && names.includes("Priority"));
  assert.throws(() => enabledPluginNames({ enable: ["AlwaysPullImage"] }), /^Error: enable-admission-plugins plugin "AlwaysPullImage" is unknown$/);
  assert.throws(() => enabledPluginNames({ enable: ["Priority"], disable: ["Priority"] }), /\[Priority\] in enable-admission-plugins and disable-admission-plugins overlapped/);
});

test("the chain runs plugins in upstream's order, whatever order they are given in", async () => {
  const ran: string[] = [];
  const plugin = (name: string): AdmissionPlugin => ({ name, admit: async () => void ran.push(`admit ${name}`), validate: async () => void ran.push(`validate ${name}`) });
  const chain = buildAdmissionChain(enabledPluginNames({ disable: ["Priority"] }), { ResourceQuota: plugin("ResourceQuota"), Priority: plugin("Priority"), LimitRanger: plugin("LimitRanger") });
  const a = attrs("", "pods", { metadata: { name: "p", namespace: "ns" } });
  await chain.admit(a);
  await chain.validate(a);
  assert.deepEqual(ran, ["admit LimitRanger", "admit ResourceQuota", "validate LimitRanger", "validate ResourceQuota"]);
});
