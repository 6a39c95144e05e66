/** Service validation as upstream's ValidateService and ValidateServiceUpdate. */
import type { FieldError } from "../validation/field.js";
import { fieldErrors } from "../validation/field.js";
import { isDNS1123Subdomain, isQualifiedName } from "../validation/names.js";
import { ipFamilyOf, isValidCIDR, isValidIP, INVALID_CIDR_MESSAGE, INVALID_IP_MESSAGE } from "../validation/core-ip.js";
import { type ServiceObject } from "./service-defaults.js";
import { validateDNS1123Label, validateLabels } from "../validation/labels.js";
import { portNumErrors, validatePortNumOrName } from "../validation/ports.js";

const serviceTypes = ["ClusterIP", "ExternalName", "LoadBalancer", "NodePort"];
const protocols = ["SCTP", "TCP", "UDP"];
const affinities = ["ClientIP", "None"];
const familyPolicies = ["PreferDualStack", "RequireDualStack", "SingleStack"];
const families = ["IPv4", "IPv6"];
const trafficPolicies = ["Cluster", "Local"];
const MAX_AFFINITY_SECONDS = 86400;

const headless = (svc: ServiceObject) => (svc.spec?.clusterIPs ?? []).length === 1 && svc.spec!.clusterIPs![0] === "None";

function validatePorts(svc: ServiceObject): FieldError[] {
  const errs: FieldError[] = [];
  const ports = svc.spec?.ports ?? [];
  const names = new Set<string>();
  const seen = new Set<string>();
  const seenNodePorts = new Set<string>();
  for (const [i, p] of ports.entries()) {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push(fieldErrors.required(`${pp}.name`));
    else if (p.name) {
      errs.push(...validateDNS1123Label(p.name, `${pp}.name`));
      if (names.has(p.name)) errs.push(fieldErrors.duplicate(`${pp}.name`, p.name));
      names.add(p.name);
    }
    for (const m of portNumErrors(p.port)) errs.push(fieldErrors.invalid(`${pp}.port`, p.port, m));
    if (!p.protocol) errs.push(fieldErrors.required(`${pp}.protocol`));
    else if (!protocols.includes(p.protocol)) errs.push(fieldErrors.notSupported(`${pp}.protocol`, p.protocol, protocols));
    errs.push(...validatePortNumOrName(p.targetPort, `${pp}.targetPort`));
    if (p.appProtocol) for (const m of isQualifiedName(p.appProtocol)) errs.push(fieldErrors.invalid(`${pp}.appProtocol`, p.appProtocol, m));
    const key = `${p.protocol}/${p.port}`;
    if (seen.has(key)) errs.push(fieldErrors.duplicate(pp, { protocol: p.protocol, port: p.port }));
    seen.add(key);
    if (p.nodePort) {
      for (const m of portNumErrors(p.nodePort)) errs.push(fieldErrors.invalid(`${pp}.nodePort`, p.nodePort, m));
      const nk = `${p.protocol}/${p.nodePort}`;
      if (seenNodePorts.has(nk)) errs.push(fieldErrors.duplicate(`${pp}.nodePort`, p.nodePort));
      seenNodePorts.add(nk);
      if (svc.spec?.type === "ClusterIP") errs.push(fieldErrors.forbidden(`${pp}.nodePort`, "may not be used when `type` is 'ClusterIP'"));
    }
  }
  return errs;
}

