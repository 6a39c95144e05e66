/**
 * Forwarding of names outside the cluster zone to the host's resolvers, as
 * CoreDNS's `forward . /etc/resolv.conf`: the upstreams are tried in random
 * order (policy random), each with a read timeout; a truncated UDP answer is
 * asked again over TCP; when none answers the result is SERVFAIL.
 */
import dgram from "node:dgram";
import net from "node:net";
import { readFileSync } from "node:fs";
import dnsPacket, { type Answer, type Question } from "dns-packet";
import type { Clock } from "../util/clock.js";
import { parseResolvConf } from "./resolv-conf.js";
import { rcodeName, serverFailure, type DnsResult } from "./result.js";

export interface Upstream {
  host: string;
  port: number;
}

export interface ForwarderOptions {
  upstreams: Upstream[];
  clock: Clock;
  /** How long one upstream has to answer (CoreDNS's read timeout: 2s). */
  timeoutMs?: number;
  random?: () => number;
}

export interface Forwarder {
  forward(q: Question): Promise<DnsResult>;
}

/** The nameservers of the host's resolv.conf (default /etc/resolv.conf), on port 53; none when it cannot be read. */
export function hostUpstreams(path = "/etc/resolv.conf"): Upstream[] {
  try {
    return parseResolvConf(readFileSync(path, "utf8")).servers.map((host) => ({ host, port: 53 }));
  } catch {
    return [];
  }
}

export function createForwarder(o: ForwarderOptions): Forwarder {
  const timeoutMs = o.timeoutMs ?? 2000;
  const random = o.random ?? Math.random;
  return {
    async forward(q) {
      const order = [...o.upstreams];
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const upstream of order) {
        try {
          const query: dnsPacket.Packet = { type: "query", id: Math.floor(random() * 65536), flags: dnsPacket.RECURSION_DESIRED, questions: [{ ...q, class: q.class ?? "IN" }] };
          let reply = await exchangeUdp(upstream, query, o.clock, timeoutMs);
          if (reply.flag_tc) reply = await exchangeTcp(upstream, query, o.clock, timeoutMs);
          return {
            rcode: rcodeName((reply.flags ?? 0) & 0xf) ?? "SERVFAIL",
            authoritative: reply.flag_aa,
            answers: reply.answers ?? [],
            authorities: reply.authorities ?? [],
            additionals: (reply.additionals ?? []).filter((a: Answer) => a.type !== "OPT"),
          };
        } catch {
          // This upstream did not answer: the next one.
        }
      }
      return serverFailure();
    },
  };
}

function matches(reply: dnsPacket.DecodedPacket, query: dnsPacket.Packet): boolean {
  const q = query.questions![0];
  const r = reply.questions?.[0];
  return reply.id === query.id && reply.type === "response" && !!r && r.name.toLowerCase() === q.name.toLowerCase() && r.type === q.type;
}

function exchangeUdp(upstream: Upstream, query: dnsPacket.Packet, clock: Clock, timeoutMs: number): Promise<dnsPacket.DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = dgram.createSocket(net.isIPv6(upstream.host) ? "udp6" : "udp4");
    const finish = (err: Error | undefined, reply?: dnsPacket.DecodedPacket) => {
      timer.cancel();
      socket.close();
      if (err) reject(err);
      else resolve(reply!);
    };
    const timer = clock.setTimeout(() => finish(new Error(`read udp ${upstream.host}:${upstream.port}: i/o timeout`)), timeoutMs);
    socket.on("error", (err) => finish(err));
    socket.on("message", (msg) => {
      let reply: dnsPacket.DecodedPacket;
      try {
        reply = dnsPacket.decode(msg);
      } catch {
        return;
      }
      // A stray or spoofed datagram is ignored; the real answer may still come.
      if (matches(reply, query)) finish(undefined, reply);
    });
    socket.send(dnsPacket.encode(query), upstream.port, upstream.host, (err) => err && finish(err));
  });
}

function exchangeTcp(upstream: Upstream, query: dnsPacket.Packet, clock: Clock, timeoutMs: number): Promise<dnsPacket.DecodedPacket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: upstream.host, port: upstream.port });
    let buffered = Buffer.alloc(0);
    const finish = (err: Error | undefined, reply?: dnsPacket.DecodedPacket) => {
      timer.cancel();
      socket.destroy();
      if (err) reject(err);
      else resolve(reply!);
    };
    const timer = clock.setTimeout(() => finish(new Error(`read tcp ${upstream.host}:${upstream.port}: i/o timeout`)), timeoutMs);
    socket.on("error", (err) => finish(err));
    socket.on("connect", () => socket.write(dnsPacket.streamEncode(query)));
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (buffered.length < 2 || buffered.length < 2 + buffered.readUInt16BE(0)) return;
      try {
        const reply = dnsPacket.decode(buffered.subarray(2, 2 + buffered.readUInt16BE(0)));
        finish(matches(reply, query) ? undefined : new Error("mismatched answer"), reply);
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.on("end", () => finish(new Error(`read tcp ${upstream.host}:${upstream.port}: EOF`)));
  });
}
