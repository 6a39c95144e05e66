/**
 * securitygroups.network.skiff.dev/v1 SecurityGroup: a cloud security group
 * around the cluster's nodes. A node belongs to every group whose
 * nodeSelector selects it; a packet enters a node only if an Ingress rule
 * of one of its groups allows it, and leaves one only if an Egress rule
 * does. Groups are stateful: replies are always allowed. A rule's peer is
 * a CIDR or another group (its member nodes' addresses).
 *
 *   apiVersion: network.skiff.dev/v1
 *   kind: SecurityGroup
 *   metadata: {name: default}
 *   spec:
 *     nodeSelector: {}            # every node
 *     rules:
 *     - {direction: Ingress, protocol: TCP, ports: "10250", cidr: 192.168.1.10/32, description: API server to kubelets}
 *     - {direction: Ingress, protocol: All, group: default}
 */
import type { LabelSelector } from "kubernetes-types/meta/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { age } from "../printers.js";
import { fieldErrors, FieldPath, type FieldError } from "../validation/field.js";
import { isValidCIDR, INVALID_CIDR_MESSAGE } from "../validation/core-ip.js";
import { isDNS1123Subdomain } from "../validation/names.js";
import { isValidSelector, selectorString, validateLabelSelector } from "../validation/label-selector.js";

export const DIRECTIONS = ["Ingress", "Egress"] as const;
export const RULE_PROTOCOLS = ["TCP", "UDP", "SCTP", "ICMP", "All"] as const;
export type RuleProtocol = (typeof RULE_PROTOCOLS)[number];

export interface SecurityGroupRule {
  direction: (typeof DIRECTIONS)[number];
  protocol: RuleProtocol;
  /** "443" or "30000-32767"; absent: every port. Only for TCP, UDP and SCTP. */
  ports?: string;
  /** The peer: the source of Ingress, the destination of Egress. One of cidr or group. */
  cidr?: string;
  /** The peer as a group: the addresses of the nodes that group selects. */
  group?: string;
  description?: string;
}

export interface SecurityGroupSpec {
  /** The nodes the group applies to; empty or absent: every node. */
  nodeSelector?: LabelSelector;
  rules?: SecurityGroupRule[];
}

export type SecurityGroupObject = KubeObject & { spec: SecurityGroupSpec };

/** "80" -> {80, 80}; "30000-32767" -> {30000, 32767}; undefined when malformed. */
export function parsePortRange(text: string): { from: number; to: number } | undefined {
  const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(text);
  if (!m) return undefined;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  return from >= 1 && to <= 65535 && from <= to ? { from, to } : undefined;
}

function validateRule(rule: SecurityGroupRule, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!rule.direction) errs.push(fieldErrors.required(at.child("direction"), ""));
  else if (!DIRECTIONS.includes(rule.direction)) errs.push(fieldErrors.notSupported(at.child("direction"), rule.direction, DIRECTIONS));
  if (!rule.protocol) errs.push(fieldErrors.required(at.child("protocol"), ""));
  else if (!RULE_PROTOCOLS.includes(rule.protocol)) errs.push(fieldErrors.notSupported(at.child("protocol"), rule.protocol, RULE_PROTOCOLS));
  if (rule.ports !== undefined) {
    if (rule.protocol === "ICMP" || rule.protocol === "All") errs.push(fieldErrors.forbidden(at.child("ports"), `may not be set when protocol is ${rule.protocol}`));
    else if (!parsePortRange(rule.ports)) errs.push(fieldErrors.invalid(at.child("ports"), rule.ports, 'must be a port or a range of ports between 1 and 65535, such as "443" or "30000-32767"'));
  }
  if (rule.cidr === undefined && rule.group === undefined) errs.push(fieldErrors.required(at.child("cidr"), "one of cidr or group is required"));
  if (rule.cidr !== undefined && rule.group !== undefined) errs.push(fieldErrors.forbidden(at.child("group"), "may not be set together with cidr"));
  if (rule.cidr !== undefined && !isValidCIDR(rule.cidr)) errs.push(fieldErrors.invalid(at.child("cidr"), rule.cidr, INVALID_CIDR_MESSAGE));
  if (rule.group !== undefined) for (const msg of isDNS1123Subdomain(rule.group)) errs.push(fieldErrors.invalid(at.child("group"), rule.group, msg));
  return errs;
}

function validate(sg: SecurityGroupObject): FieldError[] {
  const spec = sg.spec;
  if (!spec) return [fieldErrors.required("spec", "")];
  const errs = validateLabelSelector(spec.nodeSelector, "spec.nodeSelector");
  (spec.rules ?? []).forEach((rule, i) => errs.push(...validateRule(rule, FieldPath.root("spec").child("rules").index(i))));
  return errs;
}

const count = (sg: SecurityGroupObject, direction: string) => (sg.spec?.rules ?? []).filter((r) => r.direction === direction).length;

export const securityGroups: ResourceDefinition<SecurityGroupObject> = {
  group: "network.skiff.dev",
  version: "v1",
  kind: "SecurityGroup",
  plural: "securitygroups",
  singular: "securitygroup",
  shortNames: ["sg"],
  namespaced: false,
  schema: "dev.skiff.network.v1.SecurityGroup",
  validate,
  validateUpdate: (sg) => validate(sg),
  columns: [
    { name: "Nodes", type: "string", description: "The nodes the group applies to, as a label selector.", cell: (sg) => (isValidSelector(sg.spec?.nodeSelector) ? selectorString(sg.spec?.nodeSelector) : "<error>") || "<all>" },
    { name: "Ingress", type: "integer", description: "Number of ingress rules.", cell: (sg) => count(sg, "Ingress") },
    { name: "Egress", type: "integer", description: "Number of egress rules.", cell: (sg) => count(sg, "Egress") },
    { name: "Age", type: "string", description: "Time since the group was created.", cell: (sg, ctx) => age(sg.metadata.creationTimestamp, ctx.now) },
  ],
};
