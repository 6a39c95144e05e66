import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node, Pod } from "kubernetes-types/core/v1.js";
import type { RouteObject } from "../../api/network/routes.js";
import type { SecurityGroupObject } from "../../api/network/security-groups.js";
import { defaultSecurityGroup } from "../default-security-group.js";
import { createNetworkView, type NetworkSnapshot } from "./snapshot.js";
import { tracePath, type Trace, type TraceRequest } from "./trace.js";

const API = "192.168.1.10";

function node(name: string, ip: string, podCIDR: string, labels: Record<string, string> = {}): Node {
  return { metadata: { name, labels }, spec: { podCIDR, podCIDRs: [podCIDR] }, status: { addresses: [{ type: "InternalIP", address: ip }, { type: "Hostname", address: name }] } };
}

function pod(name: string, nodeName: string, ip: string, ports: number[] = [], extra: Partial<Pod["spec"]> = {}): Pod {
  return {
    metadata: { name, namespace: "default" },
    spec: { nodeName, containers: [{ name: "c", ports: ports.map((containerPort) => ({ containerPort })) }], ...extra },
    status: { phase: "Running", podIP: ip, podIPs: [{ ip }] },
  };
}

const route = (node: Node, state = "Available"): RouteObject => ({
  apiVersion: "network.skiff.dev/v1",
  kind: "Route",
  metadata: { name: `kubernetes-${node.metadata!.name}` },
  spec: { destinationCIDR: node.spec!.podCIDR!, targetNode: node.metadata!.name! },
  status: { state: state as "Available" },
});

const n1 = node("node-1", "172.16.0.11", "10.244.0.0/24");
const n2 = node("node-2", "172.16.0.12", "10.244.1.0/24");
const web1 = pod("web-1", "node-1", "10.244.0.5", [80]);
const web2 = pod("web-2", "node-2", "10.244.1.5", [80]);
const client2 = pod("client-2", "node-2", "10.244.1.9");

// A Service 10.96.0.20:80 with one endpoint, web-2, as kube-proxy writes it; NodePort 30080.
const NAT = `*nat
:KUBE-SERVICES - [0:0]
:KUBE-NODEPORTS - [0:0]
:KUBE-POSTROUTING - [0:0]
:KUBE-MARK-MASQ - [0:0]
:KUBE-EXT-WEB - [0:0]
:KUBE-SVC-WEB - [0:0]
:KUBE-SEP-WEB2 - [0:0]
-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000
-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE
-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000
-A KUBE-NODEPORTS -m comment --comment default/web:http -m tcp -p tcp --dport 30080 -j KUBE-EXT-WEB
-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.20 --dport 80 -j KUBE-SVC-WEB
-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS
-A KUBE-EXT-WEB -m comment --comment "masquerade traffic for default/web:http external destinations" -j KUBE-MARK-MASQ
-A KUBE-EXT-WEB -j KUBE-SVC-WEB
-A KUBE-SVC-WEB -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d 10.96.0.20 --dport 80 ! -s 10.244.0.0/16 -j KUBE-MARK-MASQ
-A KUBE-SVC-WEB -m comment --comment "default/web:http -> 10.244.1.5:80" -j KUBE-SEP-WEB2
-A KUBE-SEP-WEB2 -m comment --comment default/web:http -s 10.244.1.5 -j KUBE-MARK-MASQ
-A KUBE-SEP-WEB2 -m comment --comment default/web:http -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:80
COMMIT
`;

interface World {
  routes?: RouteObject[];
  groups?: SecurityGroupObject[];
  nat?: boolean;
  pods?: Pod[];
  nodes?: Node[];
}

function snapshot(w: World = {}): NetworkSnapshot {
  return {
    nodes: w.nodes ?? [n1, n2],
    pods: w.pods ?? [web1, web2, client2],
    routes: w.routes ?? [route(n1), route(n2)],
    securityGroups: w.groups ?? [defaultSecurityGroup({ clusterCIDR: "10.244.0.0/16", apiServerAddress: API, nodePortRange: [30000, 32767] })],
    apiServer: { address: API, port: 6443 },
    clusterCIDR: "10.244.0.0/16",
    serviceCIDR: "10.96.0.0/12",
    nat: w.nat ? { natTable: () => NAT } : undefined,
  };
}

