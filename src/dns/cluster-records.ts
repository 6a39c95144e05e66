/**
 * The cluster zone's records, as CoreDNS's kubernetes plugin answers them
 * (kubeadm's Corefile: `kubernetes cluster.local in-addr.arpa ip6.arpa
 * { pods insecure; fallthrough in-addr.arpa ip6.arpa; ttl 30 }`):
 *
 *   <svc>.<ns>.svc.<zone>                A/AAAA: the clusterIPs; headless: each ready endpoint
 *   <endpoint>.<svc>.<ns>.svc.<zone>     A/AAAA of the endpoint (its hostname, else its dashed address)
 *   _<port>._<proto>.<svc>.<ns>.svc.<zone>  SRV per named port (target: the Service, or each endpoint)
 *   <svc>.<ns>.svc.<zone> of an ExternalName Service: CNAME to externalName, followed
 *   1-2-3-4.<ns>.pod.<zone>              A 1.2.3.4 ("pods insecure": no check that the pod exists)
 *   reverse names of Service and endpoint addresses: PTR
 *   dns-version.<zone>                   TXT "1.1.0" (the Kubernetes DNS schema version)
 *   <zone>                               SOA, NS ns.dns.<zone>
 *
 * A name that does not exist is NXDOMAIN, one that exists without records
 * of the type asked is NODATA (NOERROR, no answers); both carry the zone's
 * SOA in the authority section. A reverse name nobody in the cluster has
 * falls through to the forwarder (undefined here).
 */
import net from "node:net";
import type { Answer, Question } from "dns-packet";
import type { EndpointPort } from "kubernetes-types/discovery/v1.js";
import type { ClusterView } from "./cluster-view.js";
import { addressOfDashed, addressOfReverse, canonicalName, dashedAddress, isInZone, isReverseName, labelsBelow, normalizeAddress } from "./names.js";
import { dedupRecords, type DnsResult } from "./result.js";

/** The schema version of the Kubernetes DNS specification CoreDNS implements. */
export const DNS_SCHEMA_VERSION = "1.1.0";
/** The kubernetes plugin's default TTL; kubeadm's Corefile sets 30. */
export const DEFAULT_TTL = 5;

export interface ClusterZoneOptions {
  /** The cluster domain, e.g. cluster.local. */
  zone: string;
  ttl: number;
  view: ClusterView;
  /** "insecure" (kubeadm's Corefile): any dashed address answers; "disabled": pod names do not exist. */
  pods: "insecure" | "disabled";
  /** Where the DNS server itself is reached: the kube-dns Service (ns.dns.<zone>). */
  dnsService: { namespace: string; name: string };
  /** Resolves a name through the whole server, to follow an ExternalName outside the zone. */
  resolve(q: Question): Promise<DnsResult>;
}

/** One thing a name stands for (CoreDNS's msg.Service): an address or a CNAME target, a port, and the record's own name. */
interface Item {
  host: string;
  port: number;
  /** The domain the record is known by: the Service, or the endpoint below it. */
  domain: string;
}

const NAME_ERROR = Symbol("name error");
type Found = Item[] | typeof NAME_ERROR;

/** Whether the question is the cluster server's to answer: the cluster zone or a reverse zone. */
export function inClusterZones(name: string, zone: string): boolean {
  return isInZone(name, zone) || isReverseName(name);
}

