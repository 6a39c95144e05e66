import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node, NodeCondition, Taint } from "kubernetes-types/core/v1.js";
import { assessNodeHealth } from "./node-health.js";
import { computeZoneState, mayTaint, summarizeZones } from "./disruption.js";
import { conditionNoScheduleTaints, noExecuteTaintFor } from "./taints.js";
import { matchingTolerations, minTolerationMs, toleratesTaint } from "./tolerations.js";

const T0 = Date.UTC(2026, 0, 1);
const iso = (ms: number) => new Date(ms).toISOString();
const cond = (type: string, status: string, heartbeat = T0): NodeCondition => ({ type, status, lastHeartbeatTime: iso(heartbeat), lastTransitionTime: iso(T0) });
const nodeWith = (conditions: NodeCondition[], extra: Partial<Node> = {}): Node => ({ metadata: { name: "node-1", creationTimestamp: iso(T0) }, status: { conditions }, ...extra });
const opts = (now: number) => ({ now, gracePeriodMs: 40_000 });

test("a node heard from within the grace period is left alone", () => {
  const node = nodeWith([cond("Ready", "True")]);
  const first = assessNodeHealth(node, undefined, undefined, opts(T0));
  const r = assessNodeHealth(node, undefined, first.health, opts(T0 + 40_000));
  assert.equal(r.conditions, undefined);
});

test("a node silent past the grace period has Ready and the pressure conditions set to Unknown", () => {
  const node = nodeWith([cond("Ready", "True"), cond("MemoryPressure", "False")]);
  const first = assessNodeHealth(node, undefined, undefined, opts(T0));
  const r = assessNodeHealth(node, undefined, first.health, opts(T0 + 41_000));
  const ready = r.conditions!.find((c) => c.type === "Ready")!;
  assert.deepEqual([ready.status, ready.reason, ready.message], ["Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."]);
  assert.equal(ready.lastHeartbeatTime, iso(T0));
  assert.equal(ready.lastTransitionTime, "2026-01-01T00:00:41Z");
  assert.equal(r.conditions!.find((c) => c.type === "MemoryPressure")!.status, "Unknown");
  assert.equal(r.conditions!.find((c) => c.type === "DiskPressure")!.reason, "NodeStatusNeverUpdated");
});

test("a renewed lease counts as hearing from the kubelet", () => {
  const node = nodeWith([cond("Ready", "True")]);
  const first = assessNodeHealth(node, { spec: { renewTime: iso(T0) } }, undefined, opts(T0));
  const renewed = assessNodeHealth(node, { spec: { renewTime: iso(T0 + 30_000) } }, first.health, opts(T0 + 30_000));
  assert.equal(assessNodeHealth(node, { spec: { renewTime: iso(T0 + 30_000) } }, renewed.health, opts(T0 + 60_000)).conditions, undefined);
});

test("a node that never posted status gets the startup grace period from its creation", () => {
  const node = nodeWith([]);
  assert.equal(assessNodeHealth(node, undefined, undefined, opts(T0 + 50_000)).conditions, undefined);
  const r = assessNodeHealth(node, undefined, undefined, opts(T0 + 61_000));
  assert.equal(r.conditions!.find((c) => c.type === "Ready")!.reason, "NodeStatusNeverUpdated");
});

for (const c of [
  { name: "Ready=False calls for the not-ready NoExecute taint", status: "False", key: "node.kubernetes.io/not-ready" },
  { name: "Ready=Unknown calls for the unreachable NoExecute taint", status: "Unknown", key: "node.kubernetes.io/unreachable" },
  { name: "Ready=True calls for no NoExecute taint", status: "True", key: undefined },
]) {
  test(c.name, () => assert.equal(noExecuteTaintFor(cond("Ready", c.status))?.key, c.key));
}

test("conditions and spec.unschedulable map to NoSchedule taints", () => {
  const node = nodeWith([cond("Ready", "Unknown"), cond("DiskPressure", "True"), cond("MemoryPressure", "False")], { spec: { unschedulable: true } });
  assert.deepEqual(conditionNoScheduleTaints(node).map((t) => t.key), ["node.kubernetes.io/unreachable", "node.kubernetes.io/disk-pressure", "node.kubernetes.io/unschedulable"]);
});

const unreachable: Taint = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" };
for (const c of [
  { name: "an Exists toleration for the key tolerates the taint", tol: { key: unreachable.key, operator: "Exists", effect: "NoExecute" }, want: true },
  { name: "a toleration for another effect does not", tol: { key: unreachable.key, operator: "Exists", effect: "NoSchedule" }, want: false },
  { name: "an empty key with Exists tolerates everything", tol: { operator: "Exists" }, want: true },
  { name: "an Equal toleration needs the same value", tol: { key: unreachable.key, value: "x" }, want: false },
]) {
  test(c.name, () => assert.equal(toleratesTaint(c.tol, unreachable), c.want));
}

test("the shortest tolerationSeconds decides; none means forever; no tolerations means at once", () => {
  assert.equal(minTolerationMs([{ tolerationSeconds: 300 }, { tolerationSeconds: 60 }]), 60_000);
  assert.equal(minTolerationMs([{ operator: "Exists" }]), -1);
  assert.equal(minTolerationMs([]), 0);
  assert.equal(matchingTolerations([unreachable], [{ key: "other", operator: "Exists" }]), undefined);
});

test("zones are fully disrupted with no ready node and partially when most are not ready", () => {
  assert.equal(computeZoneState(0, 1), "FullDisruption");
  assert.equal(computeZoneState(2, 3), "PartialDisruption");
  assert.equal(computeZoneState(5, 2), "Normal");
});

test("no NoExecute taint is added when every node of the cluster is not ready", () => {
  const down = nodeWith([cond("Ready", "Unknown")]);
  const up = nodeWith([cond("Ready", "True")]);
  assert.equal(mayTaint(summarizeZones([down]), ":\u0000:"), false);
  assert.equal(mayTaint(summarizeZones([down, up]), ":\u0000:"), true);
});
