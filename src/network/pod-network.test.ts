import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node, Pod } from "kubernetes-types/core/v1.js";
import type { Question } from "dns-packet";
import type { RouteObject } from "../api/network/routes.js";
import type { DnsResult } from "../dns/index.js";
import { defaultSecurityGroup } from "./default-security-group.js";
import type { NetworkSnapshot } from "./model/index.js";
import { createPodNetwork } from "./pod-network.js";

const node = (name: string, ip: string, podCIDR: string): Node => ({ metadata: { name }, spec: { podCIDR, podCIDRs: [podCIDR] }, status: { addresses: [{ type: "InternalIP", address: ip }] } });
const pod = (namespace: string, name: string, nodeName: string, ip: string, ports: { port: number; protocol?: string }[], labels: Record<string, string> = {}): Pod => ({
  metadata: { name, namespace, labels, uid: `uid-${name}` },
  spec: { nodeName, containers: [{ name: "c", ports: ports.map((p) => ({ containerPort: p.port, protocol: p.protocol ?? "TCP" })) }] },
  status: { phase: "Running", podIP: ip, podIPs: [{ ip }] },
});
const route = (n: Node): RouteObject => ({ apiVersion: "network.skiff.dev/v1", kind: "Route", metadata: { name: `kubernetes-${n.metadata!.name}` }, spec: { destinationCIDR: n.spec!.podCIDR!, targetNode: n.metadata!.name! }, status: { state: "Available" } });

const n1 = node("node-1", "172.16.0.11", "10.244.0.0/24");
const n2 = node("node-2", "172.16.0.12", "10.244.1.0/24");
const client = pod("default", "client", "node-1", "10.244.0.9", [{ port: 8080 }]);
const web = pod("default", "web", "node-2", "10.244.1.5", [{ port: 80 }]);
const coredns = pod("kube-system", "coredns-1", "node-2", "10.244.1.3", [{ port: 53, protocol: "UDP" }], { "k8s-app": "kube-dns" });

const sep = (name: string, ip: string, port: number, proto: "tcp" | "udp") => `-A KUBE-SEP-${name} -m ${proto} -p ${proto} -j DNAT --to-destination ${ip}:${port}`;
const DNS_RULES = `-A KUBE-SERVICES -m udp -p udp -d 10.96.0.10 --dport 53 -j KUBE-SVC-DNS
-A KUBE-SVC-DNS -j KUBE-SEP-DNS
${sep("DNS", "10.244.1.3", 53, "udp")}`;
const WEB_RULES = `-A KUBE-SERVICES -m tcp -p tcp -d 10.96.0.20 --dport 80 -j KUBE-SVC-WEB
-A KUBE-SVC-WEB -j KUBE-SEP-WEB
${sep("WEB", "10.244.1.5", 80, "tcp")}`;
const nat = (rules: string[]) => `*nat
:KUBE-SERVICES - [0:0]
:KUBE-SVC-DNS - [0:0]
:KUBE-SEP-DNS - [0:0]
:KUBE-SVC-WEB - [0:0]
:KUBE-SEP-WEB - [0:0]
${rules.join("\n")}
COMMIT
`;

function snapshot(opts: { rules?: string[]; routes?: RouteObject[] } = {}): NetworkSnapshot {
  const text = nat(opts.rules ?? [DNS_RULES, WEB_RULES]);
  return {
    nodes: [n1, n2],
    pods: [client, web, coredns],
    routes: opts.routes ?? [route(n1), route(n2)],
    securityGroups: [defaultSecurityGroup({ clusterCIDR: "10.244.0.0/16", apiServerAddress: "192.168.1.10", nodePortRange: [30000, 32767] })],
    clusterCIDR: "10.244.0.0/16",
    serviceCIDR: "10.96.0.0/12",
    nat: { natTable: () => text },
  };
}

const RESOLV = "search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n";

/** The cluster DNS: web's Service, nothing else; records what it was asked. */
function fakeDns() {
  const asked: string[] = [];
  return {
    asked,
    async lookup(q: Question): Promise<DnsResult> {
      asked.push(q.name);
      if (q.name === "web.default.svc.cluster.local") return { rcode: "NOERROR", authoritative: true, answers: [{ type: "A", name: q.name, ttl: 30, data: "10.96.0.20" }], authorities: [], additionals: [] };
      return { rcode: "NXDOMAIN", authoritative: true, answers: [], authorities: [], additionals: [] };
    },
  };
}