/** The answer from the cluster's data, or undefined to fall through to the next resolver (reverse names the cluster lacks). */
export async function answerFromCluster(q: Question, o: ClusterZoneOptions): Promise<DnsResult | undefined> {
  if (isReverseName(q.name)) {
    if (q.type !== "PTR") return undefined;
    const ptrs = reverseRecords(q, o);
    return ptrs.length ? success(ptrs, []) : undefined;
  }
  const apex = canonicalName(q.name) === canonicalName(o.zone);
  let found: Answer[] | typeof NAME_ERROR;
  let extra: Answer[] = [];
  switch (q.type) {
    case "A":
    case "AAAA":
      found = await addressRecords(q.name, q.type, o, 0);
      break;
    case "SRV": {
      const srv = await srvRecords(q.name, o);
      found = srv === NAME_ERROR ? srv : srv.answers;
      if (srv !== NAME_ERROR) extra = srv.extra;
      break;
    }
    case "TXT":
      found = txtRecords(q.name, o);
      break;
    case "CNAME":
      found = cnameRecords(q.name, o);
      break;
    case "SOA":
      found = apex ? [soaRecord(o)] : await existence(q.name, o);
      break;
    case "NS":
      if (apex) {
        const ns = `ns.dns.${canonicalName(o.zone)}`;
        found = [{ type: "NS", name: q.name, ttl: o.ttl, data: ns }];
        extra = dnsServiceAddresses(o).map((ip) => addressRecord(ns, ip, o.ttl));
      } else found = await existence(q.name, o);
      break;
    default:
      found = await existence(q.name, o);
  }
  if (found === NAME_ERROR) return negative(o.view.synced() ? "NXDOMAIN" : "SERVFAIL", o);
  if (found.length === 0) return negative("NOERROR", o);
  return success(dedupRecords(found), dedupRecords(extra));
}

function success(answers: Answer[], additionals: Answer[]): DnsResult {
  return { rcode: "NOERROR", authoritative: true, answers, authorities: [], additionals };
}

function negative(rcode: "NOERROR" | "NXDOMAIN" | "SERVFAIL", o: ClusterZoneOptions): DnsResult {
  return { rcode, authoritative: true, answers: [], authorities: [soaRecord(o)], additionals: [] };
}

/** The zone's SOA, as CoreDNS builds it: TTL min(ttl, 300), serial from the last change, minimum the TTL. */
export function soaRecord(o: Pick<ClusterZoneOptions, "zone" | "ttl" | "view">): Answer {
  const zone = canonicalName(o.zone);
  return {
    type: "SOA",
    name: zone,
    ttl: Math.min(o.ttl, 300),
    data: { mname: `ns.dns.${zone}`, rname: `hostmaster.${zone}`, serial: o.view.serial() >>> 0, refresh: 7200, retry: 1800, expire: 86400, minimum: o.ttl },
  };
}

/** For types the zone has no records of: [] when the name exists (NODATA), NAME_ERROR otherwise (CoreDNS's "fake A lookup"). */
async function existence(name: string, o: ClusterZoneOptions): Promise<Answer[] | typeof NAME_ERROR> {
  const a = await addressRecords(name, "A", o, 0);
  return a === NAME_ERROR ? a : [];
}

function addressRecord(name: string, ip: string, ttl: number): Answer {
  return { type: net.isIPv6(ip) ? "AAAA" : "A", name, ttl, data: ip };
}

function dnsServiceAddresses(o: ClusterZoneOptions): string[] {
  const svc = o.view.service(o.dnsService.namespace, o.dnsService.name);
  const ips = svc?.spec?.clusterIPs?.length ? svc.spec.clusterIPs : svc?.spec?.clusterIP ? [svc.spec.clusterIP] : [];
  return ips.filter((ip) => net.isIP(ip));
}

/** A or AAAA records of a name in the zone; ExternalName CNAMEs are followed (at most 8 deep). */
async function addressRecords(name: string, type: "A" | "AAAA", o: ClusterZoneOptions, depth: number): Promise<Answer[] | typeof NAME_ERROR> {
  const family = type === "A" ? 4 : 6;
  if (canonicalName(name) === `ns.dns.${canonicalName(o.zone)}`) return dnsServiceAddresses(o).filter((ip) => net.isIP(ip) === family).map((ip) => addressRecord(name, ip, o.ttl));
  const found = findItems(name, o);
  if (found === NAME_ERROR) return found;
  const out: Answer[] = [];
  for (const item of found) {
    const ipFamily = net.isIP(item.host);
    if (ipFamily) {
      if (ipFamily === family) out.push(addressRecord(name, item.host, o.ttl));
      continue;
    }
    // An ExternalName: the CNAME, then what its target resolves to.
    if (canonicalName(item.host) === canonicalName(name) || depth >= 8) continue;
    const cname: Answer = { type: "CNAME", name, ttl: o.ttl, data: canonicalName(item.host) };
    if (isInZone(item.host, o.zone)) {
      const next = await addressRecords(item.host, type, o, depth + 1);
      if (next !== NAME_ERROR && next.length) out.push(cname, ...next);
      continue;
    }
    try {
      const r = await o.resolve({ type, name: canonicalName(item.host) });
      out.push(cname, ...r.answers);
    } catch {
      // The target could not be looked up: no CNAME either, as CoreDNS leaves it out.
    }
  }
  return dedupRecords(out);
}

