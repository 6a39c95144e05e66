/**
 * The cache in front of the forwarder, as kubeadm's Corefile has it:
 * `cache 30 { disable success <zone>; disable denial <zone> }`, so only
 * forwarded answers are kept. A positive answer lives for its smallest TTL,
 * a negative one (NXDOMAIN, NODATA) for its SOA's minimum; both between 5 s
 * and 30 s, as CoreDNS's cache clamps them. Served records carry the TTL
 * left, never more than the entry's. SERVFAIL is not kept. The oldest entry goes when it is full.
 */
import type { Answer, Question } from "dns-packet";
import type { Clock } from "../util/clock.js";
import type { DnsResult } from "./result.js";

export interface AnswerCacheOptions {
  clock: Clock;
  /** Longest life of an entry in seconds (`cache 30`). */
  maxTtlSeconds?: number;
  minTtlSeconds?: number;
  /** Entries kept (CoreDNS's default capacity: 9984). */
  capacity?: number;
}

export interface AnswerCache {
  get(q: Question): DnsResult | undefined;
  set(q: Question, result: DnsResult): void;
  readonly size: number;
}

interface Entry {
  result: DnsResult;
  ttl: number;
  storedAt: number;
  expiresAt: number;
}

const keyOf = (q: Question) => `${q.name.replace(/\.$/, "").toLowerCase()}|${q.type}|${q.class ?? "IN"}`;

const ttlOf = (r: Answer) => ("ttl" in r && typeof r.ttl === "number" ? r.ttl : 0);

/** How long a result may be kept, in seconds, before clamping; undefined when it must not be kept. */
function lifetime(result: DnsResult): number | undefined {
  if (result.rcode === "NOERROR" && result.answers.length) return Math.min(...result.answers.map(ttlOf));
  if (result.rcode === "NXDOMAIN" || (result.rcode === "NOERROR" && !result.answers.length)) {
    const soa = result.authorities.find((r) => r.type === "SOA");
    if (!soa || soa.type !== "SOA") return undefined;
    return Math.min(ttlOf(soa), soa.data.minimum ?? ttlOf(soa));
  }
  return undefined;
}

export function createAnswerCache(o: AnswerCacheOptions): AnswerCache {
  const max = o.maxTtlSeconds ?? 30;
  const min = o.minTtlSeconds ?? 5;
  const capacity = o.capacity ?? 9984;
  const entries = new Map<string, Entry>();
  return {
    get size() {
      return entries.size;
    },
    get(q) {
      const key = keyOf(q);
      const e = entries.get(key);
      if (!e) return undefined;
      const now = o.clock.now();
      if (now >= e.expiresAt) {
        entries.delete(key);
        return undefined;
      }
      const elapsed = Math.floor((now - e.storedAt) / 1000);
      const age = (records: Answer[]) => records.map((r) => (r.type === "OPT" ? r : { ...r, ttl: Math.max(0, Math.min(ttlOf(r), e.ttl) - elapsed) }) as Answer);
      return { ...e.result, answers: age(e.result.answers), authorities: age(e.result.authorities), additionals: age(e.result.additionals) };
    },
    set(q, result) {
      const seconds = lifetime(result);
      if (seconds === undefined) return;
      const ttl = Math.max(min, Math.min(max, seconds));
      const key = keyOf(q);
      entries.delete(key);
      if (entries.size >= capacity) entries.delete(entries.keys().next().value!);
      const now = o.clock.now();
      entries.set(key, { result, ttl, storedAt: now, expiresAt: now + ttl * 1000 });
    },
  };
}
