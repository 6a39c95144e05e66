/**
 * Cluster DNS against `skiff up --nodes 1` with the real kubectl, asked
 * over UDP on the loopback port `skiff up` prints and writes to
 * DIR/ports.json, as `dig @127.0.0.1 -p <port>` would: the kube-dns add-on
 * in kubeadm's layout at 10.96.0.10 with its coredns pods Ready, a
 * Service exposed with kubectl, a headless Service's pods (by name and by
 * their StatefulSet hostnames) and its SRV records, NXDOMAIN for a name
 * nobody has; and the node network agent's NetworkUnavailable=False.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import dgram from "node:dgram";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import dnsPacket from "dns-packet";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { condition, getJson, isReady, items, until } from "./wait.js";

const SLOW = { timeoutMs: 90_000, intervalMs: 500 };

function dig(port: number, name: string, type: dnsPacket.RecordType): Promise<dnsPacket.DecodedPacket & { rcode?: string }> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket("udp4");
    const timer = setTimeout(() => {
      socket.close();
      reject(new Error(`no answer to ${name} ${type}`));
    }, 5_000);
    socket.on("message", (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(dnsPacket.decode(msg));
    });
    socket.send(dnsPacket.encode({ type: "query", id: 4321, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: "IN" }] }), port, "127.0.0.1");
  });
}

const data = (r: dnsPacket.DecodedPacket) => (r.answers ?? []).map((a) => ("data" in a ? a.data : undefined));

const statefulSet = {
  apiVersion: "apps/v1",
  kind: "StatefulSet",
  metadata: { name: "db" },
  spec: {
    serviceName: "db",
    replicas: 2,
    selector: { matchLabels: { app: "db" } },
    template: { metadata: { labels: { app: "db" } }, spec: { containers: [{ name: "pg", image: "postgres:16", ports: [{ name: "pg", containerPort: 5432 }] }] } },
  },
};
const headless = { apiVersion: "v1", kind: "Service", metadata: { name: "db" }, spec: { clusterIP: "None", selector: { app: "db" }, ports: [{ name: "pg", port: 5432, protocol: "TCP" }] } };

describe("cluster DNS", () => {
  let c: TestCluster;
  let port = 0;

  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "1", "--kubelet-port", "0"] });
    port = JSON.parse(readFileSync(join(c.dataDir, "ports.json"), "utf8"))["cluster-dns"];
  });
  after(async () => {
    await c?.stop();
  });

  test("the kube-dns Service is at 10.96.0.10 in kubeadm's layout, served by Ready coredns pods", async () => {
    const svc = await getJson<{ metadata: { labels: Record<string, string> }; spec: { clusterIP: string; ports: { name: string; port: number; protocol: string }[] } }>(c, ["get", "svc", "kube-dns", "-n", "kube-system", "-o", "json"]);
    assert.equal(svc.spec.clusterIP, "10.96.0.10");
    assert.deepEqual(svc.metadata.labels, { "k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true", "kubernetes.io/name": "CoreDNS" });
    assert.deepEqual(svc.spec.ports.map((p) => `${p.name} ${p.port}/${p.protocol}`), ["dns 53/UDP", "dns-tcp 53/TCP", "metrics 9153/TCP"]);
    const corefile = (await getJson<{ data: { Corefile: string } }>(c, ["get", "configmap", "coredns", "-n", "kube-system", "-o", "json"])).data.Corefile;
    assert.match(corefile, /kubernetes cluster\.local in-addr\.arpa ip6\.arpa \{\n\s+pods insecure\n\s+fallthrough in-addr\.arpa ip6\.arpa\n\s+ttl 30\n/);
    await until(
      "two Ready coredns pods",
      async (seen) => {
        const pods = await items(c, ["get", "pods", "-n", "kube-system", "-l", "k8s-app=kube-dns", "-o", "json"]);
        seen(JSON.stringify(pods.map((p) => p.status?.phase)));
        return pods.length === 2 && pods.every(isReady) ? pods : undefined;
      },
      SLOW,
    );
    const r = await dig(port, "kube-dns.kube-system.svc.cluster.local", "A");
    assert.deepEqual(data(r), ["10.96.0.10"]);
    assert.ok(r.flag_aa);
  });

  test("a Service made with kubectl expose resolves to its ClusterIP; a missing one is NXDOMAIN with the SOA", async () => {
    await c.k(["create", "deployment", "web", "--image", "nginx", "--replicas", "2"]);
    await c.k(["expose", "deployment", "web", "--port", "80"]);
    const ip = (await c.k(["get", "svc", "web", "-o", "jsonpath={.spec.clusterIP}"])).trim();
    const r = await until("web's A record", async () => {
      const a = await dig(port, "web.default.svc.cluster.local", "A");
      return a.answers?.length ? a : undefined;
    });
    assert.deepEqual(data(r), [ip]);
    assert.equal((r.answers![0] as { ttl: number }).ttl, 30);
    const nx = await dig(port, "nobody.default.svc.cluster.local", "A");
    assert.equal(nx.rcode, "NXDOMAIN");
    assert.equal(nx.authorities?.[0]?.type, "SOA");
  });

  test("a headless Service resolves to its ready pods' IPs, by name and by hostname, with SRV records per endpoint", async () => {
    await c.k(["apply", "-f", "-"], JSON.stringify(headless));
    await c.k(["apply", "-f", "-"], JSON.stringify(statefulSet));
    const pods = await until(
      "both db pods Ready with IPs",
      async (seen) => {
        const ps = await items(c, ["get", "pods", "-l", "app=db", "-o", "json"]);
        seen(JSON.stringify(ps.map((p) => [p.metadata.name, p.status?.podIP])));
        return ps.length === 2 && ps.every(isReady) ? ps : undefined;
      },
      SLOW,
    );
    const ipOf: Record<string, string> = Object.fromEntries(pods.map((p) => [p.metadata.name, p.status?.podIP ?? ""]));
    const a = await until("both pods in the A answer", async () => {
      const r = await dig(port, "db.default.svc.cluster.local", "A");
      return r.answers?.length === 2 ? r : undefined;
    });
    assert.deepEqual(new Set(data(a)), new Set(Object.values(ipOf)));
    assert.deepEqual(data(await dig(port, "db-0.db.default.svc.cluster.local", "A")), [ipOf["db-0"]]);
    const srv = await dig(port, "_pg._tcp.db.default.svc.cluster.local", "SRV");
    const targets = (srv.answers ?? []).map((x) => x.type === "SRV" && `${x.data.target}:${x.data.port}:${x.data.weight}`).sort();
    assert.deepEqual(targets, ["db-0.db.default.svc.cluster.local:5432:50", "db-1.db.default.svc.cluster.local:5432:50"]);
    const glue = Object.fromEntries((srv.additionals ?? []).filter((x) => x.type === "A").map((x) => [x.name, "data" in x ? x.data : undefined]));
    assert.equal(glue["db-1.db.default.svc.cluster.local"], ipOf["db-1"]);
    const ptr = await dig(port, `${ipOf["db-0"].split(".").reverse().join(".")}.in-addr.arpa`, "PTR");
    assert.deepEqual(data(ptr), ["db-0.db.default.svc.cluster.local"]);
  });

  test("the node network agent reports the node's network up", async () => {
    const node = await getJson(c, ["get", "node", "node-1", "-o", "json"]);
    const cond = condition(node, "NetworkUnavailable");
    // Whoever set it first wins and the other leaves it: the network agent (FlannelIsUp) or the route controller (RouteCreated).
    assert.equal(cond?.status, "False");
    assert.ok(["FlannelIsUp", "RouteCreated"].includes(cond?.reason ?? ""), cond?.reason);
  });
});
