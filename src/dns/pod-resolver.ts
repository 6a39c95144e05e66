/**
 * A name resolved as a pod's glibc resolver would resolve it from its
 * resolv.conf (res_nsearch): a name with at least ndots dots (or a trailing
 * dot) is asked as it is first; otherwise each search domain is appended in
 * turn, and the bare name is asked last. NXDOMAIN and NODATA move on to the
 * next candidate, as does SERVFAIL; a server that cannot be reached ends
 * the search. Each candidate is asked of the nameservers in order until one
 * answers.
 *
 * The caller says how a question reaches a nameserver (exchange): the
 * simulated network carries it to the kube-dns Service's address and asks
 * the cluster DNS there, or fails as an unreachable server does.
 *
 * Example:
 *   const r = await resolveForPod("web", "A", podResolvConf, exchange);
 *   // r.status "ok", r.name "web.default.svc.cluster.local", r.answers [...]
 */
import type { Answer, RecordType } from "dns-packet";
import { ndotsOf, parseResolvConf, type ResolvConf } from "./resolv-conf.js";
import type { DnsResult } from "./result.js";

/** Asks one nameserver one question; rejects when the server cannot be reached (no reply in time). */
export type DnsExchange = (server: string, question: { name: string; type: RecordType }) => Promise<DnsResult>;

export interface PodResolution {
  /** ok: answers found; NXDOMAIN/NODATA/SERVFAIL: every candidate failed so (the first as-is failure wins, as glibc's h_errno); unreachable: no nameserver answered. */
  status: "ok" | "NXDOMAIN" | "NODATA" | "SERVFAIL" | "unreachable";
  /** The name that answered (absolute, no trailing dot). */
  name?: string;
  answers: Answer[];
  /** The server that answered last. */
  server?: string;
  /** Every name asked, in order. */
  queried: string[];
}

type Outcome = { kind: "ok" | "NXDOMAIN" | "NODATA" | "SERVFAIL"; result: DnsResult; server: string } | { kind: "unreachable" };

async function ask(conf: ResolvConf, name: string, type: RecordType, exchange: DnsExchange): Promise<Outcome> {
  for (const server of conf.servers) {
    let result: DnsResult;
    try {
      result = await exchange(server, { name, type });
    } catch {
      continue;
    }
    if (result.rcode === "NOERROR") return { kind: result.answers.some((a) => a.type === type) ? "ok" : "NODATA", result, server };
    if (result.rcode === "NXDOMAIN") return { kind: "NXDOMAIN", result, server };
    // SERVFAIL, REFUSED...: glibc tries the next server.
    if (server === conf.servers[conf.servers.length - 1]) return { kind: "SERVFAIL", result, server };
  }
  return { kind: "unreachable" };
}

export async function resolveForPod(name: string, type: RecordType, resolvConf: ResolvConf | string, exchange: DnsExchange): Promise<PodResolution> {
  const conf = typeof resolvConf === "string" ? parseResolvConf(resolvConf) : resolvConf;
  const trailingDot = name.endsWith(".");
  const bare = name.replace(/\.$/, "");
  const dots = bare.split(".").length - 1;
  const queried: string[] = [];
  let firstFailure: PodResolution["status"] | undefined;
  let gotNodata = false;
  let gotServfail = false;
  let lastServer: string | undefined;
  const attempt = async (fqdn: string): Promise<PodResolution | Outcome> => {
    queried.push(fqdn);
    const out = await ask(conf, fqdn, type, exchange);
    if (out.kind !== "unreachable") lastServer = out.server;
    if (out.kind === "ok") return { status: "ok", name: fqdn, answers: out.result.answers, server: out.server, queried };
    return out;
  };
  const done = (status: PodResolution["status"]): PodResolution => ({ status, answers: [], server: lastServer, queried });

  let triedAsIs = false;
  if (dots >= ndotsOf(conf) || trailingDot) {
    const r = await attempt(bare);
    if ("status" in r) return r;
    if (trailingDot || r.kind === "unreachable") return done(r.kind);
    firstFailure = r.kind;
    triedAsIs = true;
  }
  if (!trailingDot) {
    for (const domain of conf.searches) {
      const r = await attempt(`${bare}.${domain}`);
      if ("status" in r) return r;
      if (r.kind === "NODATA") gotNodata = true;
      else if (r.kind === "SERVFAIL") gotServfail = true;
      else if (r.kind === "unreachable") return done(firstFailure ?? "unreachable");
    }
  }
  if (!triedAsIs) {
    const r = await attempt(bare);
    if ("status" in r) return r;
    if (r.kind === "unreachable") return done(firstFailure ?? "unreachable");
    firstFailure ??= gotNodata ? "NODATA" : gotServfail ? "SERVFAIL" : r.kind;
  }
  return done(firstFailure ?? (gotNodata ? "NODATA" : gotServfail ? "SERVFAIL" : "NXDOMAIN"));
}
