import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage, type FieldError } from "../validation/field.js";
import { nodes, type NodeObject } from "./nodes.js";
import { testContext } from "../testing/hook-context.js";

const ctx = testContext({ now: 0 });
const node = (extra: Record<string, unknown> = {}, labels: Record<string, string> = {}): NodeObject =>
  ({ metadata: { name: "n1", labels, creationTimestamp: "2024-01-01T00:00:00Z" }, ...extra }) as NodeObject;
const row = (n: NodeObject) => Object.fromEntries(nodes.columns!.map((c) => [c.name, c.cell(n, { now: Date.parse("2024-01-01T00:05:00Z") })]));

test("Node table cells follow upstream's printNode.", () => {
  const ready = { conditions: [{ type: "Ready", status: "True" }] };
  const cases: [NodeObject, Record<string, unknown>][] = [
    [node(), { Status: "Unknown", Roles: "<none>", Age: "5m", Version: "", "Internal-IP": "<none>", "External-IP": "<none>", "OS-Image": "<unknown>", "Kernel-Version": "<unknown>", "Container-Runtime": "<unknown>" }],
    [node({ status: ready, spec: { unschedulable: true } }), { Status: "Ready,SchedulingDisabled" }],
    [node({ status: { conditions: [{ type: "Ready", status: "Unknown" }] } }), { Status: "NotReady" }],
    [node({}, { "node-role.kubernetes.io/worker": "", "node-role.kubernetes.io/control-plane": "", "kubernetes.io/role": "master", "node-role.kubernetes.io/": "" }), { Roles: "control-plane,master,worker" }],
    [
      node({ status: { ...ready, addresses: [{ type: "Hostname", address: "n1" }, { type: "InternalIP", address: "10.0.0.5" }, { type: "ExternalIP", address: "1.2.3.4" }], nodeInfo: { kubeletVersion: "v1.35.0", osImage: "Debian", kernelVersion: "6.1", containerRuntimeVersion: "containerd://2.0" } } }),
      { Status: "Ready", Version: "v1.35.0", "Internal-IP": "10.0.0.5", "External-IP": "1.2.3.4", "OS-Image": "Debian", "Kernel-Version": "6.1", "Container-Runtime": "containerd://2.0" },
    ],
  ];
  for (const [n, want] of cases) {
    const got = row(n);
    for (const [k, v] of Object.entries(want)) assert.equal(got[k], v, k);
  }
  assert.deepEqual(nodes.columns!.filter((c) => c.priority === 1).map((c) => c.name), ["Internal-IP", "External-IP", "OS-Image", "Kernel-Version", "Container-Runtime"]);
});

test("Node defaults sync podCIDR with podCIDRs and default allocatable to capacity.", () => {
  const n = node({ spec: { podCIDR: "10.244.1.0/24" }, status: { capacity: { cpu: "2", memory: "1024Mi" } } });
  nodes.defaults!(n);
  assert.deepEqual(n.spec?.podCIDRs, ["10.244.1.0/24"]);
  assert.deepEqual(n.status?.allocatable, { cpu: "2", memory: "1Gi" });
});

const msgs = (errs: FieldError[] | Promise<FieldError[]>) => (errs as FieldError[]).map(fieldErrorMessage);

test("Taints are validated as upstream.", () => {
  const n = node({ spec: { taints: [{ key: "a", effect: "Sometimes" }, { key: "b", effect: "NoSchedule" }, { key: "b", effect: "NoSchedule" }, { key: "c" }] } });
  assert.deepEqual(msgs(nodes.validate!(n, ctx)), [
    'spec.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
    'spec.taints[2]: Duplicate value: {"key":"b","effect":"NoSchedule"}: taints must be unique by key and effect pair',
    "spec.taints[3].effect: Required value",
  ]);
});

test("podCIDRs and providerID may only be set once.", () => {
  const old = node({ spec: { podCIDRs: ["10.244.1.0/24"], providerID: "sim://a" } });
  const next = node({ spec: { podCIDRs: ["10.244.2.0/24"], providerID: "sim://b" } });
  assert.deepEqual(msgs(nodes.validateUpdate!(next, old, ctx)), [
    'spec.podCIDRs: Forbidden: node updates may not change podCIDR except from "" to valid',
    'spec.providerID: Forbidden: node updates may not change providerID except from "" to valid',
  ]);
  assert.deepEqual(msgs(nodes.validateUpdate!(node({ spec: { podCIDRs: ["10.244.1.0/24"] } }), node({ spec: {} }), ctx)), []);
  assert.deepEqual(msgs(nodes.validate!(node({ spec: { podCIDRs: ["10.0.0.0/8", "10.1.0.0/16"] } }), ctx)), ['spec.podCIDRs: Invalid value: []string{"10.0.0.0/8", "10.1.0.0/16"}: may specify no more than one CIDR for each IP family']);
});

test("Nodes are selectable by spec.unschedulable.", () => {
  assert.deepEqual(nodes.selectableFields!(node()), { "spec.unschedulable": "false" });
  assert.deepEqual(nodes.selectableFields!(node({ spec: { unschedulable: true } })), { "spec.unschedulable": "true" });
});