const trace = (w: World, req: TraceRequest): Trace => tracePath(createNetworkView(snapshot(w)), req);
const fromPod = (p: Pod, to: string, port: number, protocol: "tcp" | "udp" | "icmp" = "tcp"): TraceRequest => ({ from: { kind: "pod", pod: p }, to, port, protocol });
const withoutRule = (pred: (r: { description?: string; protocol: string }) => boolean): SecurityGroupObject[] => {
  const g = defaultSecurityGroup({ clusterCIDR: "10.244.0.0/16", apiServerAddress: API, nodePortRange: [30000, 32767] });
  g.spec.rules = g.spec.rules!.filter((r) => !pred(r));
  return [g];
};

test("A pod reaches a pod on another node through the bridge, the route table and the security group, every hop named.", () => {
  const t = trace({}, fromPod(web1, "10.244.1.5", 80));
  assert.deepEqual(t.verdict, { result: "REACHED", target: "pod default/web-2", detail: "container c listens on 80/TCP", address: "10.244.1.5", port: 80 });
  assert.deepEqual(
    t.hops.map((h) => h.at),
    ["pod default/web-1", "node-1 cni0", "node-1 netfilter", "node-1 security group (egress)", "node-1 eth0", "VPC route table", "node-2 security group (ingress)", "node-2 netfilter", "node-2 cni0", "pod default/web-2"],
  );
  assert.match(t.hops[5].lines[0], /route kubernetes-node-2: 10.244.1.0\/24 -> node-2/);
});

test("Deleting one node's route drops exactly the traffic to that node's pods, naming the missing route.", () => {
  const w: World = { routes: [route(n1)] };
  const toNode2 = trace(w, fromPod(web1, "10.244.1.5", 80));
  assert.deepEqual(toNode2.verdict, { result: "DROPPED", hop: "VPC route table", reason: "no route for 10.244.1.5: node node-2's podCIDR 10.244.1.0/24 has no route in the table" });
  assert.equal(trace(w, fromPod(web2, "10.244.0.5", 80)).verdict.result, "REACHED", "node-2's pods still reach node-1's");
  assert.equal(trace(w, fromPod(client2, "10.244.1.5", 80)).verdict.result, "REACHED", "pods on node-2 still reach each other over the bridge");
  assert.ok(!trace(w, fromPod(client2, "10.244.1.5", 80)).hops.some((h) => h.at === "VPC route table"), "same-node traffic needs no route");
  assert.equal(trace(w, { from: { kind: "apiserver" }, to: "10.244.1.5", port: 80, protocol: "tcp" }).verdict.result, "DROPPED", "nor does the API server reach them");
});

test("Removing the API server's security-group rule makes kubelets' 10250 unreachable from it, and only that.", () => {
  const toKubelet: TraceRequest = { from: { kind: "apiserver" }, to: "172.16.0.12", port: 10250, protocol: "tcp" };
  assert.deepEqual(trace({}, toKubelet).verdict, { result: "REACHED", target: "node node-2", detail: "kubelet listens on 10250/TCP" });
  const groups = withoutRule((r) => r.description === "API server to kubelets");
  assert.deepEqual(trace({ groups }, toKubelet).verdict, {
    result: "DROPPED",
    hop: "node-2 security group (ingress)",
    reason: "no ingress rule of default allows TCP port 10250 from 192.168.1.10",
  });
  assert.equal(trace({ groups }, { from: { kind: "node", node: n1 }, to: "172.16.0.12", port: 10250, protocol: "tcp" }).verdict.result, "REACHED", "nodes still reach each other");
});

test("A node moved out of every security group is unreachable (S4a).", () => {
  const groups = defaultSecurityGroup({ clusterCIDR: "10.244.0.0/16", apiServerAddress: API, nodePortRange: [30000, 32767] });
  groups.spec.nodeSelector = { matchExpressions: [{ key: "moved", operator: "DoesNotExist" }] };
  const moved = node("node-2", "172.16.0.12", "10.244.1.0/24", { moved: "yes" });
  const t = trace({ groups: [groups], nodes: [n1, moved] }, { from: { kind: "apiserver" }, to: "172.16.0.12", port: 10250, protocol: "tcp" });
  assert.deepEqual(t.verdict, { result: "DROPPED", hop: "node-2 security group (ingress)", reason: "node node-2 is in no security group, so no rule allows TCP port 10250 from 192.168.1.10" });
});

