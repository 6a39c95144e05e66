import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Node, Pod } from "kubernetes-types/core/v1.js";
import type { Question } from "dns-packet";
import { VirtualClock } from "../../../util/clock.js";
import type { DnsResult } from "../../../dns/index.js";
import { defaultSecurityGroup } from "../../../network/default-security-group.js";
import type { NetworkSnapshot } from "../../../network/model/index.js";
import { createPodNetwork as createClusterPodNetwork } from "../../../network/pod-network.js";
import { createPodNetwork, hostsLookup } from "./pod-network.js";
import { createSimRuntime } from "./sim-runtime.js";
import { NetError } from "./shell/types.js";

const HOSTS = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.244.1.5\tweb-0.web.default.svc.cluster.local\tweb-0\n";

describe("sim pod network", () => {
  it("resolves names through /etc/hosts, IPv4 first; literals resolve to themselves", async () => {
    assert.equal(hostsLookup(HOSTS, "localhost"), "127.0.0.1");
    assert.equal(hostsLookup(HOSTS, "ip6-loopback"), "::1");
    assert.equal(hostsLookup(HOSTS, "WEB-0"), "10.244.1.5");
    assert.equal(hostsLookup(HOSTS, "web"), undefined);
    const net = createPodNetwork({ podIP: "10.244.1.5", hostsFile: () => HOSTS, listener: () => undefined });
    assert.deepEqual(await net.lookup("10.96.0.1"), { ok: true, addresses: ["10.96.0.1"] });
    assert.deepEqual(await net.lookup("web-0.web.default.svc.cluster.local"), { ok: true, addresses: ["10.244.1.5"] });
    assert.deepEqual(await net.lookup("kubernetes.default.svc"), { ok: false, failure: "NXDOMAIN" }, "no cluster DNS answers");
  });

  it("loopback and the pod's own IP reach its listeners; other addresses have no route", async () => {
    const net = createPodNetwork({ podIP: "10.244.1.5", hostsFile: () => HOSTS, listener: (port) => (port === 80 ? () => ({ status: 200, contentType: "text/plain", body: "ok" }) : undefined) });
    for (const address of ["127.0.0.1", "::1", "10.244.1.5"]) assert.equal((await net.connect(address, 80))({ method: "GET", target: "/" }).body, "ok");
    await assert.rejects(async () => net.connect("127.0.0.1", 81), (e: unknown) => e instanceof NetError && e.code === "ECONNREFUSED");
    await assert.rejects(async () => net.connect("10.244.2.9", 80), (e: unknown) => e instanceof NetError && e.code === "EHOSTUNREACH");
  });

  it("a sim container's wget reaches the web server of another container of its pod, and not a Service name", async () => {
    const clock = new VirtualClock();
    const rt = createSimRuntime({ clock });
    const o = () => ({ deadline: clock.now() + 60_000 });
    const sb = await rt.runPodSandbox({ metadata: { name: "web-0", namespace: "default", uid: "u1", attempt: 0 }, hostname: "web-0", ip: "10.244.1.5" }, o());
    const nginx = await rt.createContainer(sb, { metadata: { name: "nginx", attempt: 0 }, image: "nginx:1.27" }, o());
    await rt.startContainer(nginx, o());
    const sidecar = await rt.createContainer(sb, { metadata: { name: "client", attempt: 0 }, image: "busybox", command: ["sh", "-c", "sleep 3600"] }, o());
    await rt.startContainer(sidecar, o());
    const local = await rt.execSync(sidecar, ["wget", "-qO-", "http://localhost/"], 10, o());
    assert.equal(local.exitCode, 0, local.stderr);
    assert.match(local.stdout, /Welcome to nginx!/);
    const byName = await rt.execSync(sidecar, ["wget", "-qO-", "web-0:80/"], 10, o());
    assert.equal(byName.exitCode, 0, byName.stderr);
    const service = await rt.execSync(sidecar, ["wget", "web:80"], 10, o());
    assert.deepEqual(service, { exitCode: 1, stdout: "", stderr: "wget: bad address 'web:80'\n" });
    await rt.stopContainer(nginx, 0, o());
    const stopped = await rt.execSync(sidecar, ["wget", "-q", "localhost"], 10, o());
    assert.deepEqual(stopped, { exitCode: 1, stdout: "", stderr: "wget: can't connect to remote host (127.0.0.1): Connection refused\n" });
  });

  it("with the cluster's network, wget resolves a Service through cluster DNS and reaches its pod on another node's runtime", async () => {
    const clock = new VirtualClock();
    const node = (name: string, ip: string, podCIDR: string): Node => ({ metadata: { name }, spec: { podCIDR, podCIDRs: [podCIDR] }, status: { addresses: [{ type: "InternalIP", address: ip }] } });
    const pod = (namespace: string, name: string, nodeName: string, ip: string, labels: Record<string, string> = {}): Pod => ({
      metadata: { name, namespace, labels, uid: `uid-${name}` },
      spec: { nodeName, containers: [{ name: "c" }] },
      status: { phase: "Running", podIP: ip, podIPs: [{ ip }] },
    });
    const rules = `*nat
:KUBE-SERVICES - [0:0]
:KUBE-SVC-DNS - [0:0]
:KUBE-SEP-DNS - [0:0]
:KUBE-SVC-WEB - [0:0]
:KUBE-SEP-WEB - [0:0]
-A KUBE-SERVICES -m udp -p udp -d 10.96.0.10 --dport 53 -j KUBE-SVC-DNS
-A KUBE-SVC-DNS -j KUBE-SEP-DNS
-A KUBE-SEP-DNS -m udp -p udp -j DNAT --to-destination 10.244.1.3:53
-A KUBE-SERVICES -m tcp -p tcp -d 10.96.0.20 --dport 80 -j KUBE-SVC-WEB
-A KUBE-SVC-WEB -j KUBE-SEP-WEB
-A KUBE-SEP-WEB -m tcp -p tcp -j DNAT --to-destination 10.244.1.5:80
COMMIT
`;
    const nodes = [node("node-1", "172.16.0.11", "10.244.0.0/24"), node("node-2", "172.16.0.12", "10.244.1.0/24")];
    const snapshot: NetworkSnapshot = {
      nodes,
      pods: [pod("default", "client", "node-1", "10.244.0.9"), pod("default", "web-0", "node-2", "10.244.1.5"), pod("kube-system", "coredns-1", "node-2", "10.244.1.3", { "k8s-app": "kube-dns" })],
      routes: nodes.map((n) => ({ apiVersion: "network.skiff.dev/v1", kind: "Route", metadata: { name: `kubernetes-${n.metadata!.name}` }, spec: { destinationCIDR: n.spec!.podCIDR!, targetNode: n.metadata!.name! }, status: { state: "Available" } })),
      securityGroups: [defaultSecurityGroup({ clusterCIDR: "10.244.0.0/16", apiServerAddress: "192.168.1.10", nodePortRange: [30000, 32767] })],
      clusterCIDR: "10.244.0.0/16",
      serviceCIDR: "10.96.0.0/12",
      nat: { natTable: () => rules },
    };
    const dns = {
      async lookup(q: Question): Promise<DnsResult> {
        const known = q.name === "web.default.svc.cluster.local";
        const answers = known && q.type === "A" ? [{ type: "A" as const, name: q.name, ttl: 30, data: "10.96.0.20" }] : [];
        return { rcode: known ? "NOERROR" : "NXDOMAIN", authoritative: true, answers, authorities: [], additionals: [] };
      },
    };
    const network = createClusterPodNetwork({ snapshot: () => snapshot, dns });
    const runtimes: ReturnType<typeof createSimRuntime>[] = [];
    const podListener = (p: { namespace: string; name: string }, port: number) => runtimes.map((r) => r.podListener(p.namespace, p.name, port)).find((x) => x)?.handler;
    const [rt1, rt2] = [createSimRuntime({ clock, podNetwork: network, podListener }), createSimRuntime({ clock, podNetwork: network, podListener })];
    runtimes.push(rt1, rt2);
    const o = () => ({ deadline: clock.now() + 60_000 });
    const dnsConfig = { servers: ["10.96.0.10"], searches: ["default.svc.cluster.local", "svc.cluster.local", "cluster.local"], options: ["ndots:5"] };
    const webSb = await rt2.runPodSandbox({ metadata: { name: "web-0", namespace: "default", uid: "u1", attempt: 0 }, hostname: "web-0", ip: "10.244.1.5", dnsConfig }, o());
    const nginx = await rt2.createContainer(webSb, { metadata: { name: "nginx", attempt: 0 }, image: "nginx:1.27" }, o());
    await rt2.startContainer(nginx, o());
    const clientSb = await rt1.runPodSandbox({ metadata: { name: "client", namespace: "default", uid: "u2", attempt: 0 }, hostname: "client", ip: "10.244.0.9", dnsConfig }, o());
    const client = await rt1.createContainer(clientSb, { metadata: { name: "client", attempt: 0 }, image: "busybox", command: ["sh", "-c", "sleep 3600"] }, o());
    await rt1.startContainer(client, o());

    const byName = await rt1.execSync(client, ["wget", "-qO-", "http://web"], 10, o());
    assert.equal(byName.exitCode, 0, byName.stderr);
    assert.match(byName.stdout, /Welcome to nginx!/);
    const byIP = await rt1.execSync(client, ["wget", "-O-", "10.96.0.20/missing.html"], 10, o());
    assert.deepEqual(byIP, { exitCode: 1, stdout: "", stderr: "Connecting to 10.96.0.20 (10.96.0.20:80)\nwget: server returned error: HTTP/1.1 404 Not Found\n" });
    assert.deepEqual(await rt1.execSync(client, ["wget", "-q", "redis:6379"], 10, o()), { exitCode: 1, stdout: "", stderr: "wget: bad address 'redis:6379'\n" });
    // The model lets 10.96.0.20:81 through to the pod (it declares no ports), where nothing listens.
    assert.deepEqual(await rt1.execSync(client, ["wget", "-q", "web-0.default:81"], 10, o()), { exitCode: 1, stdout: "", stderr: "wget: bad address 'web-0.default:81'\n" });
    assert.deepEqual(await rt1.execSync(client, ["wget", "-q", "10.244.1.5:81"], 10, o()), { exitCode: 1, stdout: "", stderr: "wget: can't connect to remote host (10.244.1.5): Connection refused\n" });
    // busybox nslookup asks A and AAAA under each search domain; the NXDOMAINs make it exit 1.
    const looked = await rt1.execSync(client, ["nslookup", "web"], 10, o());
    const nx = (n: string) => `** server can't find ${n}: NXDOMAIN\n\n`;
    assert.deepEqual(looked, {
      exitCode: 1,
      stderr: "",
      stdout:
        "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n" +
        "Name:\tweb.default.svc.cluster.local\nAddress: 10.96.0.20\n\n" +
        nx("web.svc.cluster.local") +
        nx("web.cluster.local") +
        "*** Can't find web.default.svc.cluster.local: No answer\n\n" +
        nx("web.svc.cluster.local") +
        nx("web.cluster.local"),
    });
    const full = await rt1.execSync(client, ["nslookup", "-type=a", "web.default.svc.cluster.local"], 10, o());
    assert.deepEqual(full, { exitCode: 0, stderr: "", stdout: "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tweb.default.svc.cluster.local\nAddress: 10.96.0.20\n\n" });
  });

  it("while the cluster's network is not known yet (its informers listing), lookups and connects wait for it", async () => {
    let known = false;
    const waits: number[] = [];
    const handler = () => ({ status: 200, contentType: "text/plain", body: "ok" });
    const net = createPodNetwork({
      podIP: "10.244.0.9",
      hostsFile: () => HOSTS,
      listener: () => undefined,
      cluster: {
        pod: { namespace: "default", name: "client", ip: "10.244.0.9" },
        resolvConf: () => "nameserver 10.96.0.10\noptions ndots:5 timeout:1\n",
        podListener: (p, port) => (p.name === "web-0" && port === 80 ? handler : undefined),
        wait: async (ms) => {
          waits.push(ms);
          if (waits.length === 3) known = true;
        },
        network: {
          lookup: async () => (known ? { ok: true, name: "web.default.svc.cluster.local", addresses: ["10.96.0.20"], queries: [] } : { ok: false, status: "unknown", error: "not known yet", queries: [] }),
          connect: () => (known ? { ok: true, target: "pod default/web-0", pod: { namespace: "default", name: "web-0" }, address: "10.244.1.5", port: 80, trace: undefined! } : { ok: false, result: "unknown", error: "not known yet" }),
          query: async () => ({ unknown: "not known yet" }),
        },
      },
    });
    assert.deepEqual(await net.lookup("web"), { ok: true, addresses: ["10.96.0.20"] });
    assert.deepEqual(waits, [100, 100, 100]);
    assert.equal((await net.connect("10.96.0.20", 80))({ method: "GET", target: "/" }).body, "ok");
    known = false;
    waits.length = 0;
    // Never known within the resolver's timeout (1s): as a nameserver that does not answer.
    const never = createPodNetwork({ podIP: "10.244.0.9", hostsFile: () => "", listener: () => undefined, cluster: { pod: { namespace: "default", name: "client" }, resolvConf: () => "nameserver 10.96.0.10\noptions timeout:1\n", podListener: () => undefined, wait: async () => void waits.push(1), network: { lookup: async () => ({ ok: false, status: "unknown", queries: [] }), connect: () => ({ ok: false, result: "unknown", error: "" }), query: async () => ({ unknown: "" }) } } });
    assert.deepEqual(await never.lookup("web"), { ok: false, failure: "unreachable", waitMs: 1000 });
    assert.equal(waits.length, 10);
  });
});