/** SRV records, with the targets' addresses for the additional section. Weights share 100 among the records, as CoreDNS computes them. */
async function srvRecords(name: string, o: ClusterZoneOptions): Promise<{ answers: Answer[]; extra: Answer[] } | typeof NAME_ERROR> {
  const found = findItems(name, o);
  if (found === NAME_ERROR) return found;
  const weight = Math.max(1, Math.floor(100 / Math.max(1, found.length)));
  const answers: Answer[] = [];
  const extra: Answer[] = [];
  const looked = new Set<string>();
  for (const item of found) {
    if (net.isIP(item.host)) {
      answers.push({ type: "SRV", name, ttl: o.ttl, data: { priority: 0, weight, port: item.port, target: item.domain } });
      extra.push(addressRecord(item.domain, item.host, o.ttl));
      continue;
    }
    const target = canonicalName(item.host);
    answers.push({ type: "SRV", name, ttl: o.ttl, data: { priority: 0, weight, port: item.port, target } });
    if (looked.has(target)) continue;
    looked.add(target);
    if (isInZone(target, o.zone)) {
      const a = await addressRecords(target, "A", o, 1);
      if (a !== NAME_ERROR) extra.push(...a);
      continue;
    }
    for (const type of ["A", "AAAA"] as const) {
      try {
        extra.push(...(await o.resolve({ type, name: target })).answers.filter((r) => r.type !== "CNAME"));
      } catch {
        // No addresses for the target: the SRV record stands alone.
      }
    }
  }
  return { answers, extra };
}

function txtRecords(name: string, o: ClusterZoneOptions): Answer[] | typeof NAME_ERROR {
  const labels = labelsBelow(name, o.zone);
  if (labels?.length === 1 && labels[0] === "dns-version") return [{ type: "TXT", name, ttl: 28800, data: DNS_SCHEMA_VERSION }];
  // Another type's records under this name make it NODATA; none, NXDOMAIN (CoreDNS's rule for TXT).
  const found = findItems(name, o);
  return found !== NAME_ERROR && found.length > 0 ? [] : NAME_ERROR;
}

function cnameRecords(name: string, o: ClusterZoneOptions): Answer[] | typeof NAME_ERROR {
  const found = findItems(name, o);
  if (found === NAME_ERROR) return found;
  const first = found[0];
  return first && !net.isIP(first.host) ? [{ type: "CNAME", name, ttl: o.ttl, data: canonicalName(first.host) }] : [];
}

/** PTR records of a reverse name: a Service's cluster IP, else every endpoint with the address. */
function reverseRecords(q: Question, o: ClusterZoneOptions): Answer[] {
  const ip = addressOfReverse(q.name);
  if (!ip) return [];
  const zone = canonicalName(o.zone);
  const ptr = (target: string): Answer => ({ type: "PTR", name: q.name, ttl: o.ttl, data: target });
  const services = o.view.servicesWithClusterIP(ip);
  if (services.length) return services.map((s) => ptr(`${s.metadata?.name}.${s.metadata?.namespace}.svc.${zone}`));
  const out: Answer[] = [];
  for (const slice of o.view.endpointSlicesWithAddress(ip)) {
    const svc = slice.metadata?.labels?.["kubernetes.io/service-name"];
    if (!svc) continue;
    for (const ep of slice.endpoints ?? []) {
      if (ep.conditions?.ready === false) continue;
      if (!(ep.addresses ?? []).some((a) => normalizeAddress(a) === ip)) continue;
      out.push(ptr(`${ep.hostname || dashedAddress(ip)}.${svc}.${slice.metadata?.namespace}.svc.${zone}`));
    }
  }
  return dedupRecords(out);
}

