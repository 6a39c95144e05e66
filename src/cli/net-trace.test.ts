import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node, Pod, Service } from "kubernetes-types/core/v1.js";
import { createNetworkView, tracePath } from "../network/model/index.js";
import { resolveDestination, resolveSource, splitDestination } from "./net-trace-resolve.js";
import { formatTrace } from "./net-trace-print.js";
import { podResolvConf } from "./net-trace-dns.js";

const node: Node = { metadata: { name: "node-1" }, spec: { podCIDR: "10.244.0.0/24", podCIDRs: ["10.244.0.0/24"] }, status: { addresses: [{ type: "InternalIP", address: "172.16.0.11" }] } };
const pod = (name: string, ip: string, ns = "default"): Pod => ({ metadata: { name, namespace: ns }, spec: { nodeName: "node-1", containers: [{ name: "c", ports: [{ containerPort: 80 }] }] }, status: { phase: "Running", podIP: ip } });
const view = createNetworkView({ nodes: [node], pods: [pod("client", "10.244.0.5"), pod("dns", "10.244.0.9", "kube-system")], routes: [], securityGroups: [], apiServer: { address: "192.168.1.10", port: 6443 } });
const services: Service[] = [
  { metadata: { name: "web", namespace: "default" }, spec: { clusterIP: "10.96.0.20" } },
  { metadata: { name: "headless", namespace: "default" }, spec: { clusterIP: "None" } },
];

test("Destinations split into target, port and protocol; TCP by default.", () => {
  assert.deepEqual(splitDestination("web:80"), { target: "web", port: 80, protocol: "tcp" });
  assert.deepEqual(splitDestination("svc/kube-system/kube-dns:53/udp"), { target: "svc/kube-system/kube-dns", port: 53, protocol: "udp" });
  assert.deepEqual(splitDestination("[fd00::1]:443"), { target: "fd00::1", port: 443, protocol: "tcp" });
  assert.deepEqual(splitDestination("node-1/icmp"), { target: "node-1", protocol: "icmp" });
  assert.throws(() => splitDestination("web"), /must be TARGET:PORT/);
  assert.throws(() => splitDestination("web:70000"), /out of range/);
});

test("Sources resolve to pods (default namespace first), nodes, the API server or outside addresses.", () => {
  assert.equal(resolveSource(view, "client").label, "pod default/client (10.244.0.5)");
  assert.equal(resolveSource(view, "kube-system/dns").label, "pod kube-system/dns (10.244.0.9)");
  assert.equal(resolveSource(view, "node-1").source.kind, "node");
  assert.equal(resolveSource(view, "10.244.0.9").label, "pod kube-system/dns (10.244.0.9)");
  assert.equal(resolveSource(view, "203.0.113.7").source.kind, "external");
  assert.equal(resolveSource(view, "apiserver").source.kind, "apiserver");
  assert.throws(() => resolveSource(view, "svc/default/web"), /a Service sends nothing/);
  assert.throws(() => resolveSource(view, "nope"), /is not a pod, a node/);
});

test("Destinations resolve Services to their ClusterIP and refuse headless ones.", () => {
  assert.deepEqual(resolveDestination(view, services, "svc/default/web:80"), { address: "10.96.0.20", port: 80, protocol: "tcp", label: "svc default/web (ClusterIP 10.96.0.20)" });
  assert.equal(resolveDestination(view, services, "node-1:10250").address, "172.16.0.11");
  assert.equal(resolveDestination(view, services, "apiserver:6443").address, "192.168.1.10");
  assert.throws(() => resolveDestination(view, services, "svc/default/headless:80"), /headless/);
});

test("A trace prints numbered hops and the verdict last.", () => {
  const t = tracePath(view, { from: resolveSource(view, "client").source, to: "10.244.0.9", port: 80, protocol: "tcp" });
  const lines = formatTrace(t, "pod default/client (10.244.0.5)", "pod kube-system/dns (10.244.0.9)").trimEnd().split("\n");
  assert.equal(lines[0], "trace from pod default/client (10.244.0.5) to pod kube-system/dns (10.244.0.9) port 80/TCP");
  assert.match(lines[1], /^ {2}1 {2}pod default\/client +netns of default\/client on node-1, eth0 10.244.0.5$/);
  assert.equal(lines.at(-1), "REACHED pod kube-system/dns: container c listens on 80/TCP");
});

test("A destination that is no pod, node or Service but a DNS name is left for the source pod to resolve.", () => {
  assert.deepEqual(resolveDestination(view, services, "web:80"), { address: "", port: 80, protocol: "tcp", label: "web", name: "web" });
  assert.equal(resolveDestination(view, services, "web.default.svc.cluster.local:80").name, "web.default.svc.cluster.local");
  assert.equal(resolveDestination(view, services, "client:80").address, "10.244.0.5", "a pod of that name comes first");
  assert.throws(() => resolveDestination(view, services, "bad_name!:80"), /is not a pod, a node, a Service/);
});

test("The pod's resolv.conf is its kubelet's: kube-dns's ClusterIP, the namespace's search paths, ndots:5.", () => {
  const withDns: Service[] = [...services, { metadata: { name: "kube-dns", namespace: "kube-system" }, spec: { clusterIP: "10.96.0.10" } }];
  assert.equal(podResolvConf(pod("client", "10.244.0.5", "apps"), withDns, "10.96.0.0/12", "cluster.local"), "nameserver 10.96.0.10\nsearch apps.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n");
  assert.match(podResolvConf(pod("client", "10.244.0.5"), services, "10.100.0.0/16", "example.org"), /^nameserver 10\.100\.0\.10\nsearch default\.svc\.example\.org svc\.example\.org example\.org\n/);
});

test("A trace through a Service's DNAT names the endpoint chosen.", () => {
  const nat = `*nat
:KUBE-SERVICES - [0:0]
:KUBE-SVC-WEB - [0:0]
:KUBE-SEP-WEB - [0:0]
-A OUTPUT -j KUBE-SERVICES
-A PREROUTING -j KUBE-SERVICES
-A KUBE-SERVICES -m tcp -p tcp -d 10.96.0.20 --dport 80 -j KUBE-SVC-WEB
-A KUBE-SVC-WEB -j KUBE-SEP-WEB
-A KUBE-SEP-WEB -m tcp -p tcp -j DNAT --to-destination 10.244.0.9:80
COMMIT
`;
  const v = createNetworkView({ ...view.snapshot, nat: { natTable: () => nat } });
  const t = tracePath(v, { from: resolveSource(v, "client").source, to: "10.96.0.20", port: 80, protocol: "tcp" });
  const lines = formatTrace(t, "pod default/client (10.244.0.5)", "web (10.96.0.20)").trimEnd().split("\n");
  assert.equal(lines.at(-1), "endpoint: pod kube-system/dns 10.244.0.9:80");
});
