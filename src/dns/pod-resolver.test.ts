import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createClusterDns } from "./cluster-dns.js";
import { resolveForPod, type DnsExchange } from "./pod-resolver.js";
import { parseResolvConf, ndotsOf } from "./resolv-conf.js";
import { fixtureView } from "./test-fixtures.js";
import { realClock } from "../util/clock.js";
import type { DnsResult } from "./result.js";

const podConf = parseResolvConf("nameserver 10.96.0.10\nsearch default.svc.cluster.local svc.cluster.local cluster.local corp.example\noptions ndots:5\n");

/** The cluster DNS behind 10.96.0.10; names outside the cluster: NXDOMAIN from the "host" except www.example.com. */
function exchangeVia(reachable = ["10.96.0.10"]): { exchange: DnsExchange; asked: string[] } {
  const outside = async (q: { name: string; type: string }): Promise<DnsResult> =>
    q.name === "www.example.com" && q.type === "A" ? { rcode: "NOERROR", authoritative: false, answers: [{ type: "A", name: q.name, ttl: 60, data: "93.184.216.34" }], authorities: [], additionals: [] } : { rcode: "NXDOMAIN", authoritative: false, answers: [], authorities: [], additionals: [] };
  const dns = createClusterDns({ view: fixtureView(), clock: realClock, upstreams: [], loadbalance: false });
  const asked: string[] = [];
  return {
    asked,
    exchange: async (server, q) => {
      if (!reachable.includes(server)) throw new Error(`dial udp ${server}:53: i/o timeout`);
      asked.push(q.name);
      return q.name.endsWith("cluster.local") || q.name.endsWith(".arpa") ? dns.lookup(q) : outside(q);
    },
  };
}

describe("resolution as a pod's resolver does it", () => {
  it("a short name goes through the search list: the namespace's svc domain first", async () => {
    const { exchange } = exchangeVia();
    const r = await resolveForPod("web", "A", podConf, exchange);
    assert.equal(r.status, "ok");
    assert.equal(r.name, "web.default.svc.cluster.local");
    assert.deepEqual(r.queried, ["web.default.svc.cluster.local"]);
    assert.equal(r.server, "10.96.0.10");
  });

  it("<svc>.<ns> is found on the second search domain", async () => {
    const { exchange } = exchangeVia();
    const r = await resolveForPod("kube-dns.kube-system", "A", podConf, exchange);
    assert.deepEqual(r.queried, ["kube-dns.kube-system.default.svc.cluster.local", "kube-dns.kube-system.svc.cluster.local"]);
    assert.equal(r.answers[0].type === "A" && r.answers[0].data, "10.96.0.10");
  });

  it("with fewer dots than ndots an outside name walks every search domain before being asked as is", async () => {
    const { exchange } = exchangeVia();
    const r = await resolveForPod("www.example.com", "A", podConf, exchange);
    assert.equal(r.status, "ok");
    assert.deepEqual(r.queried, ["www.example.com.default.svc.cluster.local", "www.example.com.svc.cluster.local", "www.example.com.cluster.local", "www.example.com.corp.example", "www.example.com"]);
  });

  it("a trailing dot or at least ndots dots asks the name as it is first", async () => {
    const { exchange } = exchangeVia();
    assert.deepEqual((await resolveForPod("www.example.com.", "A", podConf, exchange)).queried, ["www.example.com"]);
    const lowNdots = { ...podConf, options: ["ndots:2"] };
    assert.deepEqual((await resolveForPod("www.example.com", "A", lowNdots, exchange)).queried, ["www.example.com"]);
    const fqdn = await resolveForPod("web.default.svc.cluster.local", "A", lowNdots, exchange);
    assert.deepEqual(fqdn.queried, ["web.default.svc.cluster.local"]);
  });

  it("a name nobody has fails NXDOMAIN after every candidate; one that exists without the type is NODATA", async () => {
    const { exchange } = exchangeVia();
    const nx = await resolveForPod("nope", "A", podConf, exchange);
    assert.equal(nx.status, "NXDOMAIN");
    assert.equal(nx.queried.length, 5);
    const nodata = await resolveForPod("web", "AAAA", podConf, exchange);
    assert.equal(nodata.status, "NODATA");
  });

  it("a nameserver that cannot be reached (the kube-dns IP moved) is unreachable, and the search stops", async () => {
    const { exchange, asked } = exchangeVia(["10.96.0.99"]);
    const r = await resolveForPod("web", "A", podConf, exchange);
    assert.equal(r.status, "unreachable");
    assert.deepEqual(asked, []);
    assert.deepEqual(r.queried, ["web.default.svc.cluster.local"]);
  });

  it("the next nameserver is asked when the first cannot be reached", async () => {
    const { exchange } = exchangeVia(["10.96.0.10"]);
    const r = await resolveForPod("web", "A", { ...podConf, servers: ["10.96.0.99", "10.96.0.10"] }, exchange);
    assert.equal(r.status, "ok");
    assert.equal(r.server, "10.96.0.10");
  });

  it("resolv.conf text is read as glibc reads it", () => {
    const c = parseResolvConf("# generated\nnameserver 10.96.0.10\ndomain old.example\nsearch a.example b.example.\noptions ndots:5 timeout:2\n");
    assert.deepEqual(c, { servers: ["10.96.0.10"], searches: ["a.example", "b.example"], options: ["ndots:5", "timeout:2"] });
    assert.equal(ndotsOf(c), 5);
    assert.equal(ndotsOf({ ...c, options: [] }), 1);
    assert.equal(ndotsOf({ ...c, options: ["ndots:30"] }), 15);
  });
});