const from = { namespace: "default", name: "client" };

test("A pod's name resolves through its search path and kube-dns's NAT rules to a coredns pod, then the connection reaches the Service's pod", async () => {
  const dns = fakeDns();
  const net = createPodNetwork({ snapshot: () => snapshot(), dns });
  assert.deepEqual(await net.dial(from, RESOLV, "web", 80), { ok: true, address: "10.96.0.20" });
  assert.deepEqual(dns.asked, ["web.default.svc.cluster.local"]);
});

test("Without kube-dns's rules for 10.96.0.10 the lookup times out, worded as Go's resolver", async () => {
  const dns = fakeDns();
  const net = createPodNetwork({ snapshot: () => snapshot({ rules: [WEB_RULES] }), dns });
  assert.deepEqual(await net.dial(from, RESOLV, "web", 80), { ok: false, error: "dial tcp: lookup web on 10.96.0.10:53: read udp 10.244.0.9:45678->10.96.0.10:53: i/o timeout" });
  assert.deepEqual(dns.asked, [], "no query reached the DNS server");
});

test("A name the cluster DNS does not know is 'no such host'", async () => {
  const net = createPodNetwork({ snapshot: () => snapshot(), dns: fakeDns() });
  assert.deepEqual(await net.dial(from, RESOLV, "redis", 6379), { ok: false, error: "dial tcp: lookup redis on 10.96.0.10:53: no such host" });
});

test("A resolved Service whose pod's node lost its route times out on connect; the DNS path (same node as coredns) is unaffected", async () => {
  const net = createPodNetwork({ snapshot: () => snapshot({ routes: [route(n1)] }), dns: fakeDns() });
  const r = await net.dial(from, RESOLV, "web", 80);
  // coredns is on node-2 too: its route is gone, so the lookup itself fails first.
  assert.equal(r.ok, false);
  assert.match((r as { error: string }).error, /^dial tcp: lookup web on 10\.96\.0\.10:53: read udp .*: i\/o timeout$/);
});

test("An address is dialled without DNS; a port nobody listens on is refused", async () => {
  const dns = fakeDns();
  const net = createPodNetwork({ snapshot: () => snapshot(), dns });
  assert.deepEqual(await net.dial(from, RESOLV, "10.244.1.5", 80), { ok: true, address: "10.244.1.5" });
  assert.deepEqual(await net.dial(from, RESOLV, "10.244.1.5", 81), { ok: false, error: "dial tcp 10.244.1.5:81: connect: connection refused" });
  assert.deepEqual(dns.asked, []);
});

test("Until the network is known (informers listing) or the pod has an address, the answer is unknown, not a failure", async () => {
  assert.deepEqual(await createPodNetwork({ snapshot: () => undefined, dns: fakeDns() }).dial(from, RESOLV, "web", 80), { ok: false, error: "the pod network is not known yet", unknown: true });
  const r = await createPodNetwork({ snapshot: () => snapshot(), dns: fakeDns() }).dial({ namespace: "default", name: "other" }, RESOLV, "web", 80);
  assert.equal(r.ok === false && r.unknown, true);
});

test("lookup names each query's nameserver and what it answered; connect names the endpoint kube-proxy's DNAT chose", async () => {
  const net = createPodNetwork({ snapshot: () => snapshot(), dns: fakeDns() });
  const r = await net.lookup(from, RESOLV, "web");
  assert.equal(r.ok, true);
  if (!r.ok) return;
  assert.deepEqual([r.name, r.addresses, r.server], ["web.default.svc.cluster.local", ["10.96.0.20"], "10.96.0.10"]);
  assert.deepEqual(
    r.queries.map((q) => [q.name, q.server, q.verdict.result, q.verdict.result === "REACHED" ? q.verdict.target : "", q.rcode, q.addresses]),
    [["web.default.svc.cluster.local", "10.96.0.10", "REACHED", "pod kube-system/coredns-1", "NOERROR", ["10.96.0.20"]]],
  );
  const c = net.connect(from, "10.96.0.20", 80);
  assert.equal(c.ok, true);
  if (!c.ok) return;
  assert.deepEqual([c.target, c.pod, c.address, c.port], ["pod default/web", { namespace: "default", name: "web" }, "10.244.1.5", 80]);
  assert.equal(c.trace.hops[0].at, "pod default/client");
});

