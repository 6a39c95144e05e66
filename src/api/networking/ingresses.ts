import type { Ingress, IngressBackend } from "kubernetes-types/networking/v1.js";
import { isIP } from "node:net";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { isDNS1035Label, isDNS1123Subdomain } from "../validation/names.js";
import { ageColumn } from "../printers.js";
import { portNameErrors, portNumErrors } from "../validation/ports.js";

export type IngressObject = Ingress & KubeObject;

const PATH_TYPES = ["Exact", "ImplementationSpecific", "Prefix"];

function hostErrors(host: string, path: string): FieldError[] {
  if (isIP(host)) return [fieldErrors.invalid(path, host, "must be a DNS name, not an IP address")];
  if (host.startsWith("*.")) {
    return isDNS1123Subdomain(host.slice(2)).map(() =>
      fieldErrors.invalid(path, host, "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"),
    ).slice(0, 1);
  }
  return isDNS1123Subdomain(host).map((m) => fieldErrors.invalid(path, host, m));
}

function validateBackend(b: IngressBackend, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (b.resource && b.service) return [fieldErrors.invalid(path, "", "cannot set both resource and service backends")];
  if (b.resource) {
    if (!b.resource.kind) errs.push(fieldErrors.required(`${path}.resource.kind`));
    if (!b.resource.name) errs.push(fieldErrors.required(`${path}.resource.name`));
    return errs;
  }
  if (!b.service) return [fieldErrors.invalid(path, "", "resource or service backend is required")];
  const svc = b.service;
  if (!svc.name) errs.push(fieldErrors.required(`${path}.service.name`));
  else for (const m of isDNS1035Label(svc.name)) errs.push(fieldErrors.invalid(`${path}.service.name`, svc.name, m));
  const portName = svc.port?.name ?? "";
  const portNumber = svc.port?.number ?? 0;
  if (portName && portNumber) errs.push(fieldErrors.invalid(`${path}.service.port`, "", "cannot set both port name & port number"));
  else if (portName) for (const m of portNameErrors(portName)) errs.push(fieldErrors.invalid(`${path}.service.port.name`, portName, m));
  else if (portNumber) for (const m of portNumErrors(portNumber)) errs.push(fieldErrors.invalid(`${path}.service.port.number`, portNumber, m));
  else errs.push(fieldErrors.required(`${path}.service.port`, "port name or number is required"));
  return errs;
}

function validateSpec(ing: IngressObject): FieldError[] {
  const spec = ing.spec ?? {};
  const errs: FieldError[] = [];
  const rules = spec.rules ?? [];
  if (rules.length === 0 && !spec.defaultBackend) errs.push(fieldErrors.invalid("spec", spec.rules ?? null, "either `defaultBackend` or `rules` must be specified"));
  if (spec.defaultBackend) errs.push(...validateBackend(spec.defaultBackend, "spec.defaultBackend"));
  rules.forEach((rule, i) => {
    const p = `spec.rules[${i}]`;
    if (rule.host) errs.push(...hostErrors(rule.host, `${p}.host`));
    if (!rule.http) return;
    const paths = rule.http.paths ?? [];
    if (paths.length === 0) errs.push(fieldErrors.required(`${p}.http.paths`));
    paths.forEach((hp, j) => {
      const pp = `${p}.http.paths[${j}]`;
      if (!hp.pathType) errs.push(fieldErrors.required(`${pp}.pathType`, "pathType must be specified"));
      else if (!PATH_TYPES.includes(hp.pathType)) errs.push(fieldErrors.notSupported(`${pp}.pathType`, hp.pathType, PATH_TYPES));
      const absoluteRequired = hp.pathType === "Exact" || hp.pathType === "Prefix" || !!hp.path;
      if (absoluteRequired && !(hp.path ?? "").startsWith("/")) errs.push(fieldErrors.invalid(`${pp}.path`, hp.path ?? "", "must be an absolute path"));
      errs.push(...validateBackend(hp.backend ?? {}, `${pp}.backend`));
    });
  });
  (spec.tls ?? []).forEach((tls, i) => {
    (tls.hosts ?? []).forEach((h, j) => errs.push(...hostErrors(h, `spec.tls[${i}].hosts[${j}]`)));
    if (tls.secretName) for (const m of isDNS1123Subdomain(tls.secretName)) errs.push(fieldErrors.invalid(`spec.tls[${i}].secretName`, tls.secretName, m));
  });
  if (spec.ingressClassName) for (const m of isDNS1123Subdomain(spec.ingressClassName)) errs.push(fieldErrors.invalid("spec.ingressClassName", spec.ingressClassName, m));
  return errs;
}

function validateStatus(ing: IngressObject): FieldError[] {
  const errs: FieldError[] = [];
  (ing.status?.loadBalancer?.ingress ?? []).forEach((lb, i) => {
    if (lb.ip && !isIP(lb.ip)) errs.push(fieldErrors.invalid(`status.loadBalancer.ingress[${i}].ip`, lb.ip, "must be a valid IP address"));
    if (lb.hostname && isIP(lb.hostname)) errs.push(fieldErrors.invalid(`status.loadBalancer.ingress[${i}].hostname`, lb.hostname, "must be a DNS name, not an IP address"));
  });
  return errs;
}

/** Upstream's formatHosts: the first three hosts, "*" when none. */
export function formatIngressHosts(ing: IngressObject): string {
  const rules = ing.spec?.rules ?? [];
  const max = 3;
  const hosts: string[] = [];
  let more = false;
  for (const r of rules) {
    if (hosts.length === max) more = true;
    if (!more && r.host) hosts.push(r.host);
  }
  if (hosts.length === 0) return "*";
  return more ? `${hosts.join(",")} + ${rules.length - max} more...` : hosts.join(",");
}

/** Load-balancer IPs or hostnames, sorted and de-duplicated; never clipped, as the server prints wide. */
export function formatIngressAddress(ing: IngressObject): string {
  const set = new Set<string>();
  for (const lb of ing.status?.loadBalancer?.ingress ?? []) {
    if (lb.ip) set.add(lb.ip);
    else if (lb.hostname) set.add(lb.hostname);
  }
  return [...set].sort().join(",");
}

/** networking.k8s.io/v1 Ingress. */
export const ingresses: ResourceDefinition<IngressObject> = {
  group: "networking.k8s.io",
  version: "v1",
  kind: "Ingress",
  plural: "ingresses",
  singular: "ingress",
  namespaced: true,
  shortNames: ["ing"],
  schema: "io.k8s.api.networking.v1.Ingress",
  hasStatus: true,
  tracksGeneration: true,
  prepareForCreate(ing) {
    ing.status = {};
  },
  validate: (ing) => validateSpec(ing),
  validateUpdate: (ing) => validateSpec(ing),
  validateStatusUpdate: (ing) => validateStatus(ing),
  columns: [
    { name: "Class", type: "string", description: "The name of the IngressClass resource that should be used for additional configuration", cell: (i) => i.spec?.ingressClassName ?? "<none>" },
    { name: "Hosts", type: "string", description: "Hosts that incoming requests are matched against before the ingress rule", cell: formatIngressHosts },
    { name: "Address", type: "string", description: "Address is a list containing ingress points for the load-balancer", cell: formatIngressAddress },
    { name: "Ports", type: "string", description: "Ports of TLS configurations that open", cell: (i) => ((i.spec?.tls ?? []).length ? "80, 443" : "80") },
    ageColumn<IngressObject>(),
  ],
};
