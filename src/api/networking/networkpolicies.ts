import type { NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec } from "kubernetes-types/networking/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { ageColumn } from "../printers.js";
import { formatLabelSelector, validateLabelSelector } from "../validation/label-selector.js";
import { isStrictSubset, parseCIDR } from "./cidr.js";
import { portNameErrors, portNumErrors } from "../validation/ports.js";

export type NetworkPolicyObject = NetworkPolicy & KubeObject;

const PROTOCOLS = ["SCTP", "TCP", "UDP"];
const POLICY_TYPES = ["Ingress", "Egress"];
const CIDR_MESSAGE = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

/** Upstream's v1 defaults: TCP ports, and policyTypes inferred from the rules given. */
export function defaultNetworkPolicy(np: NetworkPolicyObject): void {
  const spec = (np.spec ??= { podSelector: {} });
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])]) {
    for (const port of rule.ports ?? []) if (port.protocol === undefined) port.protocol = "TCP";
  }
  if (!spec.policyTypes || spec.policyTypes.length === 0) {
    spec.policyTypes = ["Ingress"];
    if ((spec.egress ?? []).length) spec.policyTypes.push("Egress");
  }
}

function validatePort(port: NetworkPolicyPort, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) errs.push(fieldErrors.notSupported(`${path}.protocol`, port.protocol, PROTOCOLS));
  if (port.port === undefined) {
    if (port.endPort !== undefined) errs.push(fieldErrors.invalid(`${path}.endPort`, port.endPort, "may not be specified when `port` is not specified"));
  } else if (typeof port.port === "number") {
    for (const m of portNumErrors(port.port)) errs.push(fieldErrors.invalid(`${path}.port`, port.port, m));
    if (port.endPort !== undefined) {
      if (port.endPort < port.port) errs.push(fieldErrors.invalid(`${path}.endPort`, port.endPort, "must be greater than or equal to `port`"));
      for (const m of portNumErrors(port.endPort)) errs.push(fieldErrors.invalid(`${path}.endPort`, port.endPort, m));
    }
  } else {
    if (port.endPort !== undefined) errs.push(fieldErrors.invalid(`${path}.endPort`, port.endPort, "may not be specified when `port` is non-numeric"));
    for (const m of portNameErrors(port.port)) errs.push(fieldErrors.invalid(`${path}.port`, port.port, m));
  }
  return errs;
}

function validatePeer(peer: NetworkPolicyPeer, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  if (peer.podSelector) {
    peers++;
    errs.push(...validateLabelSelector(peer.podSelector, `${path}.podSelector`));
  }
  if (peer.namespaceSelector) {
    peers++;
    errs.push(...validateLabelSelector(peer.namespaceSelector, `${path}.namespaceSelector`));
  }
  if (peer.ipBlock) {
    peers++;
    const block = peer.ipBlock;
    const cidr = block.cidr ? parseCIDR(block.cidr) : undefined;
    if (!block.cidr) errs.push(fieldErrors.required(`${path}.ipBlock.cidr`));
    else if (!cidr) errs.push(fieldErrors.invalid(`${path}.ipBlock.cidr`, block.cidr, CIDR_MESSAGE));
    (block.except ?? []).forEach((e, i) => {
      const ex = parseCIDR(e);
      if (!ex) errs.push(fieldErrors.invalid(`${path}.ipBlock.except[${i}]`, e, CIDR_MESSAGE));
      else if (cidr && !isStrictSubset(ex, cidr)) errs.push(fieldErrors.invalid(`${path}.ipBlock.except[${i}]`, e, "must be a strict subset of `cidr`"));
    });
  }
  if (peers === 0) errs.push(fieldErrors.required(path, "must specify a peer"));
  else if (peers > 1 && peer.ipBlock) errs.push(fieldErrors.forbidden(path, "may not specify both ipBlock and another peer"));
  return errs;
}

function validateSpec(np: NetworkPolicyObject): FieldError[] {
  const spec: Partial<NetworkPolicySpec> = np.spec ?? {};
  const errs: FieldError[] = [...validateLabelSelector(spec.podSelector, "spec.podSelector")];
  (spec.ingress ?? []).forEach((rule, i) => {
    (rule.ports ?? []).forEach((p, j) => errs.push(...validatePort(p, `spec.ingress[${i}].ports[${j}]`)));
    (rule.from ?? []).forEach((p, j) => errs.push(...validatePeer(p, `spec.ingress[${i}].from[${j}]`)));
  });
  (spec.egress ?? []).forEach((rule, i) => {
    (rule.ports ?? []).forEach((p, j) => errs.push(...validatePort(p, `spec.egress[${i}].ports[${j}]`)));
    (rule.to ?? []).forEach((p, j) => errs.push(...validatePeer(p, `spec.egress[${i}].to[${j}]`)));
  });
  const types = spec.policyTypes ?? [];
  types.forEach((t, i) => {
    if (!POLICY_TYPES.includes(t)) errs.push(fieldErrors.notSupported(`spec.policyTypes[${i}]`, t, POLICY_TYPES));
  });
  if (types.length > POLICY_TYPES.length) errs.push(fieldErrors.forbidden("spec.policyTypes", "may not specify more than two policyTypes"));
  return errs;
}

/** networking.k8s.io/v1 NetworkPolicy. */
export const networkpolicies: ResourceDefinition<NetworkPolicyObject> = {
  group: "networking.k8s.io",
  version: "v1",
  kind: "NetworkPolicy",
  plural: "networkpolicies",
  singular: "networkpolicy",
  namespaced: true,
  shortNames: ["netpol"],
  schema: "io.k8s.api.networking.v1.NetworkPolicy",
  tracksGeneration: true,
  defaults: defaultNetworkPolicy,
  validate: (np) => validateSpec(np),
  validateUpdate: (np) => validateSpec(np),
  columns: [
    { name: "Pod-Selector", type: "string", description: "Selects the pods to which this NetworkPolicy object applies.", cell: (np) => formatLabelSelector(np.spec?.podSelector) },
    ageColumn<NetworkPolicyObject>(),
  ],
};
