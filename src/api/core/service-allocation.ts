/**
 * Cluster IP and node port allocation for Services, as upstream's service
 * REST allocators: done before validation on create and update, undone by
 * the registry (afterDelete) when the write fails. The Allocator makes
 * every reservation and release take effect only if the write commits.
 */
import type { Allocator, HookContext } from "../types.js";
import { isApiError } from "../errors.js";
import { fieldErrors, invalid, type FieldError } from "../validation/field.js";
import { cidrsContain, ipFamilyOf, isValidIP, type IPFamily } from "../validation/core-ip.js";
import { isHeadless, needsClusterIP, needsHealthCheckNodePort, needsNodePorts, type ServiceObject } from "./service-defaults.js";

export const SERVICE_IPS_ALLOCATOR = "serviceIPs";
export const NODE_PORTS_ALLOCATOR = "nodePorts";

const SERVICE = { group: "", kind: "Service" };

function clusterFamilies(ctx: HookContext): IPFamily[] {
  const fams: IPFamily[] = [];
  for (const cidr of ctx.services.options.serviceCIDRs) {
    const fam = ipFamilyOf(cidr.split("/")[0]);
    if (fam && !fams.includes(fam)) fams.push(fam);
  }
  return fams.length ? fams : ["IPv4"];
}

const otherFamily = (f: IPFamily): IPFamily => (f === "IPv4" ? "IPv6" : "IPv4");

/**
 * Upstream's initIPFamilyFields: settles ipFamilyPolicy and ipFamilies from
 * the request and the cluster's service CIDRs, or throws Invalid.
 */