/**
 * What a name in the zone stands for (CoreDNS's Records). The name is
 * [_port._proto. | endpoint.] service.namespace.(svc|pod).zone; [] for names
 * that exist without records (the zone, svc.<zone>, a namespace).
 */
function findItems(name: string, o: ClusterZoneOptions): Found {
  const labels = labelsBelow(name, o.zone);
  if (!labels) return NAME_ERROR;
  if (labels.length === 0) return [];
  const kind = labels[labels.length - 1];
  if (kind !== "svc" && kind !== "pod") return NAME_ERROR;
  if (labels.length === 1) return [];
  const namespace = labels[labels.length - 2];
  if (!o.view.namespaceExists(namespace)) return NAME_ERROR;
  if (labels.length === 2) return [];
  const service = labels[labels.length - 3];
  const rest = labels.slice(0, labels.length - 3);
  if (rest.length > 2) return NAME_ERROR;
  const request = rest.length === 1 ? { endpoint: rest[0], port: "", protocol: "" } : rest.length === 2 ? { endpoint: "", port: rest[0].replace(/^_/, ""), protocol: rest[1].replace(/^_/, "") } : { endpoint: "", port: "", protocol: "" };
  const zone = canonicalName(o.zone);
  if (kind === "pod") {
    if (o.pods === "disabled") return NAME_ERROR;
    const ip = addressOfDashed(service);
    return ip ? [{ host: ip, port: 0, domain: `${service}.${namespace}.pod.${zone}` }] : NAME_ERROR;
  }
  return findServiceItems(namespace, service, request, zone, o);
}

interface Request {
  endpoint: string;
  port: string;
  protocol: string;
}

/** An empty port or protocol in the question matches any. */
const portMatches = (r: Request, name: string, protocol: string) => (r.port === "" || r.port === name.toLowerCase()) && (r.protocol === "" || r.protocol === protocol.toLowerCase());

function findServiceItems(namespace: string, service: string, r: Request, zone: string, o: ClusterZoneOptions): Found {
  const svc = o.view.service(namespace, service);
  if (!svc) return NAME_ERROR;
  const domain = `${service}.${namespace}.svc.${zone}`;
  if (svc.spec?.type === "ExternalName") {
    const target = svc.spec.externalName ?? "";
    if (r.endpoint || !target || net.isIP(target)) return NAME_ERROR;
    return [{ host: target, port: 0, domain }];
  }
  let matched = false;
  const items: Item[] = [];
  if (svc.spec?.clusterIP === "None" || r.endpoint) {
    for (const slice of o.view.endpointSlices(namespace, service)) {
      if (slice.addressType === "FQDN") continue;
      // A slice without ports still names its endpoints (CoreDNS's sentinel port -1).
      const ports: EndpointPort[] = slice.ports?.length ? slice.ports : [{ port: -1 }];
      for (const ep of slice.endpoints ?? []) {
        if (ep.conditions?.ready === false) continue;
        for (const addr of ep.addresses ?? []) {
          const label = (ep.hostname || dashedAddress(addr)).toLowerCase();
          if (r.endpoint && r.endpoint !== label) continue;
          for (const p of ports) {
            if (!portMatches(r, p.name ?? "", p.protocol ?? "TCP")) continue;
            matched = true;
            items.push({ host: normalizeAddress(addr), port: p.port ?? -1, domain: `${label}.${domain}` });
          }
        }
      }
    }
    return matched ? items : NAME_ERROR;
  }
  const ips = svc.spec?.clusterIPs?.length ? svc.spec.clusterIPs : svc.spec?.clusterIP ? [svc.spec.clusterIP] : [];
  for (const p of svc.spec?.ports ?? []) {
    if (!portMatches(r, p.name ?? "", p.protocol ?? "TCP")) continue;
    matched = true;
    for (const ip of ips) items.push({ host: normalizeAddress(ip), port: p.port, domain });
  }
  return matched ? items : NAME_ERROR;
}
