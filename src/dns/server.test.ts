import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import dgram from "node:dgram";
import net from "node:net";
import dnsPacket from "dns-packet";
import { createClusterDns } from "./cluster-dns.js";
import { serveDns, type RunningDnsServer } from "./server.js";
import { fixtureView, slice } from "./test-fixtures.js";
import { realClock, VirtualClock } from "../util/clock.js";

/** A fake upstream resolver on loopback: answers example.com A, NXDOMAIN for the rest; counts queries. */
async function fakeUpstream(): Promise<{ port: number; queries: string[]; close(): Promise<void> }> {
  const socket = dgram.createSocket("udp4");
  const queries: string[] = [];
  socket.on("message", (msg, rinfo) => {
    const q = dnsPacket.decode(msg);
    const question = q.questions![0];
    queries.push(`${question.name} ${question.type}`);
    const known = question.name === "example.com" && question.type === "A";
    const reply = dnsPacket.encode({
      type: "response",
      id: q.id,
      flags: dnsPacket.RECURSION_AVAILABLE | dnsPacket.RECURSION_DESIRED | (known ? 0 : 3),
      questions: q.questions,
      answers: known ? [{ type: "A", name: "example.com", ttl: 120, data: "93.184.216.34" }] : [],
      authorities: known ? [] : [{ type: "SOA", name: "com", ttl: 900, data: { mname: "a.gtld-servers.net", rname: "nstld.verisign-grs.com", serial: 1, refresh: 1800, retry: 900, expire: 604800, minimum: 86400 } }],
    });
    socket.send(reply, rinfo.port, rinfo.address);
  });
  await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => r()));
  return { port: socket.address().port, queries, close: () => new Promise((r) => socket.close(() => r())) };
}

function udpQuery(port: number, packet: dnsPacket.Packet): Promise<dnsPacket.DecodedPacket> {
  return new Promise((resolve, reject) => {
    const s = dgram.createSocket("udp4");
    s.on("message", (m) => {
      s.close();
      resolve(dnsPacket.decode(m));
    });
    s.on("error", reject);
    s.send(dnsPacket.encode(packet), port, "127.0.0.1");
  });
}

function tcpQuery(port: number, packet: dnsPacket.Packet): Promise<dnsPacket.DecodedPacket> {
  return new Promise((resolve, reject) => {
    const c = net.connect({ port, host: "127.0.0.1" }, () => c.write(dnsPacket.streamEncode(packet)));
    let buf = Buffer.alloc(0);
    c.on("data", (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        c.destroy();
        resolve(dnsPacket.decode(buf.subarray(2, 2 + buf.readUInt16BE(0))));
      }
    });
    c.on("error", reject);
  });
}

const query = (name: string, type: dnsPacket.RecordType, id = 7): dnsPacket.Packet => ({ type: "query", id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type, name, class: "IN" }] });