export function initIPFamilyFields(svc: ServiceObject, old: ServiceObject | undefined, ctx: HookContext): void {
  const spec = svc.spec!;
  if (spec.type === "ExternalName") return;
  const families = clusterFamilies(ctx);
  const selectorless = Object.keys(spec.selector ?? {}).length === 0;
  if (!spec.ipFamilyPolicy) {
    if (old?.spec?.ipFamilyPolicy) spec.ipFamilyPolicy = old.spec.ipFamilyPolicy;
    else if (spec.clusterIP === "None" && selectorless) spec.ipFamilyPolicy = "RequireDualStack";
    else spec.ipFamilyPolicy = "SingleStack";
  }
  const errs: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  if (spec.ipFamilyPolicy === "SingleStack") {
    if (ips.length === 2) errs.push(fieldErrors.invalid("spec.ipFamilyPolicy", spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
    if ((spec.ipFamilies ?? []).length === 2) errs.push(fieldErrors.invalid("spec.ipFamilyPolicy", spec.ipFamilyPolicy, "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
  }
  const fams = [...(spec.ipFamilies ?? [])] as IPFamily[];
  for (const [i, ip] of ips.entries()) {
    if (ip === "None") break;
    if (i < fams.length || !ip) continue;
    const fam = ipFamilyOf(ip)!;
    if (!families.includes(fam)) errs.push(fieldErrors.invalid(`spec.clusterIPs[${i}]`, ips, `${fam} is not configured on this cluster`));
    else fams.push(fam);
  }
  if (errs.length) throw invalid(SERVICE, svc.metadata.name ?? "", errs);

  if (spec.clusterIP === "None" && selectorless) {
    if (fams.length === 0) fams.push(families[0]);
    if (fams.length < 2 && spec.ipFamilyPolicy !== "SingleStack") fams.push(otherFamily(fams[0]));
    spec.ipFamilies = fams;
    return;
  }
  if (spec.ipFamilyPolicy === "RequireDualStack" && families.length < 2) {
    errs.push(fieldErrors.invalid("spec.ipFamilyPolicy", spec.ipFamilyPolicy, "this cluster is not configured for dual-stack services"));
  }
  for (const [i, fam] of fams.entries()) {
    if (!families.includes(fam)) errs.push(fieldErrors.invalid(`spec.ipFamilies[${i}]`, fam, "not configured on this cluster"));
  }
  if (errs.length) throw invalid(SERVICE, svc.metadata.name ?? "", errs);
  if (fams.length === 0) fams.push(families[0]);
  if (spec.ipFamilyPolicy !== "SingleStack" && fams.length === 1 && families.length === 2) fams.push(otherFamily(fams[0]));
  spec.ipFamilies = fams;
}

async function allocateIP(svc: ServiceObject, ip: string, ctx: HookContext): Promise<string> {
  const alloc = ctx.services.allocator(SERVICE_IPS_ALLOCATOR);
  if (!alloc) return ip;
  if (!ip) return alloc.allocate();
  const fail = (why: string) => invalid(SERVICE, svc.metadata.name ?? "", [fieldErrors.invalid("spec.clusterIPs", svc.spec?.clusterIPs ?? [], `failed to allocate IP ${ip}: ${why}`)]);
  if (ctx.services.options.serviceCIDRs.length && !cidrsContain(ctx.services.options.serviceCIDRs, ip)) {
    throw fail(`provided IP is not in the valid range. The range of valid IPs is ${alloc.range()}`);
  }
  if (await alloc.has(ip)) throw fail("provided IP is already allocated");
  try {
    return await alloc.allocate(ip);
  } catch (err) {
    if (isApiError(err)) throw err;
    throw fail(err instanceof Error ? err.message : String(err));
  }
}

/** Fills clusterIP/clusterIPs for a Service that needs them (not headless, not ExternalName). */
async function allocateClusterIPs(svc: ServiceObject, ctx: HookContext): Promise<void> {
  const spec = svc.spec!;
  if (!needsClusterIP(svc) || isHeadless(svc)) return;
  const ips = [...(spec.clusterIPs ?? [])];
  // One allocator serves the primary family; a requested secondary IP is reserved as given.
  for (let i = 0; i < Math.max(ips.length, 1); i++) {
    if (i > 0 && !ips[i]) continue;
    ips[i] = await allocateIP(svc, ips[i] ?? "", ctx);
  }
  spec.clusterIPs = ips;
  spec.clusterIP = ips[0];
}

async function allocatePort(svc: ServiceObject, alloc: Allocator, value: number, fieldPath: string): Promise<number> {
  if (!value) return Number(await alloc.allocate());
  const [lo, hi] = parseRange(alloc.range());
  const fail = (why: string) => invalid(SERVICE, svc.metadata.name ?? "", [fieldErrors.invalid(fieldPath, value, why)]);
  if (lo !== undefined && (value < lo || value > hi!)) throw fail(`provided port is not in the valid range. The range of valid ports is ${alloc.range()}`);
  if (await alloc.has(String(value))) throw fail("provided port is already allocated");
  try {
    return Number(await alloc.allocate(String(value)));
  } catch (err) {
    if (isApiError(err)) throw err;
    throw fail(err instanceof Error ? err.message : String(err));
  }
}

function parseRange(r: string): [number?, number?] {
  const m = /^(\d+)-(\d+)$/.exec(r);
  return m ? [Number(m[1]), Number(m[2])] : [];
}

function shouldAllocateNodePorts(svc: ServiceObject): boolean {
  if (svc.spec?.type === "NodePort") return true;
  return svc.spec?.type === "LoadBalancer" && svc.spec.allocateLoadBalancerNodePorts !== false;
}

/**
 * Gives every port of a NodePort/LoadBalancer Service a node port: ports
 * sharing a port number share the node port; ports already held (in
 * `held`, the old object's) are kept without reallocating.
 */
async function allocateNodePorts(svc: ServiceObject, ctx: HookContext, held: Set<number>): Promise<void> {
  const alloc = ctx.services.allocator(NODE_PORTS_ALLOCATOR);
  if (!alloc || !needsNodePorts(svc)) return;
  const byServicePort = new Map<number, number>();
  const taken = new Set<number>();
  for (const [i, p] of (svc.spec?.ports ?? []).entries()) {
    if (!p.nodePort && !shouldAllocateNodePorts(svc)) continue;
    const shared = byServicePort.get(p.port);
    if (!p.nodePort && shared) {
      p.nodePort = shared;
      continue;
    }
    if (p.nodePort && (held.has(p.nodePort) || taken.has(p.nodePort))) {
      byServicePort.set(p.port, p.nodePort);
      continue;
    }
    p.nodePort = await allocatePort(svc, alloc, p.nodePort ?? 0, `spec.ports[${i}].nodePort`);
    taken.add(p.nodePort);
    byServicePort.set(p.port, p.nodePort);
  }
  if (needsHealthCheckNodePort(svc) && !(svc.spec!.healthCheckNodePort && held.has(svc.spec!.healthCheckNodePort))) {
    svc.spec!.healthCheckNodePort = await allocatePort(svc, alloc, svc.spec!.healthCheckNodePort ?? 0, "spec.healthCheckNodePort");
  }
}

/** Malformed cluster IPs are left for validation to report, with nothing allocated. */
export function hasMalformedClusterIPs(svc: ServiceObject): boolean {
  return (svc.spec?.clusterIPs ?? []).some((ip) => ip !== "None" && ip !== "" && !isValidIP(ip)) || (svc.spec?.clusterIPs ?? []).length > 2;
}

export async function allocateOnCreate(svc: ServiceObject, ctx: HookContext): Promise<void> {
  if (hasMalformedClusterIPs(svc)) return;
  initIPFamilyFields(svc, undefined, ctx);
  await allocateClusterIPs(svc, ctx);
  await allocateNodePorts(svc, ctx, new Set());
}

/** Node ports and the health check port a Service holds. */
export function heldNodePorts(svc: ServiceObject): Set<number> {
  const s = new Set<number>();
  for (const p of svc.spec?.ports ?? []) if (p.nodePort) s.add(p.nodePort);
  if (needsHealthCheckNodePort(svc) && svc.spec?.healthCheckNodePort) s.add(svc.spec.healthCheckNodePort);
  return s;
}

/**
 * Allocation on update, as upstream's allocateUpdate: ExternalName to a
 * cluster type allocates, the reverse releases; node ports no longer used
 * are released and new ones allocated.
 */
export async function allocateOnUpdate(svc: ServiceObject, old: ServiceObject, ctx: HookContext): Promise<void> {
  if (hasMalformedClusterIPs(svc)) return;
  initIPFamilyFields(svc, old, ctx);
  const ipAlloc = ctx.services.allocator(SERVICE_IPS_ALLOCATOR);
  if (old.spec?.type === "ExternalName" && svc.spec?.type !== "ExternalName") {
    await allocateClusterIPs(svc, ctx);
  } else if (old.spec?.type !== "ExternalName" && svc.spec?.type === "ExternalName" && !isHeadless(old)) {
    for (const ip of old.spec?.clusterIPs ?? []) if (ipAlloc && ip && ip !== "None") await ipAlloc.release(ip);
  }
  const oldPorts = heldNodePorts(old);
  await allocateNodePorts(svc, ctx, oldPorts);
  const nodeAlloc = ctx.services.allocator(NODE_PORTS_ALLOCATOR);
  if (nodeAlloc) {
    const kept = heldNodePorts(svc);
    for (const p of oldPorts) if (!kept.has(p)) await nodeAlloc.release(String(p));
  }
}

/** Releases everything a Service holds (after delete, or to undo a failed create). */
export async function releaseService(svc: ServiceObject, ctx: HookContext): Promise<void> {
  const ipAlloc = ctx.services.allocator(SERVICE_IPS_ALLOCATOR);
  if (ipAlloc && needsClusterIP(svc) && !isHeadless(svc)) {
    for (const ip of svc.spec?.clusterIPs ?? (svc.spec?.clusterIP ? [svc.spec.clusterIP] : [])) {
      if (ip && ip !== "None") await ipAlloc.release(ip);
    }
  }
  const nodeAlloc = ctx.services.allocator(NODE_PORTS_ALLOCATOR);
  if (nodeAlloc) for (const p of heldNodePorts(svc)) await nodeAlloc.release(String(p));
}
