import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createDefaultTolerationSecondsAdmission } from "./default-toleration-seconds.js";
import { createPriorityAdmission } from "./priority.js";
import { createRuntimeClassAdmission } from "./runtime-class.js";
import { createTaintNodesByConditionAdmission } from "./taint-nodes-by-condition.js";
import { attrs, fakeLookup, refusal } from "./testing/fake-lookup.js";

type AnyPod = { metadata: { name: string; namespace: string }; spec: Record<string, unknown> };
const pod = (spec: Record<string, unknown> = {}): AnyPod => ({ metadata: { name: "p", namespace: "ns" }, spec: { containers: [{ name: "c", image: "nginx" }], ...spec } });
const pc = (name: string, value: number, more: Record<string, unknown> = {}) => ({ metadata: { name, creationTimestamp: "2024-01-01T00:00:00Z" }, value, ...more });

describe("Priority", () => {
  const classes = { "scheduling.k8s.io/priorityclasses//high": pc("high", 1000, { preemptionPolicy: "Never" }) };

  it("sets priority and preemption policy from the named class", async () => {
    const p = pod({ priorityClassName: "high" });
    await createPriorityAdmission(fakeLookup(classes)).admit!(attrs("", "pods", p));
    assert.equal(p.spec.priority, 1000);
    assert.equal(p.spec.preemptionPolicy, "Never");
  });

  it("without a class: the global default one, else priority 0 and PreemptLowerPriority", async () => {
    const p = pod();
    await createPriorityAdmission(fakeLookup({})).admit!(attrs("", "pods", p));
    assert.deepEqual([p.spec.priority, p.spec.preemptionPolicy, p.spec.priorityClassName], [0, "PreemptLowerPriority", undefined]);
    const q = pod();
    await createPriorityAdmission(fakeLookup({ ...classes, "scheduling.k8s.io/priorityclasses//default": pc("default", 10, { globalDefault: true, preemptionPolicy: "PreemptLowerPriority" }) })).admit!(attrs("", "pods", q));
    assert.deepEqual([q.spec.priority, q.spec.priorityClassName], [10, "default"]);
  });

  it("the system classes resolve even when their objects are missing", async () => {
    const p = pod({ priorityClassName: "system-node-critical" });
    await createPriorityAdmission(fakeLookup({})).admit!(attrs("", "pods", p));
    assert.equal(p.spec.priority, 2000001000);
  });

  it("refuses an unknown class and a priority that disagrees, with upstream's messages", async () => {
    const plugin = createPriorityAdmission(fakeLookup(classes));
    assert.equal(await refusal(plugin.admit!(attrs("", "pods", pod({ priorityClassName: "nope" })))), 'pods "p" is forbidden: no PriorityClass with name nope was found');
    assert.equal(
      await refusal(plugin.admit!(attrs("", "pods", pod({ priorityClassName: "high", priority: 5 })))),
      'pods "p" is forbidden: the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name',
    );
  });

  it("allows one global default class only", async () => {
    const plugin = createPriorityAdmission(fakeLookup({ "scheduling.k8s.io/priorityclasses//default": pc("default", 10, { globalDefault: true }) }));
    const second = pc("another", 20, { globalDefault: true });
    assert.equal(await refusal(plugin.validate!(attrs("scheduling.k8s.io", "priorityclasses", second))), 'priorityclasses.scheduling.k8s.io "another" is forbidden: PriorityClass default is already marked as default. Only one default can exist');
    await plugin.validate!(attrs("scheduling.k8s.io", "priorityclasses", pc("default", 11, { globalDefault: true }), { operation: "UPDATE" }));
  });
});

describe("DefaultTolerationSeconds", () => {
  it("adds 300s NoExecute tolerations for not-ready and unreachable nodes unless the pod has them", async () => {
    const p = pod({ tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 }] });
    await createDefaultTolerationSecondsAdmission().admit!(attrs("", "pods", p));
    assert.deepEqual(p.spec.tolerations, [
      { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 5 },
      { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 },
    ]);
    const all = pod({ tolerations: [{ operator: "Exists" }] });
    await createDefaultTolerationSecondsAdmission().admit!(attrs("", "pods", all));
    assert.deepEqual(all.spec.tolerations, [{ operator: "Exists" }]);
  });
});

describe("TaintNodesByCondition", () => {
  it("a new node starts not-ready:NoSchedule", async () => {
    const node = { metadata: { name: "n1" }, spec: { taints: [{ key: "dedicated", value: "x", effect: "NoSchedule" }] } };
    await createTaintNodesByConditionAdmission().admit!(attrs("", "nodes", node));
    assert.deepEqual(node.spec.taints, [{ key: "dedicated", value: "x", effect: "NoSchedule" }, { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" }]);
  });
});

describe("RuntimeClass", () => {
  const lookup = fakeLookup({ "node.k8s.io/runtimeclasses//gvisor": { metadata: { name: "gvisor" }, handler: "runsc", overhead: { podFixed: { cpu: "250m" } }, scheduling: { nodeSelector: { sandbox: "yes" }, tolerations: [{ key: "sandbox", operator: "Exists" }] } } });
  const plugin = createRuntimeClassAdmission(lookup);

  it("sets the overhead and merges the class's scheduling into the pod", async () => {
    const p = pod({ runtimeClassName: "gvisor", nodeSelector: { zone: "a" } });
    const a = attrs("", "pods", p);
    await plugin.admit!(a);
    await plugin.validate!(a);
    assert.deepEqual(p.spec.overhead, { cpu: "250m" });
    assert.deepEqual(p.spec.nodeSelector, { zone: "a", sandbox: "yes" });
    assert.deepEqual(p.spec.tolerations, [{ key: "sandbox", operator: "Exists" }]);
  });

  it("refuses a missing class, a conflicting selector and an overhead of its own", async () => {
    assert.equal(await refusal(plugin.admit!(attrs("", "pods", pod({ runtimeClassName: "kata" })))), 'pods "p" is forbidden: pod rejected: RuntimeClass "kata" not found');
    assert.equal(await refusal(plugin.admit!(attrs("", "pods", pod({ runtimeClassName: "gvisor", nodeSelector: { sandbox: "no" } })))), 'pods "p" is forbidden: conflict: runtimeClass.scheduling.nodeSelector[sandbox] = yes; pod.spec.nodeSelector[sandbox] = no');
    assert.equal(await refusal(plugin.validate!(attrs("", "pods", pod({ overhead: { cpu: "1" } })))), 'pods "p" is forbidden: pod rejected: Pod Overhead set without corresponding RuntimeClass defined Overhead');
    assert.equal(await refusal(plugin.admit!(attrs("", "pods", pod({ runtimeClassName: "gvisor", overhead: { cpu: "1" } })))), `pods "p" is forbidden: pod rejected: Pod's Overhead doesn't match RuntimeClass's defined Overhead`);
  });
});
