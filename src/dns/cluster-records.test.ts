import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Question } from "dns-packet";
import { answerFromCluster, type ClusterZoneOptions } from "./cluster-records.js";
import type { DnsResult } from "./result.js";
import { fixtureView } from "./test-fixtures.js";

function options(over: Partial<ClusterZoneOptions> = {}): ClusterZoneOptions {
  return {
    zone: "cluster.local",
    ttl: 5,
    view: fixtureView(),
    pods: "insecure",
    dnsService: { namespace: "kube-system", name: "kube-dns" },
    resolve: async (q) => (q.name === "example.com" && q.type === "A" ? { rcode: "NOERROR", authoritative: false, answers: [{ type: "A", name: "example.com", ttl: 300, data: "93.184.216.34" }], authorities: [], additionals: [] } : { rcode: "NXDOMAIN", authoritative: false, answers: [], authorities: [], additionals: [] }),
    ...over,
  };
}

async function ask(type: Question["type"], name: string, over: Partial<ClusterZoneOptions> = {}): Promise<DnsResult> {
  const r = await answerFromCluster({ type, name }, options(over));
  assert.ok(r, `${name} ${type} should be answered from the cluster`);
  return r;
}

const data = (r: DnsResult) => r.answers.map((a) => ("data" in a ? a.data : undefined));

