import type { Node, Taint } from "kubernetes-types/core/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { isQualifiedName, isValidLabelValue } from "../validation/names.js";
import { canonicalizeResourceList } from "../validation/core-quantity.js";
import { validateResourceList } from "../validation/core-common.js";
import { ipFamilyOf, isValidCIDR, INVALID_CIDR_MESSAGE } from "../validation/core-ip.js";
import { path } from "../validation/field.js";
import { nodeColumns } from "./node-columns.js";
import { nodeProxySubresource } from "./pod-connect.js";

export type NodeObject = Node & KubeObject;

const taintEffects = ["NoSchedule", "PreferNoSchedule", "NoExecute"];

/** Upstream's validateNodeTaints. */
export function validateTaints(taints: readonly Taint[] | undefined, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const [i, t] of (taints ?? []).entries()) {
    const tp = `${p}[${i}]`;
    for (const m of isQualifiedName(t.key ?? "")) errs.push(fieldErrors.invalid(`${tp}.key`, t.key ?? "", m));
    if (t.value) for (const m of isValidLabelValue(t.value)) errs.push(fieldErrors.invalid(`${tp}.value`, t.value, m));
    if (!t.effect) errs.push(fieldErrors.required(`${tp}.effect`));
    else if (!taintEffects.includes(t.effect)) errs.push(fieldErrors.notSupported(`${tp}.effect`, t.effect, taintEffects));
    const key = `${t.effect}\u0000${t.key}`;
    if (seen.has(key)) errs.push({ ...fieldErrors.duplicate(tp, t), detail: "taints must be unique by key and effect pair" });
    seen.add(key);
  }
  return errs;
}

function validateNode(node: NodeObject): FieldError[] {
  const errs = validateTaints(node.spec?.taints, "spec.taints");
  const cidrs = node.spec?.podCIDRs ?? [];
  for (const [i, c] of cidrs.entries()) if (!isValidCIDR(c)) errs.push(fieldErrors.invalid(`spec.podCIDRs[${i}]`, c, INVALID_CIDR_MESSAGE));
  if (cidrs.length > 2 || (cidrs.length === 2 && ipFamilyOf(cidrs[0].split("/")[0]) === ipFamilyOf(cidrs[1].split("/")[0]))) {
    errs.push(fieldErrors.invalid("spec.podCIDRs", cidrs, "may specify no more than one CIDR for each IP family"));
  }
  errs.push(...validateResourceList(node.status?.capacity, path("status", "capacity")));
  errs.push(...validateResourceList(node.status?.allocatable, path("status", "allocatable")));
  return errs;
}

const podCIDRMessage = 'node updates may not change podCIDR except from "" to valid';

function validateNodeUpdate(node: NodeObject, old: NodeObject): FieldError[] {
  const errs = validateNode(node);
  const oldCIDRs = old.spec?.podCIDRs ?? [];
  const cidrs = node.spec?.podCIDRs ?? [];
  if (oldCIDRs.length) {
    if (oldCIDRs.length !== cidrs.length) errs.push(fieldErrors.forbidden("spec.podCIDRs", podCIDRMessage));
    else for (const [i, c] of oldCIDRs.entries()) if (c !== cidrs[i]) errs.push(fieldErrors.forbidden("spec.podCIDRs", podCIDRMessage));
  }
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID) {
    errs.push(fieldErrors.forbidden("spec.providerID", 'node updates may not change providerID except from "" to valid'));
  }
  return errs;
}

export const nodes: ResourceDefinition<NodeObject> = {
  group: "",
  version: "v1",
  kind: "Node",
  plural: "nodes",
  singular: "node",
  namespaced: false,
  shortNames: ["no"],
  schema: "io.k8s.api.core.v1.Node",
  storageName: "minions",
  hasStatus: true,
  subresources: { proxy: nodeProxySubresource },
  tracksGeneration: false,
  defaults(node) {
    const spec = (node.spec ??= {});
    // podCIDR is the first of podCIDRs, as the v1 conversion keeps them.
    if (spec.podCIDR && !(spec.podCIDRs ?? []).length) spec.podCIDRs = [spec.podCIDR];
    if ((spec.podCIDRs ?? []).length) spec.podCIDR = spec.podCIDRs![0];
    const status = node.status as { capacity?: Record<string, string>; allocatable?: Record<string, string> } | undefined;
    if (status) {
      canonicalizeResourceList(status.capacity);
      canonicalizeResourceList(status.allocatable);
      if (status.capacity && !status.allocatable) status.allocatable = { ...status.capacity };
    }
  },
  // Nodes may set their status on create (the kubelet registers itself with it).
  prepareForCreate(node) {
    delete node.spec?.configSource;
  },
  validate: (node) => validateNode(node),
  validateUpdate: (node, old) => validateNodeUpdate(node, old),
  validateStatusUpdate: (node, old) => validateNodeUpdate(node, old),
  columns: nodeColumns,
  selectableFields: (node) => ({ "spec.unschedulable": String(node.spec?.unschedulable === true) }),
  // Upstream's NodeNameTriggerFunc: each kubelet watches its own Node by name, and is not asked about every other node's updates.
  watchTriggerField: "metadata.name",
};
