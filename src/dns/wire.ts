/**
 * From a query on the wire to the reply on the wire: header bits, EDNS,
 * and truncation. Over UDP a reply larger than the client can take (512
 * bytes, or the size its OPT record offers, echoed in the reply's OPT as
 * CoreDNS does) keeps the records that fit,
 * answers first, and sets TC when an answer or authority record had to go,
 * so the client asks again over TCP.
 */
import dnsPacket, { type Answer, type OptAnswer } from "dns-packet";
import type { ClusterDns } from "./cluster-dns.js";
import { RCODE_NUMBERS, serverFailure, type DnsResult, type Rcode } from "./result.js";

const MAX_TCP_MESSAGE = 65535;
const OPCODE_QUERY = 0;

/** The reply to a raw query, or undefined when it cannot be parsed at all (dropped, as a server does with garbage). */
export async function answerQuery(dns: ClusterDns, raw: Buffer, transport: "udp" | "tcp"): Promise<Buffer | undefined> {
  let query: dnsPacket.DecodedPacket;
  try {
    query = dnsPacket.decode(raw);
  } catch {
    return raw.length >= 12 ? headerOnly(raw, "FORMERR") : undefined;
  }
  if (query.type !== "query") return undefined;
  const opt = (query.additionals ?? []).find((a): a is OptAnswer => a.type === "OPT");
  const opcode = ((query.flags ?? 0) >> 11) & 0xf;
  let result: DnsResult;
  if (opcode !== OPCODE_QUERY) result = { ...serverFailure(), rcode: "NOTIMP" };
  else if ((query.questions ?? []).length !== 1) result = { ...serverFailure(), rcode: "FORMERR" };
  else {
    try {
      result = await dns.lookup(query.questions![0]);
    } catch {
      result = serverFailure();
    }
  }
  const limit = transport === "tcp" ? MAX_TCP_MESSAGE : Math.max(512, Math.min(opt?.udpPayloadSize ?? 512, MAX_TCP_MESSAGE));
  return encodeReply(query, result, opt ? { type: "OPT", name: ".", udpPayloadSize: Math.max(512, opt.udpPayloadSize), extendedRcode: 0, ednsVersion: 0, flags: opt.flags & dnsPacket.DNSSEC_OK, flag_do: opt.flag_do, options: [] } : undefined, limit);
}

function flagsOf(query: dnsPacket.DecodedPacket, result: DnsResult, truncated: boolean): number {
  let flags = (query.flags ?? 0) & (0xf << 11); // the opcode, echoed
  if (result.authoritative) flags |= dnsPacket.AUTHORITATIVE_ANSWER;
  if (truncated) flags |= dnsPacket.TRUNCATED_RESPONSE;
  if (query.flag_rd) flags |= dnsPacket.RECURSION_DESIRED;
  flags |= dnsPacket.RECURSION_AVAILABLE;
  if (query.flag_cd) flags |= dnsPacket.CHECKING_DISABLED;
  return flags | RCODE_NUMBERS[result.rcode];
}

function encodeReply(query: dnsPacket.DecodedPacket, result: DnsResult, opt: OptAnswer | undefined, limit: number): Buffer {
  const packet = (answers: Answer[], authorities: Answer[], additionals: Answer[], truncated: boolean): dnsPacket.Packet => ({
    type: "response",
    id: query.id,
    flags: flagsOf(query, result, truncated),
    questions: query.questions ?? [],
    answers,
    authorities,
    additionals: opt ? [...additionals, opt] : additionals,
  });
  const full = packet(result.answers, result.authorities, result.additionals, false);
  if (dnsPacket.encodingLength(full) <= limit) return dnsPacket.encode(full);
  // Fill in order: answers, authorities, additionals; stop at the first that does not fit.
  const kept: Answer[][] = [[], [], []];
  const sections = [result.answers, result.authorities, result.additionals];
  let allFit = true;
  outer: for (let s = 0; s < 3; s++) {
    for (const r of sections[s]) {
      kept[s].push(r);
      if (dnsPacket.encodingLength(packet(kept[0], kept[1], kept[2], true)) > limit) {
        kept[s].pop();
        allFit = false;
        break outer;
      }
    }
  }
  const truncated = !allFit && (kept[0].length < result.answers.length || kept[1].length < result.authorities.length);
  return dnsPacket.encode(packet(kept[0], kept[1], kept[2], truncated));
}

/** A reply of header and question only, for a query that could not be read past its header. */
function headerOnly(raw: Buffer, rcode: Rcode): Buffer {
  const out = Buffer.alloc(12);
  raw.copy(out, 0, 0, 2);
  const flags = raw.readUInt16BE(2);
  out.writeUInt16BE(0x8000 | (flags & 0x7900) | dnsPacket.RECURSION_AVAILABLE | RCODE_NUMBERS[rcode], 2);
  return out;
}
