import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { renderIptables, renderNodeTables } from "./render.js";
import { formatTable } from "./iptables/tables.js";
import { endpointChainName } from "./iptables/chain-names.js";
import { CLUSTER_IP_REJECT, ONLY_LOCAL_LOAD_BALANCING, OVERALL } from "./iptables/upstream-expected.test-fixtures.js";

// Upstream's fake proxier: node "test-hostname", pod CIDR 10.0.0.0/8, fake iptables without
// --random-fully, and the mark set to the string "0x4000" (the real one prints 0x00004000).
const NODE = { nodeName: "test-hostname", nodeIPs: ["192.168.0.2"], clusterCIDR: "10.0.0.0/8", randomFully: false };

function svc(ns: string, name: string, spec: Service["spec"], status?: Service["status"]): Service {
  return { metadata: { namespace: ns, name, annotations: {} }, spec, status };
}

function slice(ns: string, svcName: string, endpoints: { ip: string; nodeName?: string }[], port = 80, portName = "p80"): EndpointSlice {
  return {
    metadata: { namespace: ns, name: `${svcName}-1`, labels: { "kubernetes.io/service-name": svcName } },
    addressType: "IPv4",
    endpoints: endpoints.map((e) => ({ addresses: [e.ip], ...(e.nodeName ? { nodeName: e.nodeName } : {}) })),
    ports: [{ name: portName, port, protocol: "TCP" }],
  };
}

/** Both tables without the built-in chains, as upstream's tests print them. */
function upstreamView(services: Service[], endpointSlices: EndpointSlice[]): string {
  const t = renderNodeTables({ services, endpointSlices }, NODE);
  return (formatTable(t.filter) + formatTable(t.nat)).replaceAll("0x00004000", "0x4000");
}

const p80 = (extra: object = {}) => [{ name: "p80", port: 80, protocol: "TCP" as const, ...extra }];

describe("renderIptables matches upstream's expected tables", () => {
  it("several Service types (TestOverallIPTablesRulesWithMultipleServices)", () => {
    const services = [
      svc("ns1", "svc1", { clusterIP: "172.30.0.41", ports: p80() }),
      svc("ns2", "svc2", { type: "LoadBalancer", externalTrafficPolicy: "Local", clusterIP: "172.30.0.42", ports: p80({ nodePort: 3001 }), externalIPs: ["192.168.99.22"], healthCheckNodePort: 30000 }, { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } }),
      svc("ns3", "svc3", { type: "NodePort", clusterIP: "172.30.0.43", ports: p80({ nodePort: 3003 }) }),
      svc("ns4", "svc4", { type: "NodePort", clusterIP: "172.30.0.44", externalIPs: ["192.168.99.33"], ports: p80({ targetPort: 80 }) }),
      svc("ns5", "svc5", { type: "LoadBalancer", externalTrafficPolicy: "Cluster", clusterIP: "172.30.0.45", ports: p80({ nodePort: 3002 }), healthCheckNodePort: 30000, loadBalancerSourceRanges: [" 203.0.113.0/25"] }, { loadBalancer: { ingress: [{ ip: "5.6.7.8" }] } }),
      svc("ns6", "svc6", { type: "ClusterIP", clusterIP: "172.30.0.46", ports: p80({ targetPort: 80 }) }),
    ];
    const slices = [
      slice("ns1", "svc1", [{ ip: "10.180.0.1" }]),
      slice("ns2", "svc2", [{ ip: "10.180.0.2" }]),
      slice("ns3", "svc3", [{ ip: "10.180.0.3" }]),
      slice("ns4", "svc4", [{ ip: "10.180.0.4" }, { ip: "10.180.0.5", nodeName: "test-hostname" }]),
      slice("ns5", "svc5", [{ ip: "10.180.0.3" }]),
    ];
    assert.equal(upstreamView(services, slices), OVERALL);
  });

  it("a Service without endpoints is rejected in the filter table (TestClusterIPReject)", () => {
    assert.equal(upstreamView([svc("ns1", "svc1", { clusterIP: "172.30.0.41", ports: p80() })], []), CLUSTER_IP_REJECT);
  });

  it("externalTrafficPolicy Local with ClientIP affinity (TestOnlyLocalLoadBalancing)", () => {
    const services = [
      svc("ns1", "svc1", { type: "LoadBalancer", clusterIP: "172.30.0.41", ports: p80({ nodePort: 3001 }), healthCheckNodePort: 30000, externalTrafficPolicy: "Local", sessionAffinity: "ClientIP", sessionAffinityConfig: { clientIP: { timeoutSeconds: 10800 } } }, { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } }),
    ];
    const slices = [slice("ns1", "svc1", [{ ip: "10.180.0.1" }, { ip: "10.180.2.1", nodeName: "test-hostname" }])];
    assert.equal(upstreamView(services, slices), ONLY_LOCAL_LOAD_BALANCING);
  });
});