test("A lookup that reaches no DNS server says why, and which read failed; a refused or dropped connect says which", async () => {
  const net = createPodNetwork({ snapshot: () => snapshot({ rules: [WEB_RULES] }), dns: fakeDns() });
  const r = await net.lookup(from, RESOLV, "web");
  assert.equal(r.ok, false);
  if (r.ok) return;
  assert.deepEqual([r.status, r.readPath, r.readFailure], ["unreachable", "10.244.0.9:45678->10.96.0.10:53", "i/o timeout"]);
  assert.deepEqual(r.queries.map((q) => q.verdict.result), ["DROPPED"]);
  const nx = await createPodNetwork({ snapshot: () => snapshot(), dns: fakeDns() }).lookup(from, RESOLV, "redis");
  assert.equal(nx.ok === false && nx.status, "NXDOMAIN");
  assert.equal(net.connect(from, "10.244.1.5", 81).ok === false && (net.connect(from, "10.244.1.5", 81) as { result: string }).result, "REFUSED");
  const dropped = createPodNetwork({ snapshot: () => snapshot({ routes: [route(n1)] }), dns: fakeDns() }).connect(from, "10.96.0.20", 80);
  assert.equal(dropped.ok === false && dropped.result, "DROPPED");
});

test("A scheduled pod whose status has no address yet sends from the address its sandbox gives", async () => {
  const fresh: Pod = { ...client, status: { phase: "Pending" } };
  const s = snapshot();
  const net = createPodNetwork({ snapshot: () => ({ ...s, pods: [fresh, web, coredns] }), dns: fakeDns() });
  const without = await net.lookup(from, RESOLV, "web");
  assert.equal(without.ok === false && without.status, "unknown");
  const r = await net.lookup({ ...from, ip: "10.244.0.9" }, RESOLV, "web");
  assert.equal(r.ok && r.addresses[0], "10.96.0.20");
  assert.equal(net.connect({ ...from, ip: "10.244.0.9" }, "10.96.0.20", 80).ok, true);
});

test("Connections draw an endpoint each; with ClientIP session affinity (-m recent) a pod's later connections go where its first went", async () => {
  const web2 = pod("default", "web-2", "node-2", "10.244.1.6", [{ port: 80 }]);
  const rules = (affinity: boolean) => `*nat
:KUBE-SERVICES - [0:0]
:KUBE-SVC-WEB - [0:0]
:KUBE-SEP-A - [0:0]
:KUBE-SEP-B - [0:0]
-A KUBE-SERVICES -m tcp -p tcp -d 10.96.0.20 --dport 80 -j KUBE-SVC-WEB
${affinity ? `-A KUBE-SVC-WEB -m recent --name KUBE-SEP-A --rcheck --seconds 10800 --reap -j KUBE-SEP-A
-A KUBE-SVC-WEB -m recent --name KUBE-SEP-B --rcheck --seconds 10800 --reap -j KUBE-SEP-B
` : ""}-A KUBE-SVC-WEB -m statistic --mode random --probability 0.5000000000 -j KUBE-SEP-A
-A KUBE-SVC-WEB -j KUBE-SEP-B
-A KUBE-SEP-A ${affinity ? "-m recent --name KUBE-SEP-A --set " : ""}-m tcp -p tcp -j DNAT --to-destination 10.244.1.5:80
-A KUBE-SEP-B ${affinity ? "-m recent --name KUBE-SEP-B --set " : ""}-m tcp -p tcp -j DNAT --to-destination 10.244.1.6:80
COMMIT
`;
  const draws = [0.9, 0.1, 0.9, 0.1];
  const chosen = (affinity: boolean) => {
    let n = 0;
    const s = snapshot();
    const text = rules(affinity);
    const net = createPodNetwork({ snapshot: () => ({ ...s, pods: [...s.pods, web2], nat: { natTable: () => text } }), dns: fakeDns(), random: () => draws[n++ % draws.length], now: () => 1000 });
    return draws.map(() => {
      const c = net.connect(from, "10.96.0.20", 80);
      return c.ok ? c.pod?.name : c.result;
    });
  };
  assert.deepEqual(chosen(false), ["web-2", "web", "web-2", "web"]);
  assert.deepEqual(chosen(true), ["web-2", "web-2", "web-2", "web-2"]);
});
