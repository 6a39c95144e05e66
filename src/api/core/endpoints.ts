import type { Endpoints } from "kubernetes-types/core/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { isDNS1123Label } from "../validation/names.js";
import { isValidIP, joinHostPort, INVALID_IP_MESSAGE } from "../validation/core-ip.js";
import { validateDNS1123Label } from "../validation/labels.js";
import { ageColumn } from "../printers.js";
import { portNumErrors } from "../validation/ports.js";

export type EndpointsObject = Endpoints & KubeObject;

const protocols = ["SCTP", "TCP", "UDP"];

function validateAddress(addr: { ip?: string; hostname?: string; nodeName?: string }, p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!addr.ip || !isValidIP(addr.ip)) errs.push(fieldErrors.invalid(`${p}.ip`, addr.ip ?? "", INVALID_IP_MESSAGE));
  if (addr.hostname) for (const m of isDNS1123Label(addr.hostname)) errs.push(fieldErrors.invalid(`${p}.hostname`, addr.hostname, m));
  return errs;
}

/** Upstream's validateEndpointSubsets. */
export function validateEndpoints(ep: EndpointsObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const [i, ss] of (ep.subsets ?? []).entries()) {
    const p = `subsets[${i}]`;
    if (!(ss.addresses ?? []).length && !(ss.notReadyAddresses ?? []).length) {
      errs.push(fieldErrors.required(`${p}`, "must specify `addresses` or `notReadyAddresses`"));
    }
    for (const [j, a] of (ss.addresses ?? []).entries()) errs.push(...validateAddress(a, `${p}.addresses[${j}]`));
    for (const [j, a] of (ss.notReadyAddresses ?? []).entries()) errs.push(...validateAddress(a, `${p}.notReadyAddresses[${j}]`));
    const ports = ss.ports ?? [];
    for (const [j, port] of ports.entries()) {
      const pp = `${p}.ports[${j}]`;
      if (ports.length > 1 && !port.name) errs.push(fieldErrors.required(`${pp}.name`));
      else if (port.name) errs.push(...validateDNS1123Label(port.name, `${pp}.name`));
      for (const m of portNumErrors(port.port)) errs.push(fieldErrors.invalid(`${pp}.port`, port.port, m));
      if (!port.protocol) errs.push(fieldErrors.required(`${pp}.protocol`));
      else if (!protocols.includes(port.protocol)) errs.push(fieldErrors.notSupported(`${pp}.protocol`, port.protocol, protocols));
    }
  }
  return errs;
}

/** Upstream's formatEndpoints: up to three host:port pairs, then " + N more...". */
export function formatEndpoints(ep: EndpointsObject): string {
  const subsets = ep.subsets ?? [];
  if (!subsets.length) return "<none>";
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    if (!(ss.ports ?? []).length) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(a.ip);
      }
      continue;
    }
    for (const port of ss.ports ?? []) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === max) {
          more = true;
          break;
        }
        list.push(joinHostPort(a.ip, port.port));
      }
    }
  }
  const joined = list.join(",");
  return more ? `${joined} + ${count - max} more...` : joined;
}

export const endpoints: ResourceDefinition<EndpointsObject> = {
  group: "",
  version: "v1",
  kind: "Endpoints",
  plural: "endpoints",
  singular: "endpoints",
  namespaced: true,
  shortNames: ["ep"],
  schema: "io.k8s.api.core.v1.Endpoints",
  tracksGeneration: false,
  defaults(ep) {
    for (const ss of ep.subsets ?? []) for (const p of ss.ports ?? []) if (!p.protocol) p.protocol = "TCP";
  },
  validate: (ep) => validateEndpoints(ep),
  validateUpdate: (ep) => validateEndpoints(ep),
  deprecationWarning: "v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice",
  columns: [
    { name: "Endpoints", type: "string", description: "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service.", cell: formatEndpoints },
    ageColumn<EndpointsObject>(),
  ],
};