test("Without the pod-CIDR rule cross-node pod traffic fails while ping still works (S4c).", () => {
  const groups = withoutRule((r) => r.description === "pod network");
  assert.equal(trace({ groups }, fromPod(web1, "10.244.1.5", 80)).verdict.result, "DROPPED");
  assert.equal(trace({ groups }, fromPod(web1, "10.244.1.5", 53, "udp")).verdict.result, "DROPPED");
  assert.equal(trace({ groups }, { from: { kind: "pod", pod: web1 }, to: "10.244.1.5", protocol: "icmp" }).verdict.result, "REACHED");
});

test("A ClusterIP is translated by the source node's NAT rules to an endpoint on another node.", () => {
  const t = trace({ nat: true }, fromPod(web1, "10.96.0.20", 80));
  assert.equal(t.verdict.result, "REACHED");
  assert.equal((t.verdict as { target: string }).target, "pod default/web-2");
  const nat = t.hops.find((h) => h.at === "node-1 netfilter")!;
  assert.ok(nat.lines.includes("DNAT 10.96.0.20:80 -> 10.244.1.5:80"), nat.lines.join("\n"));
  assert.ok(nat.lines.some((l) => l.startsWith("nat KUBE-SERVICES: jump KUBE-SVC-WEB")));
});

test("Without NAT rules a ClusterIP goes nowhere, and the trace says why.", () => {
  const t = trace({}, fromPod(web1, "10.96.0.20", 80));
  assert.equal(t.verdict.result, "DROPPED");
  assert.match((t.verdict as { reason: string }).reason, /in the Service range 10.96.0.0\/12, but no NAT rule on node-1 translated 10.96.0.20:80\/TCP \(no kube-proxy rules/);
});

test("A NodePort on any node's address reaches the endpoint, masqueraded to the first node's address.", () => {
  const t = trace({ nat: true }, { from: { kind: "external", address: "203.0.113.7" }, to: "172.16.0.11", port: 30080, protocol: "tcp" });
  assert.equal(t.verdict.result, "REACHED");
  const nat = t.hops.find((h) => h.at === "node-1 netfilter")!;
  assert.ok(nat.lines.includes("SNAT source 203.0.113.7 -> 172.16.0.11"), nat.lines.join("\n"));
  assert.ok(t.hops.some((h) => h.at === "node-2 security group (ingress)" && h.lines[0].includes("nodes of the cluster")), "the masqueraded packet enters node-2 as node-1's");
});

test("A port nobody listens on is refused by the pod.", () => {
  assert.deepEqual(trace({}, fromPod(web1, "10.244.1.5", 8080)).verdict, { result: "REFUSED", hop: "pod default/web-2", reason: "no container listens on 8080/TCP (declared: 80/TCP)" });
});

test("An address in a node's podCIDR that no pod holds is unreachable at that node's bridge.", () => {
  const t = trace({}, fromPod(web1, "10.244.1.77", 80));
  assert.deepEqual(t.verdict, { result: "DROPPED", hop: "node-2 cni0", reason: "no pod on node-2 has the address 10.244.1.77 (podCIDR 10.244.1.0/24): host unreachable" });
});

test("A route whose target is gone is a blackhole.", () => {
  const t = trace({ routes: [route(n1), route(n2, "Blackhole")] }, fromPod(web1, "10.244.1.5", 80));
  assert.equal(t.verdict.result, "DROPPED");
  assert.match((t.verdict as { reason: string }).reason, /is a blackhole/);
});

test("A hostNetwork pod listens on its node's address.", () => {
  const agent = pod("agent", "node-2", "172.16.0.12", [9100], { hostNetwork: true });
  const t = trace({ pods: [web1, web2, agent] }, fromPod(web1, "172.16.0.12", 9100));
  assert.deepEqual(t.verdict, { result: "REACHED", target: "node node-2", detail: "hostNetwork pod default/agent (container c) listens on 9100/TCP" });
});

test("Traffic to the outside leaves through the source node, masqueraded.", () => {
  const t = trace({}, fromPod(web1, "8.8.8.8", 53, "udp"));
  assert.equal(t.verdict.result, "REACHED");
  assert.match(t.hops.at(-1)!.lines[0], /masqueraded by node-1 \(ip-masq\): source 10.244.0.5 -> 172.16.0.11/);
});

test("Without any security group nothing is filtered.", () => {
  const t = trace({ groups: [] }, { from: { kind: "apiserver" }, to: "172.16.0.12", port: 10250, protocol: "tcp" });
  assert.equal(t.verdict.result, "REACHED");
  assert.ok(!t.hops.some((h) => h.at.includes("security group")));
});
