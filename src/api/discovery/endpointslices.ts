import type { EndpointSlice, Endpoint, EndpointPort } from "kubernetes-types/discovery/v1.js";
import { isIP, isIPv4, isIPv6 } from "node:net";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { isDNS1123Label, isDNS1123Subdomain, isQualifiedName } from "../validation/names.js";
import { ageColumn } from "../printers.js";
import { validateImmutable } from "../validation/immutable.js";

export type EndpointSliceObject = EndpointSlice & KubeObject;

/** The label that ties a slice to its Service (`kubectl get endpointslices -l kubernetes.io/service-name=web`). */
export const LABEL_SERVICE_NAME = "kubernetes.io/service-name";
/** The label naming the controller that manages a slice. */
export const LABEL_MANAGED_BY = "endpointslice.kubernetes.io/managed-by";

const ADDRESS_TYPES = ["FQDN", "IPv4", "IPv6"];
const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;

/** Dotted quads with leading zeros: upstream still accepts them, with a warning. */
function isLegacyIPv4(a: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(a) && a.split(".").every((o) => Number(o) <= 255);
}

function validateAddress(addr: string, addressType: string, path: string): FieldError[] {
  if (addressType === "IPv4") {
    return isIPv4(addr) || isLegacyIPv4(addr) ? [] : [fieldErrors.invalid(path, addr, "must be a valid IPv4 address")];
  }
  if (addressType === "IPv6") {
    return isIPv6(addr) ? [] : [fieldErrors.invalid(path, addr, "must be a valid IPv6 address")];
  }
  return isDNS1123Subdomain(addr).map((m) => fieldErrors.invalid(path, addr, m));
}

function validateEndpoints(endpoints: Endpoint[], addressType: string): FieldError[] {
  const errs: FieldError[] = [];
  if (endpoints.length > MAX_ENDPOINTS) errs.push(fieldErrors.tooMany("endpoints", endpoints.length, MAX_ENDPOINTS));
  endpoints.forEach((ep, i) => {
    const p = `endpoints[${i}]`;
    const addrs = ep.addresses ?? [];
    if (addrs.length === 0) errs.push(fieldErrors.required(`${p}.addresses`, "must contain at least 1 address"));
    else if (addrs.length > MAX_ADDRESSES) errs.push(fieldErrors.tooMany(`${p}.addresses`, addrs.length, MAX_ADDRESSES));
    addrs.forEach((a, j) => errs.push(...validateAddress(a, addressType, `${p}.addresses[${j}]`)));
    if (ep.hostname) for (const m of isDNS1123Label(ep.hostname)) errs.push(fieldErrors.invalid(`${p}.hostname`, ep.hostname, m));
    if (ep.nodeName) for (const m of isDNS1123Subdomain(ep.nodeName)) errs.push(fieldErrors.invalid(`${p}.nodeName`, ep.nodeName, m));
    for (const k of Object.keys(ep.deprecatedTopology ?? {})) {
      for (const m of isQualifiedName(k)) errs.push(fieldErrors.invalid(`${p}.deprecatedTopology`, k, m));
    }
  });
  return errs;
}

function validatePorts(ports: EndpointPort[]): FieldError[] {
  const errs: FieldError[] = [];
  if (ports.length > MAX_PORTS) errs.push(fieldErrors.tooMany("ports", ports.length, MAX_PORTS));
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = `ports[${i}]`;
    const name = port.name ?? "";
    if (name) for (const m of isDNS1123Label(name)) errs.push(fieldErrors.invalid(`${p}.name`, name, m));
    if (names.has(name)) errs.push(fieldErrors.duplicate(`${p}.name`, name));
    names.add(name);
    if (port.protocol === undefined) errs.push(fieldErrors.required(`${p}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(fieldErrors.notSupported(`${p}.protocol`, port.protocol, PROTOCOLS));
    if (port.port !== undefined && (port.port < 1 || port.port > 65535)) {
      errs.push(fieldErrors.invalid(`${p}.port`, port.port, "must be between 1 and 65535, inclusive"));
    }
    if (port.appProtocol) for (const m of isQualifiedName(port.appProtocol)) errs.push(fieldErrors.invalid(`${p}.appProtocol`, port.appProtocol, m));
  });
  return errs;
}

function validateSlice(eps: EndpointSliceObject): FieldError[] {
  const errs: FieldError[] = [];
  const t = eps.addressType as string | undefined;
  if (!t) errs.push(fieldErrors.required("addressType"));
  else if (!ADDRESS_TYPES.includes(t)) errs.push(fieldErrors.notSupported("addressType", t, ADDRESS_TYPES));
  errs.push(...validateEndpoints(eps.endpoints ?? [], t ?? ""), ...validatePorts(eps.ports ?? []));
  return errs;
}

/** Upstream's listWithMoreString: up to three entries, then "+ N more...", or "<unset>". */
export function listWithMore(items: string[], max = 3): string {
  if (items.length > max) return `${items.slice(0, max).join(",")} + ${items.length - max} more...`;
  return items.length ? items.join(",") : "<unset>";
}

export function formatSlicePorts(ports: EndpointPort[] | undefined): string {
  return listWithMore((ports ?? []).map((p) => (p.port !== undefined ? String(p.port) : p.name !== undefined ? p.name : "*")));
}

export function formatSliceEndpoints(endpoints: Endpoint[] | undefined): string {
  return listWithMore((endpoints ?? []).flatMap((e) => e.addresses ?? []));
}

/** discovery.k8s.io/v1 EndpointSlice. */
export const endpointslices: ResourceDefinition<EndpointSliceObject> = {
  group: "discovery.k8s.io",
  version: "v1",
  kind: "EndpointSlice",
  plural: "endpointslices",
  singular: "endpointslice",
  namespaced: true,
  schema: "io.k8s.api.discovery.v1.EndpointSlice",
  // Upstream bumps generation whenever anything beyond metadata changes.
  tracksGeneration: true,
  defaults(eps) {
    for (const port of eps.ports ?? []) {
      if (port.name === undefined) port.name = "";
      if (port.protocol === undefined) port.protocol = "TCP";
    }
  },
  validate: (eps) => validateSlice(eps),
  validateUpdate: (eps, old) => [...validateSlice(eps), ...validateImmutable(eps.addressType, old.addressType, "addressType")],
  warnings(eps) {
    // Upstream warns about IPs a parser would read differently (leading zeros).
    const out: string[] = [];
    (eps.endpoints ?? []).forEach((ep, i) =>
      (ep.addresses ?? []).forEach((a, j) => {
        if (eps.addressType === "IPv4" && isIP(a) === 0 && isLegacyIPv4(a)) out.push(`endpoints[${i}].addresses[${j}]: non-standard IP address "${a}" will be considered invalid in a future Kubernetes release`);
      }),
    );
    return out;
  },
  columns: [
    { name: "AddressType", type: "string", description: "addressType specifies the type of address carried by this EndpointSlice.", cell: (e) => e.addressType ?? "" },
    { name: "Ports", type: "string", description: "ports specifies the list of network ports exposed by each endpoint in this slice.", cell: (e) => formatSlicePorts(e.ports) },
    { name: "Endpoints", type: "string", description: "endpoints is a list of unique endpoints in this slice.", cell: (e) => formatSliceEndpoints(e.endpoints) },
    ageColumn<EndpointSliceObject>(),
  ],
};
