/**
 * faults.chaos.skiff.dev/v1 Fault: a fault injected into a component, as an
 * API object so that every component (in any process) sees it through its
 * informers, and `kubectl delete fault` heals it.
 *
 *   apiVersion: chaos.skiff.dev/v1
 *   kind: Fault
 *   metadata: {name: node-1-hang}
 *   spec: {type: RuntimeHang, target: node-1, duration: 5m}
 *
 * Node faults (NODE_FAULT_TYPES) are enacted by the kubelet of the node
 * named in spec.target. Cluster faults (CLUSTER_FAULT_TYPES) are enacted
 * by the fault controller of the controller manager, which records what it
 * changed in status.message and status.restore and puts it back when the
 * Fault is deleted (its finalizer holds the deletion until then).
 */
import type { KubeObject, ResourceDefinition } from "../types.js";
import { age } from "../printers.js";
import { fieldErrors, FieldPath, type FieldError } from "../validation/field.js";
import { DIRECTIONS, RULE_PROTOCOLS, type SecurityGroupRule } from "../network/security-groups.js";
import { isValidCIDR, INVALID_CIDR_MESSAGE } from "../validation/core-ip.js";

export const NODE_FAULT_TYPES = ["NodeHeartbeatStop", "RuntimeHang", "RuntimeSlow", "UnkillableProcess", "CNIHang", "RegistryAuth"] as const;
export const REGISTRY_FAULT_REASONS = ["Unauthorized", "Unreachable"] as const;
export const CLUSTER_FAULT_TYPES = ["RouteLoss", "SecurityGroupRule", "ServiceRecreate"] as const;
/** Enacted by kube-proxy (the sim nodes' shared one). */
export const PROXY_FAULT_TYPES = ["SlowNodeAddresses"] as const;
export const FAULT_TYPES = [...NODE_FAULT_TYPES, ...CLUSTER_FAULT_TYPES, ...PROXY_FAULT_TYPES] as const;
/** SlowNodeAddresses: the CPU each enumeration costs unless spec.delay says otherwise. */
export const DEFAULT_ADDRESS_ENUMERATION_MS = 250;
export type FaultType = (typeof FAULT_TYPES)[number];

/** SecurityGroupRule presets, one per case of the security-group incident (S4). */
export const SECURITY_GROUP_PRESETS = ["KubeletPort", "PodCIDRIngress"] as const;
export type SecurityGroupPreset = (typeof SECURITY_GROUP_PRESETS)[number];
export const RULE_ACTIONS = ["Remove", "Add"] as const;

export interface FaultSpec {
  type: FaultType;
  /**
   * What the fault hits: a node name for node faults and RouteLoss (default:
   * the node of metrics-server's pod), "namespace/name" of a Service for
   * ServiceRecreate (default kube-system/kube-dns), a SecurityGroup's name
   * for SecurityGroupRule (default "default").
   */
  target?: string;
  /** Go duration ("90s", "5m"); the fault ends by itself after it. */
  duration?: string;
  /** RuntimeSlow: delay added to every runtime call; SlowNodeAddresses: CPU each address enumeration costs (250ms). */
  delay?: string;
  /** UnkillableProcess: the pod ("namespace/name", on the target node) whose containers survive SIGKILL. */
  pod?: string;
  /** RegistryAuth: the registry host whose pulls fail on the target node (default: every registry). */
  registry?: string;
  /** RegistryAuth: Unauthorized (the credentials are refused, 401) or Unreachable (the registry cannot be reached). */
  reason?: (typeof REGISTRY_FAULT_REASONS)[number];
  /** SecurityGroupRule: which rules to remove (KubeletPort: the API server's to the kubelets; PodCIDRIngress: the pod network's). */
  preset?: SecurityGroupPreset;
  /** SecurityGroupRule without a preset: Remove the rules equal to rule, or Add it. */
  action?: (typeof RULE_ACTIONS)[number];
  rule?: SecurityGroupRule;
}

