import assert from "node:assert/strict";
import { test } from "node:test";
import { forbidden } from "../../api/errors.js";
import { createRegistry } from "../../metrics/index.js";
import { VirtualClock } from "../../util/clock.js";
import { AdmissionMetrics } from "./metrics.js";
import { createPodSecurityMetrics } from "./pod-security/metrics.js";
import { createPodSecurityAdmission } from "./pod-security/plugin.js";
import { buildAdmissionChain } from "./plugins.js";
import { attrs, fakeLookup, refusal } from "./testing/fake-lookup.js";

test("each plugin's and each phase's latency is observed under upstream's names, refusals marked", async () => {
  const registry = createRegistry();
  const clock = new VirtualClock();
  const slow = { name: "LimitRanger", admit: () => clock.advance(30) };
  const refusing = { name: "ResourceQuota", validate: async () => Promise.reject(forbidden({ group: "", resource: "pods" }, "p", "no")) };
  const chain = buildAdmissionChain(["LimitRanger", "ResourceQuota"], { LimitRanger: slow, ResourceQuota: refusing }, new AdmissionMetrics(registry, clock));
  const a = attrs("", "pods", { metadata: { name: "p", namespace: "ns" } });
  await chain.admit(a);
  await refusal(chain.validate(a));
  const text = await registry.metrics();
  assert.match(text, /^apiserver_admission_controller_admission_duration_seconds_bucket\{le="0.025",name="LimitRanger",type="admit",operation="CREATE",rejected="false"\} 0$/m);
  assert.match(text, /^apiserver_admission_controller_admission_duration_seconds_bucket\{le="0.1",name="LimitRanger",type="admit",operation="CREATE",rejected="false"\} 1$/m);
  assert.match(text, /^apiserver_admission_controller_admission_duration_seconds_count\{name="ResourceQuota",type="validate",operation="CREATE",rejected="true"\} 1$/m);
  assert.match(text, /^apiserver_admission_step_admission_duration_seconds_count\{type="validate",operation="CREATE",rejected="true"\} 1$/m);
  assert.match(text, /^apiserver_admission_step_admission_duration_seconds_count\{type="admit",operation="CREATE",rejected="false"\} 1$/m);
});

test("PodSecurity counts its evaluations by decision, level, version and mode", async () => {
  const registry = createRegistry();
  const lookup = fakeLookup({ "/namespaces//ns": { metadata: { name: "ns", labels: { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted", "pod-security.kubernetes.io/warn-version": "v1.30" } } } });
  const plugin = createPodSecurityAdmission(lookup, createPodSecurityMetrics(registry));
  const pod = (privileged: boolean) => ({ metadata: { name: "p", namespace: "ns" }, spec: { containers: [{ name: "c", image: "x", securityContext: { privileged } }] } });
  await plugin.validate!(attrs("", "pods", pod(false)));
  await refusal(plugin.validate!(attrs("", "pods", pod(true))));
  const text = await registry.metrics();
  const count = (labels: string) => new RegExp(`^pod_security_evaluations_total\\{${labels}\\} (\\d+)$`, "m").exec(text)?.[1];
  assert.equal(count('decision="allow",policy_level="baseline",policy_version="latest",mode="enforce",request_operation="create",resource="pod",subresource=""'), "1");
  assert.equal(count('decision="deny",policy_level="baseline",policy_version="latest",mode="enforce",request_operation="create",resource="pod",subresource=""'), "1");
  assert.equal(count('decision="deny",policy_level="restricted",policy_version="v1.30",mode="warn",request_operation="create",resource="pod",subresource=""'), "1");
});