describe("cluster DNS server on sockets", () => {
  let upstream: Awaited<ReturnType<typeof fakeUpstream>>;
  let server: RunningDnsServer;
  const clock = new VirtualClock(1_700_000_000_000);
  const many = slice("many", Array.from({ length: 20 }, (_, i) => ({ ip: `10.244.9.${i + 1}` })));
  const manySvc = { metadata: { name: "many", namespace: "default" }, spec: { type: "ClusterIP", clusterIP: "None", ports: [{ name: "pg", port: 5432 }] } };
  before(async () => {
    upstream = await fakeUpstream();
    const dns = createClusterDns({ view: fixtureView({ services: [manySvc], endpointSlices: [many] }), clock, upstreams: [{ host: "127.0.0.1", port: upstream.port }], loadbalance: false, upstreamTimeoutMs: 2000 });
    server = await serveDns(dns, { host: "127.0.0.1", port: 0 });
  });
  after(async () => {
    await server.close();
    await upstream.close();
  });

  it("answers a cluster name over UDP with the query's id, aa, rd and ra set", async () => {
    const r = await udpQuery(server.port, query("web.default.svc.cluster.local", "A", 4242));
    assert.equal(r.id, 4242);
    assert.equal(r.type, "response");
    assert.ok(r.flag_aa && r.flag_rd && r.flag_ra);
    assert.equal(r.flag_tc, false);
    assert.deepEqual(r.answers?.map((a) => "data" in a && a.data), ["10.96.12.34"]);
  });

  it("answers over TCP the same", async () => {
    const r = await tcpQuery(server.port, query("db.default.svc.cluster.local", "A"));
    assert.deepEqual(r.answers?.map((a) => "data" in a && a.data), ["10.244.1.5", "10.244.2.6"]);
  });

  it("NXDOMAIN on the wire carries rcode 3 and the SOA", async () => {
    const r = await udpQuery(server.port, query("nope.default.svc.cluster.local", "A"));
    assert.equal((r as unknown as { rcode: string }).rcode, "NXDOMAIN");
    assert.equal(r.authorities?.[0].type, "SOA");
  });

  it("a UDP answer over 512 bytes is truncated with TC; over TCP it comes whole", async () => {
    const udp = await udpQuery(server.port, query("many.default.svc.cluster.local", "A"));
    assert.equal(udp.flag_tc, true);
    assert.ok((udp.answers?.length ?? 0) > 0 && (udp.answers?.length ?? 0) < 20);
    assert.ok(dnsPacket.encodingLength(udp) <= 512);
    const tcp = await tcpQuery(server.port, query("many.default.svc.cluster.local", "A"));
    assert.equal(tcp.flag_tc, false);
    assert.equal(tcp.answers?.length, 20);
  });

  it("a client offering a larger EDNS buffer gets more in one datagram, and an OPT back", async () => {
    const q = { ...query("many.default.svc.cluster.local", "A"), additionals: [{ type: "OPT" as const, name: ".", udpPayloadSize: 4096, extendedRcode: 0, ednsVersion: 0, flags: 0, flag_do: false, options: [] }] };
    const r = await udpQuery(server.port, q);
    assert.equal(r.flag_tc, false);
    assert.equal(r.answers?.length, 20);
    assert.ok(r.additionals?.some((a) => a.type === "OPT"));
  });

  it("forwards other names to the upstream and caches the answer", async () => {
    const before = upstream.queries.length;
    const a = await udpQuery(server.port, query("example.com", "A"));
    assert.deepEqual(a.answers?.map((x) => "data" in x && x.data), ["93.184.216.34"]);
    assert.equal(a.flag_aa, false);
    // The cache keeps it at most 30 s and counts the TTL down.
    await clock.advance(10_000);
    const b = await udpQuery(server.port, query("example.com", "A"));
    assert.equal(upstream.queries.length, before + 1);
    assert.equal((b.answers?.[0] as { ttl: number }).ttl, 20);
    await clock.advance(21_000);
    await udpQuery(server.port, query("example.com", "A"));
    assert.equal(upstream.queries.length, before + 2);
  });

  it("forwards the upstream's NXDOMAIN, and reverse names the cluster lacks", async () => {
    const r = await udpQuery(server.port, query("nothing.example", "A"));
    assert.equal((r as unknown as { rcode: string }).rcode, "NXDOMAIN");
    await udpQuery(server.port, query("4.4.8.8.in-addr.arpa", "PTR"));
    assert.ok(upstream.queries.includes("4.4.8.8.in-addr.arpa PTR"));
    assert.ok(!upstream.queries.some((q) => q.includes("cluster.local")));
  });

  it("SERVFAIL when no upstream answers in time", async () => {
    const silent = dgram.createSocket("udp4");
    await new Promise<void>((r) => silent.bind(0, "127.0.0.1", () => r()));
    const dns = createClusterDns({ view: fixtureView(), clock: realClock, upstreams: [{ host: "127.0.0.1", port: silent.address().port }], upstreamTimeoutMs: 50 });
    const r = await dns.lookup({ type: "A", name: "example.org" });
    assert.equal(r.rcode, "SERVFAIL");
    silent.close();
  });

  it("a query with no question is FORMERR", async () => {
    const r = await udpQuery(server.port, { type: "query", id: 9, flags: 0, questions: [] });
    assert.equal((r as unknown as { rcode: string }).rcode, "FORMERR");
  });
});