/** What a cluster fault changed, so that deleting the Fault can put it back. */
export interface FaultRestore {
  /** ServiceRecreate: the Service's original addresses. */
  service?: { namespace: string; name: string; clusterIP?: string; clusterIPs?: string[] };
  /** SecurityGroupRule: the group and the rules taken out or put in. */
  securityGroup?: { name: string; removed: SecurityGroupRule[]; added: SecurityGroupRule[] };
  /** RouteLoss: the route deleted (the route controller recreates it once the Fault is gone). */
  route?: { name: string; targetNode: string; destinationCIDR: string };
}

export interface FaultStatus {
  phase?: "Pending" | "Active" | "Ended" | "Failed";
  startTime?: string;
  endTime?: string;
  /** What the fault did, for people. */
  message?: string;
  restore?: FaultRestore;
}

export type FaultObject = KubeObject & { spec: FaultSpec; status?: FaultStatus };

/** The finalizer under which the fault controller restores what a cluster fault changed. */
export const FAULT_FINALIZER = "chaos.skiff.dev/restore";

const durationRe = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

export function isNodeFault(type: string | undefined): boolean {
  return (NODE_FAULT_TYPES as readonly string[]).includes(type ?? "");
}

export function isClusterFault(type: string | undefined): boolean {
  return (CLUSTER_FAULT_TYPES as readonly string[]).includes(type ?? "");
}

/** The CPU an address enumeration costs under the SlowNodeAddresses faults in force; undefined: none (cached addresses). */
export function slowNodeAddressesMs(all: readonly FaultObject[]): number | undefined {
  const slow = all.filter((f) => f.spec?.type === "SlowNodeAddresses" && !f.metadata.deletionTimestamp && f.status?.phase !== "Ended");
  if (!slow.length) return undefined;
  return Math.max(...slow.map((f) => parseGoDurationMs(f.spec.delay) ?? DEFAULT_ADDRESS_ENUMERATION_MS));
}

