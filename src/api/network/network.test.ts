import { test } from "node:test";
import assert from "node:assert/strict";
import { routes } from "./routes.js";
import { securityGroups, parsePortRange } from "./security-groups.js";
import { message, testContext } from "../testing/hook-context.js";

const ctx = testContext();
const route = (spec: Record<string, unknown>, status?: Record<string, unknown>) => ({ metadata: { name: "kubernetes-uid" }, spec, status }) as never;
const sg = (spec: Record<string, unknown>) => ({ metadata: { name: "default" }, spec }) as never;

const routeCases: { name: string; obj: ReturnType<typeof route>; want: string[] }[] = [
  { name: "A route with a CIDR and a node is valid.", obj: route({ destinationCIDR: "10.244.1.0/24", targetNode: "node-2" }), want: [] },
  { name: "A route needs a destination and a target.", obj: route({}), want: ["spec.destinationCIDR: Required value", "spec.targetNode: Required value"] },
  {
    name: "A malformed CIDR is refused with core's message.",
    obj: route({ destinationCIDR: "10.244.1.0", targetNode: "node-2" }),
    want: ["spec.destinationCIDR: Invalid value: \"10.244.1.0\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)"],
  },
];
for (const c of routeCases) test(c.name, async () => assert.deepEqual((await routes.validate!(c.obj, ctx)).map(message), c.want));

test("A route's destination is immutable; its target may change.", async () => {
  const old = route({ destinationCIDR: "10.244.1.0/24", targetNode: "node-2" });
  assert.deepEqual((await routes.validateUpdate!(route({ destinationCIDR: "10.244.1.0/24", targetNode: "node-3" }), old, ctx)).map(message), []);
  assert.deepEqual((await routes.validateUpdate!(route({ destinationCIDR: "10.244.2.0/24", targetNode: "node-2" }), old, ctx)).map(message), [
    'spec.destinationCIDR: Invalid value: "10.244.2.0/24": field is immutable',
  ]);
});

test("A route's state is one of Available and Blackhole.", () => {
  const bad = route({ destinationCIDR: "10.244.1.0/24", targetNode: "node-2" }, { state: "Up" });
  assert.deepEqual(routes.validateStatusUpdate!(bad, bad, ctx).map(message), ['status.state: Unsupported value: "Up": supported values: "Available", "Blackhole"']);
});

test("kubectl get routes shows destination, target node and state.", () => {
  const r = route({ destinationCIDR: "10.244.1.0/24", targetNode: "node-2" }, { state: "Available" });
  assert.deepEqual(routes.columns!.slice(0, 3).map((c) => c.cell(r, { now: 0 })), ["10.244.1.0/24", "node-2", "Available"]);
});

const sgCases: { name: string; obj: ReturnType<typeof sg>; want: string[] }[] = [
  {
    name: "Rules with a CIDR or a group peer are valid.",
    obj: sg({ rules: [{ direction: "Ingress", protocol: "TCP", ports: "10250", cidr: "192.168.1.10/32" }, { direction: "Ingress", protocol: "All", group: "default" }] }),
    want: [],
  },
  {
    name: "Direction and protocol must be known values.",
    obj: sg({ rules: [{ direction: "In", protocol: "GRE", cidr: "0.0.0.0/0" }] }),
    want: ['spec.rules[0].direction: Unsupported value: "In": supported values: "Ingress", "Egress"', 'spec.rules[0].protocol: Unsupported value: "GRE": supported values: "TCP", "UDP", "SCTP", "ICMP", "All"'],
  },
  {
    name: "A port range must be ordered and within 1-65535.",
    obj: sg({ rules: [{ direction: "Ingress", protocol: "TCP", ports: "500-80", cidr: "0.0.0.0/0" }] }),
    want: ['spec.rules[0].ports: Invalid value: "500-80": must be a port or a range of ports between 1 and 65535, such as "443" or "30000-32767"'],
  },
  {
    name: "Ports make no sense for ICMP.",
    obj: sg({ rules: [{ direction: "Ingress", protocol: "ICMP", ports: "80", cidr: "0.0.0.0/0" }] }),
    want: ["spec.rules[0].ports: Forbidden: may not be set when protocol is ICMP"],
  },
  {
    name: "A rule needs exactly one peer.",
    obj: sg({ rules: [{ direction: "Egress", protocol: "All" }, { direction: "Egress", protocol: "All", cidr: "0.0.0.0/0", group: "default" }] }),
    want: ["spec.rules[0].cidr: Required value: one of cidr or group is required", "spec.rules[1].group: Forbidden: may not be set together with cidr"],
  },
  {
    name: "The node selector is validated as a label selector.",
    obj: sg({ nodeSelector: { matchExpressions: [{ key: "zone", operator: "Near" }] } }),
    want: ['spec.nodeSelector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator'],
  },
];
for (const c of sgCases) test(c.name, async () => assert.deepEqual((await securityGroups.validate!(c.obj, ctx)).map(message), c.want));

test("Port ranges parse as single ports or from-to.", () => {
  assert.deepEqual(parsePortRange("443"), { from: 443, to: 443 });
  assert.deepEqual(parsePortRange("30000-32767"), { from: 30000, to: 32767 });
  assert.equal(parsePortRange("0"), undefined);
  assert.equal(parsePortRange("1-70000"), undefined);
});

test("kubectl get securitygroups shows the node selector and rule counts.", () => {
  const g = sg({ nodeSelector: { matchLabels: { pool: "a" } }, rules: [{ direction: "Ingress", protocol: "All", cidr: "10.0.0.0/8" }, { direction: "Egress", protocol: "All", cidr: "0.0.0.0/0" }] });
  assert.deepEqual(securityGroups.columns!.slice(0, 3).map((c) => c.cell(g, { now: 0 })), ["pool=a", 1, 1]);
  assert.equal(securityGroups.columns![0].cell(sg({}), { now: 0 }), "<all>");
});