describe("cluster zone records", () => {
  it("a ClusterIP Service's name answers its cluster IP, authoritatively, with the TTL", async () => {
    const r = await ask("A", "web.default.svc.cluster.local");
    assert.equal(r.rcode, "NOERROR");
    assert.equal(r.authoritative, true);
    assert.deepEqual(r.answers, [{ type: "A", name: "web.default.svc.cluster.local", ttl: 5, data: "10.96.12.34" }]);
  });

  it("names are matched whatever their case and trailing dot, answered with the spelling asked", async () => {
    const r = await ask("A", "Web.Default.SVC.cluster.local.");
    assert.deepEqual(data(r), ["10.96.12.34"]);
    assert.equal(r.answers[0].name, "Web.Default.SVC.cluster.local.");
  });

  it("a headless Service answers one A per ready endpoint; not-ready endpoints are left out", async () => {
    const r = await ask("A", "db.default.svc.cluster.local");
    assert.deepEqual(data(r), ["10.244.1.5", "10.244.2.6"]);
  });

  it("an endpoint is named by its hostname, or by its dashed address", async () => {
    assert.deepEqual(data(await ask("A", "db-0.db.default.svc.cluster.local")), ["10.244.1.5"]);
    assert.deepEqual(data(await ask("A", "10-244-2-6.db.default.svc.cluster.local")), ["10.244.2.6"]);
    assert.equal((await ask("A", "db-9.db.default.svc.cluster.local")).rcode, "NXDOMAIN");
  });

  it("SRV of a ClusterIP Service's named port targets the Service, with its address in the additional section", async () => {
    const r = await ask("SRV", "_http._tcp.web.default.svc.cluster.local");
    assert.deepEqual(r.answers, [{ type: "SRV", name: "_http._tcp.web.default.svc.cluster.local", ttl: 5, data: { priority: 0, weight: 100, port: 80, target: "web.default.svc.cluster.local" } }]);
    assert.deepEqual(r.additionals, [{ type: "A", name: "web.default.svc.cluster.local", ttl: 5, data: "10.96.12.34" }]);
  });

  it("SRV of a headless Service targets each endpoint and shares the weight", async () => {
    const r = await ask("SRV", "_pg._tcp.db.default.svc.cluster.local");
    assert.deepEqual(
      r.answers.map((a) => a.type === "SRV" && a.data),
      [
        { priority: 0, weight: 50, port: 5432, target: "db-0.db.default.svc.cluster.local" },
        { priority: 0, weight: 50, port: 5432, target: "10-244-2-6.db.default.svc.cluster.local" },
      ],
    );
    assert.deepEqual(data({ ...r, answers: r.additionals }), ["10.244.1.5", "10.244.2.6"]);
  });

  it("SRV without port and protocol lists every port; an unknown port name or protocol does not exist", async () => {
    const all = await ask("SRV", "web.default.svc.cluster.local");
    assert.deepEqual(all.answers.map((a) => a.type === "SRV" && [a.data.port, a.data.weight]), [[80, 50], [9090, 50]]);
    assert.equal((await ask("SRV", "_https._tcp.web.default.svc.cluster.local")).rcode, "NXDOMAIN");
    assert.equal((await ask("SRV", "_http._udp.web.default.svc.cluster.local")).rcode, "NXDOMAIN");
  });

  it("an ExternalName Service is a CNAME, followed outside the zone through the resolver", async () => {
    const r = await ask("A", "ext.default.svc.cluster.local");
    assert.deepEqual(r.answers, [
      { type: "CNAME", name: "ext.default.svc.cluster.local", ttl: 5, data: "example.com" },
      { type: "A", name: "example.com", ttl: 300, data: "93.184.216.34" },
    ]);
    const c = await ask("CNAME", "ext.default.svc.cluster.local");
    assert.deepEqual(c.answers, [{ type: "CNAME", name: "ext.default.svc.cluster.local", ttl: 5, data: "example.com" }]);
  });

  it("an ExternalName pointing inside the zone is followed there", async () => {
    const r = await ask("A", "alias.default.svc.cluster.local");
    assert.deepEqual(data(r), ["web.default.svc.cluster.local", "10.96.12.34"]);
  });

  it("pod names answer the dashed address in any existing namespace (pods insecure)", async () => {
    assert.deepEqual(data(await ask("A", "10-244-7-8.default.pod.cluster.local")), ["10.244.7.8"]);
    assert.equal((await ask("A", "10-244-7-8.nowhere.pod.cluster.local")).rcode, "NXDOMAIN");
    assert.equal((await ask("A", "not-an-ip.default.pod.cluster.local")).rcode, "NXDOMAIN");
    assert.equal((await ask("A", "10-244-7-8.default.pod.cluster.local", { pods: "disabled" })).rcode, "NXDOMAIN");
    // An IPv4 pod name exists, without AAAA records: NODATA.
    const v6 = await ask("AAAA", "10-244-7-8.default.pod.cluster.local");
    assert.equal(v6.rcode, "NOERROR");
    assert.equal(v6.answers.length, 0);
  });

  it("PTR of a Service address names the Service; of an endpoint address, the endpoint", async () => {
    assert.deepEqual(data(await ask("PTR", "34.12.96.10.in-addr.arpa")), ["web.default.svc.cluster.local"]);
    assert.deepEqual(data(await ask("PTR", "5.1.244.10.in-addr.arpa")), ["db-0.db.default.svc.cluster.local"]);
    assert.deepEqual(data(await ask("PTR", "6.2.244.10.in-addr.arpa")), ["10-244-2-6.db.default.svc.cluster.local"]);
  });

  it("a reverse name the cluster does not have, or another type in a reverse zone, falls through", async () => {
    assert.equal(await answerFromCluster({ type: "PTR", name: "8.8.8.8.in-addr.arpa" }, options()), undefined);
    assert.equal(await answerFromCluster({ type: "A", name: "34.12.96.10.in-addr.arpa" }, options()), undefined);
  });

  it("a name that does not exist is NXDOMAIN with the zone's SOA", async () => {
    const r = await ask("A", "nope.default.svc.cluster.local");
    assert.equal(r.rcode, "NXDOMAIN");
    assert.equal(r.authoritative, true);
    assert.deepEqual(r.answers, []);
    assert.deepEqual(r.authorities, [
      { type: "SOA", name: "cluster.local", ttl: 5, data: { mname: "ns.dns.cluster.local", rname: "hostmaster.cluster.local", serial: 1700000000, refresh: 7200, retry: 1800, expire: 86400, minimum: 5 } },
    ]);
  });

  it("a name that exists without records of the type is NODATA (NOERROR, SOA, no answers)", async () => {
    for (const [type, name] of [
      ["AAAA", "web.default.svc.cluster.local"],
      ["MX", "web.default.svc.cluster.local"],
      ["A", "default.svc.cluster.local"],
      ["A", "svc.cluster.local"],
      ["A", "cluster.local"],
      ["TXT", "web.default.svc.cluster.local"],
    ] as const) {
      const r = await ask(type, name);
      assert.equal(r.rcode, "NOERROR", `${name} ${type}`);
      assert.deepEqual(r.answers, [], `${name} ${type}`);
      assert.equal(r.authorities[0]?.type, "SOA", `${name} ${type}`);
    }
  });

  it("names of a missing namespace, a kind other than svc and pod, or too many labels are NXDOMAIN", async () => {
    for (const name of ["web.nowhere.svc.cluster.local", "nowhere.svc.cluster.local", "web.default.foo.cluster.local", "a.b.c.web.default.svc.cluster.local"]) {
      assert.equal((await ask("A", name)).rcode, "NXDOMAIN", name);
    }
  });

  it("the SOA serial and TTL follow the view and the configured TTL (SOA TTL capped at 300)", async () => {
    const r = await ask("SOA", "cluster.local", { ttl: 600 });
    assert.equal(r.answers[0].type, "SOA");
    assert.equal((r.answers[0] as { ttl: number }).ttl, 300);
    assert.equal(r.answers[0].type === "SOA" && r.answers[0].data.minimum, 600);
  });

  it("the apex answers NS ns.dns.<zone> with the kube-dns address, and dns-version TXT", async () => {
    const ns = await ask("NS", "cluster.local");
    assert.deepEqual(data(ns), ["ns.dns.cluster.local"]);
    assert.deepEqual(ns.additionals, [{ type: "A", name: "ns.dns.cluster.local", ttl: 5, data: "10.96.0.10" }]);
    assert.deepEqual(data(await ask("A", "ns.dns.cluster.local")), ["10.96.0.10"]);
    const txt = await ask("TXT", "dns-version.cluster.local");
    assert.deepEqual(txt.answers, [{ type: "TXT", name: "dns-version.cluster.local", ttl: 28800, data: "1.1.0" }]);
  });

  it("until the caches have synced a missing name is SERVFAIL, not NXDOMAIN", async () => {
    const view = { ...fixtureView(), synced: () => false };
    assert.equal((await ask("A", "nope.default.svc.cluster.local", { view })).rcode, "SERVFAIL");
  });

  it("a dual-stack Service answers A and AAAA from its clusterIPs", async () => {
    const dual = { metadata: { name: "dual", namespace: "default" }, spec: { type: "ClusterIP", clusterIP: "10.96.1.1", clusterIPs: ["10.96.1.1", "fd00:10:96::1"], ports: [{ port: 80, protocol: "TCP" }] } };
    const view = fixtureView({ services: [dual] });
    assert.deepEqual(data(await ask("A", "dual.default.svc.cluster.local", { view })), ["10.96.1.1"]);
    assert.deepEqual(data(await ask("AAAA", "dual.default.svc.cluster.local", { view })), ["fd00:10:96::1"]);
    assert.deepEqual(data(await ask("PTR", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.6.9.0.0.0.1.0.0.0.0.d.f.ip6.arpa", { view })), ["dual.default.svc.cluster.local"]);
  });
});