/** "250ms", "1s", "1m30s" in ms; undefined when absent or malformed. */
function parseGoDurationMs(text: string | undefined): number | undefined {
  if (!text || !durationRe.test(text)) return undefined;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let ms = 0;
  for (const m of text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * unit[m[2]];
  return ms;
}

function validateRule(rule: SecurityGroupRule, at: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (!rule.direction) errs.push(fieldErrors.required(at.child("direction"), ""));
  else if (!DIRECTIONS.includes(rule.direction)) errs.push(fieldErrors.notSupported(at.child("direction"), rule.direction, DIRECTIONS));
  if (!rule.protocol) errs.push(fieldErrors.required(at.child("protocol"), ""));
  else if (!RULE_PROTOCOLS.includes(rule.protocol)) errs.push(fieldErrors.notSupported(at.child("protocol"), rule.protocol, RULE_PROTOCOLS));
  if (rule.cidr === undefined && rule.group === undefined) errs.push(fieldErrors.required(at.child("cidr"), "one of cidr or group is required"));
  if (rule.cidr !== undefined && !isValidCIDR(rule.cidr)) errs.push(fieldErrors.invalid(at.child("cidr"), rule.cidr, INVALID_CIDR_MESSAGE));
  return errs;
}

function validate(f: FaultObject): FieldError[] {
  const errs: FieldError[] = [];
  const spec = f.spec;
  if (!spec) return [fieldErrors.required("spec", "")];
  if (!spec.type) errs.push(fieldErrors.required("spec.type", ""));
  else if (!FAULT_TYPES.includes(spec.type)) errs.push(fieldErrors.notSupported("spec.type", spec.type, FAULT_TYPES));
  if (!spec.target && isNodeFault(spec.type)) errs.push(fieldErrors.required("spec.target", "the node the fault hits"));
  if (spec.target && spec.type === "ServiceRecreate" && !/^[^/]+\/[^/]+$/.test(spec.target)) errs.push(fieldErrors.invalid("spec.target", spec.target, "must be a Service as namespace/name"));
  if (spec.duration !== undefined && !durationRe.test(spec.duration)) errs.push(fieldErrors.invalid("spec.duration", spec.duration, "must be a duration such as 90s or 5m"));
  if (spec.delay !== undefined && !durationRe.test(spec.delay)) errs.push(fieldErrors.invalid("spec.delay", spec.delay, "must be a duration such as 500ms or 10s"));
  if (spec.type === "SecurityGroupRule") {
    if (spec.preset !== undefined && !SECURITY_GROUP_PRESETS.includes(spec.preset)) errs.push(fieldErrors.notSupported("spec.preset", spec.preset, SECURITY_GROUP_PRESETS));
    if (spec.preset === undefined && spec.rule === undefined) errs.push(fieldErrors.required("spec.preset", "one of preset or rule is required"));
    if (spec.preset !== undefined && spec.rule !== undefined) errs.push(fieldErrors.forbidden("spec.rule", "may not be set together with preset"));
    if (spec.rule !== undefined) errs.push(...validateRule(spec.rule, FieldPath.root("spec").child("rule")));
    if (spec.action !== undefined && !RULE_ACTIONS.includes(spec.action)) errs.push(fieldErrors.notSupported("spec.action", spec.action, RULE_ACTIONS));
    if (spec.action !== undefined && spec.rule === undefined) errs.push(fieldErrors.forbidden("spec.action", "applies to spec.rule only"));
  } else {
    for (const field of ["preset", "action", "rule"] as const) if (spec[field] !== undefined) errs.push(fieldErrors.forbidden(`spec.${field}`, "may only be set when type is SecurityGroupRule"));
  }
  if (spec.type === "UnkillableProcess" && !spec.pod) errs.push(fieldErrors.required("spec.pod", "the pod whose containers survive SIGKILL, as namespace/name"));
  if (spec.pod !== undefined && spec.type !== "UnkillableProcess") errs.push(fieldErrors.forbidden("spec.pod", "may only be set when type is UnkillableProcess"));
  if (spec.pod && !/^[^/]+\/[^/]+$/.test(spec.pod)) errs.push(fieldErrors.invalid("spec.pod", spec.pod, "must be a pod as namespace/name"));
  for (const field of ["registry", "reason"] as const) if (spec[field] !== undefined && spec.type !== "RegistryAuth") errs.push(fieldErrors.forbidden(`spec.${field}`, "may only be set when type is RegistryAuth"));
  if (spec.reason !== undefined && !REGISTRY_FAULT_REASONS.includes(spec.reason)) errs.push(fieldErrors.notSupported("spec.reason", spec.reason, REGISTRY_FAULT_REASONS));
  if (spec.delay !== undefined && spec.type !== "RuntimeSlow" && spec.type !== "SlowNodeAddresses") errs.push(fieldErrors.forbidden("spec.delay", "may only be set when type is RuntimeSlow or SlowNodeAddresses"));
  return errs;
}

function validateUpdate(f: FaultObject, old: FaultObject): FieldError[] {
  const errs = validate(f);
  // A fault's changes are recorded against its spec: changing it would leave them unrestorable.
  if (old?.spec && JSON.stringify(f.spec) !== JSON.stringify(old.spec)) errs.push(fieldErrors.invalid("spec", "", "field is immutable"));
  return errs;
}

export const faults: ResourceDefinition<FaultObject> = {
  group: "chaos.skiff.dev",
  version: "v1",
  kind: "Fault",
  plural: "faults",
  singular: "fault",
  namespaced: false,
  schema: "dev.skiff.chaos.v1.Fault",
  hasStatus: true,
  validate,
  validateUpdate,
  columns: [
    { name: "Type", type: "string", description: "The kind of fault.", cell: (f) => f.spec?.type ?? "" },
    { name: "Target", type: "string", description: "What the fault hits.", cell: (f) => f.spec?.target ?? "<default>" },
    { name: "Phase", type: "string", description: "Pending, Active, Ended or Failed.", cell: (f) => f.status?.phase ?? "" },
    { name: "Duration", type: "string", description: "How long the fault lasts; <none> until deleted.", cell: (f) => f.spec?.duration ?? "<none>" },
    { name: "Age", type: "string", description: "Time since the fault was created.", cell: (f, ctx) => age(f.metadata.creationTimestamp, ctx.now) },
    { name: "Message", type: "string", priority: 1, description: "What the fault did.", cell: (f) => f.status?.message ?? "" },
  ],
  selectableFields: (f) => ({ "spec.type": f.spec?.type ?? "", "spec.target": f.spec?.target ?? "" }),
};