describe("renderIptables as a node shows it", () => {
  it("jumps from PREROUTING and OUTPUT to KUBE-SERVICES and masquerades with --random-fully and mark 0x00004000", () => {
    const { nat, filter } = renderIptables({ services: [svc("default", "web", { clusterIP: "10.96.0.20", ports: [{ port: 80, protocol: "TCP" }] })], endpointSlices: [slice("default", "web", [{ ip: "10.244.1.5" }], 8080, "")] }, { nodeName: "node-1", clusterCIDR: "10.244.0.0/16" });
    const lines = nat.split("\n");
    assert.equal(lines[0], "*nat");
    assert.deepEqual(lines.slice(1, 5), [":PREROUTING ACCEPT [0:0]", ":INPUT ACCEPT [0:0]", ":OUTPUT ACCEPT [0:0]", ":POSTROUTING ACCEPT [0:0]"]);
    assert.ok(lines.includes('-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'));
    assert.ok(lines.includes('-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES'));
    assert.ok(lines.includes('-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING'));
    assert.ok(lines.includes('-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully'));
    assert.ok(lines.includes("-A KUBE-MARK-MASQ -j MARK --or-mark 0x00004000"));
    // An unnamed port: the service port name is "ns/name".
    const svcLine = lines.find((l) => l.startsWith("-A KUBE-SERVICES -m comment --comment \"default/web cluster IP\""));
    assert.match(svcLine ?? "", / -m tcp -p tcp -d 10\.96\.0\.20 --dport 80 -j KUBE-SVC-[A-Z2-7]{16}$/);
    assert.ok(lines.some((l) => l.endsWith("-m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080")));
    assert.ok(lines.some((l) => l.includes("! -s 10.244.0.0/16 -j KUBE-MARK-MASQ")));
    assert.match(filter, /^\*filter\n:INPUT ACCEPT \[0:0\]\n:FORWARD ACCEPT \[0:0\]\n:OUTPUT ACCEPT \[0:0\]\n/);
    // INPUT's jumps in the order repeated `iptables -I` leaves them on a node.
    const input = filter.split("\n").filter((l) => l.startsWith("-A INPUT"));
    assert.deepEqual(input, [
      "-A INPUT -j KUBE-FIREWALL",
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
      '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
      '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    ]);
  });

  it("drops per-endpoint comments above 1,000 endpoints, as upstream's large cluster mode", () => {
    const endpoints = Array.from({ length: 1001 }, (_, i) => ({ ip: `10.1.${Math.floor(i / 250)}.${(i % 250) + 1}` }));
    const t = renderNodeTables({ services: [svc("ns1", "svc1", { clusterIP: "172.30.0.41", ports: p80() })], endpointSlices: [slice("ns1", "svc1", endpoints)] }, NODE);
    const svcRules = t.nat.rules.get("KUBE-SVC-XPGD46QRK7WJZT7O")!;
    assert.equal(svcRules.length, 1002);
    assert.ok(svcRules[1].startsWith("-A KUBE-SVC-XPGD46QRK7WJZT7O -m statistic --mode random --probability 0.0009990010 -j KUBE-SEP-"), svcRules[1]);
    const sep = [...t.nat.rules.keys()].find((c) => c.startsWith("KUBE-SEP-"))!;
    assert.ok(!t.nat.rules.get(sep)!.some((r) => r.includes("--comment")));
  });

  it("internalTrafficPolicy Local without a local endpoint drops ClusterIP traffic in the filter table", () => {
    const services = [svc("ns1", "svc1", { clusterIP: "172.30.0.41", internalTrafficPolicy: "Local", ports: p80() })];
    const t = renderNodeTables({ services, endpointSlices: [slice("ns1", "svc1", [{ ip: "10.180.0.1", nodeName: "other" }])] }, NODE);
    assert.deepEqual(t.filter.rules.get("KUBE-SERVICES"), ['-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 has no local endpoints" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j DROP']);
    assert.ok(![...t.nat.rules.keys()].some((c) => c.startsWith("KUBE-SVC-") || c.startsWith("KUBE-SVL-")));
    const local = renderNodeTables({ services, endpointSlices: [slice("ns1", "svc1", [{ ip: "10.180.0.1", nodeName: "other" }, { ip: "10.180.0.2", nodeName: "test-hostname" }])] }, NODE);
    const sep = endpointChainName("ns1/svc1:p80", "tcp", "10.180.0.2:80");
    assert.deepEqual(local.nat.rules.get("KUBE-SVL-XPGD46QRK7WJZT7O"), [
      '-A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ',
      `-A KUBE-SVL-XPGD46QRK7WJZT7O -m comment --comment "ns1/svc1:p80 -> 10.180.0.2:80" -j ${sep}`,
    ]);
  });
});