/** Upstream's ValidateServiceClusterIPsRelatedFields. */
export function validateClusterIPFields(svc: ServiceObject): FieldError[] {
  const spec = svc.spec ?? {};
  if (spec.type === "ExternalName") return [];
  const errs: FieldError[] = [];
  const ips = spec.clusterIPs ?? [];
  if (spec.clusterIP) {
    if (!ips.length) errs.push(fieldErrors.required("spec.clusterIPs"));
    else if (ips[0] !== spec.clusterIP) errs.push(fieldErrors.invalid("spec.clusterIPs", ips, "first value must match `clusterIP`"));
  } else if (ips.length) {
    errs.push(fieldErrors.invalid("spec.clusterIPs", ips, "must be empty when `clusterIP` is not specified"));
  }
  const seen = new Set<string>();
  for (const [i, fam] of (spec.ipFamilies ?? []).entries()) {
    if (!families.includes(fam)) errs.push(fieldErrors.notSupported(`spec.ipFamilies[${i}]`, fam, families));
    if (seen.has(fam)) errs.push(fieldErrors.duplicate(`spec.ipFamilies[${i}]`, fam));
    seen.add(fam);
  }
  if (spec.ipFamilyPolicy !== undefined && !familyPolicies.includes(spec.ipFamilyPolicy)) {
    errs.push(fieldErrors.notSupported("spec.ipFamilyPolicy", spec.ipFamilyPolicy, familyPolicies));
  }
  let badIPs = false;
  for (const [i, ip] of ips.entries()) {
    if (i === 0 && ip === "None") {
      if (ips.length > 1) {
        badIPs = true;
        errs.push(fieldErrors.invalid("spec.clusterIPs", ips, "'None' must be the first and only value"));
      }
      continue;
    }
    if (!isValidIP(ip)) {
      badIPs = true;
      errs.push(fieldErrors.invalid(`spec.clusterIPs[${i}]`, ip, INVALID_IP_MESSAGE));
    }
  }
  if (ips.length > 2) errs.push(fieldErrors.invalid("spec.clusterIPs", ips, "may only hold up to 2 values"));
  if (badIPs) return errs;
  if (ips.length === 2 && ipFamilyOf(ips[0]) === ipFamilyOf(ips[1])) {
    errs.push(fieldErrors.invalid("spec.clusterIPs", ips, "may specify no more than one IP for each IP family"));
  }
  if (!headless(svc)) {
    for (const [i, ip] of ips.entries()) {
      const fam = spec.ipFamilies?.[i];
      if (!fam) break;
      if (fam === "IPv4" && ipFamilyOf(ip) === "IPv6") errs.push(fieldErrors.invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``));
      if (fam === "IPv6" && ipFamilyOf(ip) !== "IPv6") errs.push(fieldErrors.invalid(`spec.clusterIPs[${i}]`, ip, `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``));
    }
  }
  return errs;
}

export function validateService(svc: ServiceObject): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  if (!(spec.ports ?? []).length && !headless(svc) && spec.type !== "ExternalName") errs.push(fieldErrors.required("spec.ports"));
  if (!spec.type) errs.push(fieldErrors.required("spec.type"));
  else if (!serviceTypes.includes(spec.type)) errs.push(fieldErrors.notSupported("spec.type", spec.type, serviceTypes));
  if (spec.type === "LoadBalancer" && headless(svc)) errs.push(fieldErrors.invalid("spec.clusterIPs[0]", "None", "may not be set to 'None' for LoadBalancer services"));
  if (spec.type === "NodePort" && headless(svc)) errs.push(fieldErrors.invalid("spec.clusterIPs[0]", "None", "may not be set to 'None' for NodePort services"));
  if (spec.type === "ExternalName") {
    if ((spec.clusterIPs ?? []).length) errs.push(fieldErrors.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
    if ((spec.ipFamilies ?? []).length) errs.push(fieldErrors.forbidden("spec.ipFamilies", "may not be set for ExternalName services"));
    if (spec.ipFamilyPolicy !== undefined) errs.push(fieldErrors.forbidden("spec.ipFamilyPolicy", "may not be set for ExternalName services"));
    const cname = (spec.externalName ?? "").replace(/\.$/, "");
    if (cname) for (const m of isDNS1123Subdomain(cname)) errs.push(fieldErrors.invalid("spec.externalName", cname, m));
    else errs.push(fieldErrors.required("spec.externalName"));
  }
  errs.push(...validatePorts(svc));
  errs.push(...validateLabels(spec.selector, "spec.selector"));
  if (!spec.sessionAffinity) errs.push(fieldErrors.required("spec.sessionAffinity"));
  else if (!affinities.includes(spec.sessionAffinity)) errs.push(fieldErrors.notSupported("spec.sessionAffinity", spec.sessionAffinity, affinities));
  if (spec.sessionAffinity === "ClientIP") {
    const t = spec.sessionAffinityConfig?.clientIP?.timeoutSeconds;
    if (t === undefined || t <= 0 || t > MAX_AFFINITY_SECONDS) {
      errs.push(fieldErrors.invalid("spec.sessionAffinityConfig.clientIP.timeoutSeconds", t ?? null, `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`));
    }
  } else if (spec.sessionAffinityConfig) {
    errs.push(fieldErrors.invalid("spec.sessionAffinityConfig", spec.sessionAffinityConfig, `must not be set when session affinity is ${spec.sessionAffinity}`));
  }
  for (const [i, ip] of (spec.externalIPs ?? []).entries()) {
    if (!isValidIP(ip)) errs.push(fieldErrors.invalid(`spec.externalIPs[${i}]`, ip, INVALID_IP_MESSAGE));
  }
  if ((spec.loadBalancerSourceRanges ?? []).length && spec.type !== "LoadBalancer") {
    errs.push(fieldErrors.forbidden("spec.loadBalancerSourceRanges", "may only be used when `type` is 'LoadBalancer'"));
  }
  for (const [i, r] of (spec.loadBalancerSourceRanges ?? []).entries()) {
    if (!isValidCIDR(r.trim())) errs.push(fieldErrors.invalid(`spec.loadBalancerSourceRanges[${i}]`, r, INVALID_CIDR_MESSAGE));
  }
  if (spec.loadBalancerClass !== undefined) {
    if (spec.type !== "LoadBalancer") errs.push(fieldErrors.forbidden("spec.loadBalancerClass", "may only be used when `type` is 'LoadBalancer'"));
    else for (const m of isQualifiedName(spec.loadBalancerClass)) errs.push(fieldErrors.invalid("spec.loadBalancerClass", spec.loadBalancerClass, m));
  }
  if (spec.allocateLoadBalancerNodePorts !== undefined && spec.type !== "LoadBalancer") {
    errs.push(fieldErrors.forbidden("spec.allocateLoadBalancerNodePorts", "may only be used when `type` is 'LoadBalancer'"));
  }
  errs.push(...validateTrafficPolicies(svc));
  errs.push(...validateClusterIPFields(svc));
  return errs;
}

function validateTrafficPolicies(svc: ServiceObject): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  const external = spec.type === "LoadBalancer" || spec.type === "NodePort" || (spec.type === "ClusterIP" && (spec.externalIPs ?? []).length > 0);
  if (external) {
    if (!spec.externalTrafficPolicy) errs.push(fieldErrors.required("spec.externalTrafficPolicy"));
    else if (!trafficPolicies.includes(spec.externalTrafficPolicy)) errs.push(fieldErrors.notSupported("spec.externalTrafficPolicy", spec.externalTrafficPolicy, trafficPolicies));
  } else if (spec.externalTrafficPolicy) {
    errs.push(fieldErrors.invalid("spec.externalTrafficPolicy", spec.externalTrafficPolicy, "may only be set for externally-accessible services"));
  }
  if (spec.healthCheckNodePort && !(spec.type === "LoadBalancer" && spec.externalTrafficPolicy === "Local")) {
    errs.push(fieldErrors.invalid("spec.healthCheckNodePort", spec.healthCheckNodePort, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
  }
  if (spec.type !== "ExternalName") {
    if (!spec.internalTrafficPolicy) errs.push(fieldErrors.required("spec.internalTrafficPolicy"));
    else if (!trafficPolicies.includes(spec.internalTrafficPolicy)) errs.push(fieldErrors.notSupported("spec.internalTrafficPolicy", spec.internalTrafficPolicy, trafficPolicies));
  }
  return errs;
}

export function validateServiceUpdate(svc: ServiceObject, old: ServiceObject): FieldError[] {
  const errs = validateService(svc);
  const spec = svc.spec ?? {};
  const oldSpec = old.spec ?? {};
  if (spec.type !== "ExternalName" && oldSpec.type !== "ExternalName" && !(headless(svc) && headless(old))) {
    const ips = spec.clusterIPs ?? [];
    const oldIPs = oldSpec.clusterIPs ?? [];
    if (ips.length === oldIPs.length) {
      for (const [i, ip] of oldIPs.entries()) if (ip !== ips[i]) errs.push(fieldErrors.invalid(`spec.clusterIPs[${i}]`, ips, "may not change once set"));
    } else if (oldIPs.length > ips.length) {
      if (!ips.length) errs.push(fieldErrors.invalid("spec.clusterIPs[0]", ips, "primary clusterIP can not be unset"));
      else if (ips[0] !== oldIPs[0]) errs.push(fieldErrors.invalid("spec.clusterIPs[0]", ips, "may not change once set"));
      if (ips.length === 1 && spec.ipFamilyPolicy !== "SingleStack") {
        errs.push(fieldErrors.invalid("spec.ipFamilyPolicy", spec.ipFamilyPolicy ?? null, "must be set to 'SingleStack' when releasing the secondary clusterIP"));
      }
    } else if (oldIPs.length && ips[0] !== oldIPs[0]) {
      errs.push(fieldErrors.invalid("spec.clusterIPs[0]", ips, "may not change once set"));
    }
    const fams = spec.ipFamilies ?? [];
    const oldFams = oldSpec.ipFamilies ?? [];
    if (headless(svc) === headless(old) && !headless(svc) && fams.length && oldFams.length && fams[0] !== oldFams[0]) {
      errs.push(fieldErrors.invalid("spec.ipFamilies[0]", fams, "may not change once set"));
    }
  }
  if (oldSpec.type === "LoadBalancer" && spec.type === "LoadBalancer" && oldSpec.loadBalancerClass !== spec.loadBalancerClass) {
    errs.push(fieldErrors.invalid("spec.loadBalancerClass", spec.loadBalancerClass ?? null, "may not change once set"));
  }
  return errs;
}

/** Upstream's ValidateLoadBalancerStatus, for the /status endpoint. */
export function validateServiceStatus(svc: ServiceObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const [i, ing] of (svc.status?.loadBalancer?.ingress ?? []).entries()) {
    const p = `status.loadBalancer.ingress[${i}]`;
    if (ing.ip && !isValidIP(ing.ip)) errs.push(fieldErrors.invalid(`${p}.ip`, ing.ip, INVALID_IP_MESSAGE));
    if (ing.ipMode && !["Proxy", "VIP"].includes(ing.ipMode)) errs.push(fieldErrors.notSupported(`${p}.ipMode`, ing.ipMode, ["Proxy", "VIP"]));
    if (ing.ipMode && !ing.ip) errs.push(fieldErrors.forbidden(`${p}.ipMode`, "may not be specified when `ip` is not set"));
    if (ing.hostname) {
      for (const m of isDNS1123Subdomain(ing.hostname)) errs.push(fieldErrors.invalid(`${p}.hostname`, ing.hostname, m));
      if (isValidIP(ing.hostname)) errs.push(fieldErrors.invalid(`${p}.hostname`, ing.hostname, "must be a DNS name, not an IP address"));
    }
  }
  return errs;
}
