import type { PriorityClass } from "kubernetes-types/scheduling/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { ageColumn } from "../printers.js";
import { validateImmutable } from "../validation/immutable.js";

export type PriorityClassObject = PriorityClass & KubeObject;

export const SYSTEM_PRIORITY_CLASS_PREFIX = "system-";
/** The highest value a class outside the reserved `system-` names may have. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;
export const SYSTEM_CRITICAL_PRIORITY = 2 * HIGHEST_USER_DEFINABLE_PRIORITY;

/** The two classes every cluster has, as upstream's SystemPriorityClasses(). */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClassObject[] = [
  {
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name: "system-node-critical" },
    value: SYSTEM_CRITICAL_PRIORITY + 1000,
    description: "Used for system critical pods that must not be moved from their current node.",
  },
  {
    apiVersion: "scheduling.k8s.io/v1",
    kind: "PriorityClass",
    metadata: { name: "system-cluster-critical" },
    value: SYSTEM_CRITICAL_PRIORITY,
    description: "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.",
  },
];

const PREEMPTION_POLICIES = ["Never", "PreemptLowerPriority"];

/** Upstream's IsKnownSystemPriorityClass: undefined when known, else why not. */
function knownSystemClassError(pc: PriorityClassObject): string | undefined {
  const name = pc.metadata.name ?? "";
  const known = SYSTEM_PRIORITY_CLASSES.find((s) => s.metadata.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if (known.value !== pc.value) return `value of ${name} PriorityClass must be ${known.value}`;
  if ((known.globalDefault ?? false) !== (pc.globalDefault ?? false)) return `globalDefault of ${name} PriorityClass must be ${known.globalDefault ?? false}`;
  return undefined;
}

function validateClass(pc: PriorityClassObject): FieldError[] {
  const errs: FieldError[] = [];
  const name = pc.metadata.name ?? "";
  if (name.startsWith(SYSTEM_PRIORITY_CLASS_PREFIX)) {
    const why = knownSystemClassError(pc);
    if (why) errs.push(fieldErrors.forbidden("metadata.name", `priority class names with '${SYSTEM_PRIORITY_CLASS_PREFIX}' prefix are reserved for system use only. error: ${why}`));
  } else if (pc.value > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(fieldErrors.forbidden("value", `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`));
  }
  if (pc.preemptionPolicy !== undefined && !PREEMPTION_POLICIES.includes(pc.preemptionPolicy)) {
    errs.push(fieldErrors.notSupported("preemptionPolicy", pc.preemptionPolicy, PREEMPTION_POLICIES));
  }
  return errs;
}

/**
 * The Priority admission rule: at most one class is the global default.
 * `others` are the classes already stored. Returns the message of the 403
 * upstream's admission answers with, or undefined.
 */
export function globalDefaultConflict(pc: PriorityClassObject, others: PriorityClassObject[]): string | undefined {
  if (!pc.globalDefault) return undefined;
  const existing = others.find((o) => o.globalDefault && o.metadata.name !== pc.metadata.name);
  return existing ? `PriorityClass ${existing.metadata.name} is already marked as default. Only one default can exist` : undefined;
}

/** scheduling.k8s.io/v1 PriorityClass (cluster-scoped). */
export const priorityclasses: ResourceDefinition<PriorityClassObject> = {
  group: "scheduling.k8s.io",
  version: "v1",
  kind: "PriorityClass",
  plural: "priorityclasses",
  singular: "priorityclass",
  namespaced: false,
  shortNames: ["pc"],
  schema: "io.k8s.api.scheduling.v1.PriorityClass",
  tracksGeneration: false,
  defaults(pc) {
    if (pc.preemptionPolicy === undefined) pc.preemptionPolicy = "PreemptLowerPriority";
  },
  validate: (pc) => validateClass(pc),
  validateUpdate(pc, old) {
    const errs = pc.value !== old.value ? [fieldErrors.forbidden("Value", "may not be changed in an update.")] : [];
    return [...errs, ...validateImmutable(pc.preemptionPolicy, old.preemptionPolicy, "preemptionPolicy")];
  },
  columns: [
    { name: "Value", type: "integer", description: "value represents the integer value of this priority class. This is the actual priority that pods receive when they have the name of this class in their pod spec.", cell: (pc) => pc.value },
    { name: "Global-Default", type: "boolean", description: "globalDefault specifies whether this PriorityClass should be considered as the default priority for pods that do not have any priority class. Only one PriorityClass can be marked as `globalDefault`. However, if more than one PriorityClasses exists with their `globalDefault` field set to true, the smallest value of such global default PriorityClasses will be used as the default priority.", cell: (pc) => pc.globalDefault ?? false },
    ageColumn<PriorityClassObject>(),
    { name: "PreemptionPolicy", type: "string", description: "preemptionPolicy is the Policy for preempting pods with lower priority. One of Never, PreemptLowerPriority. Defaults to PreemptLowerPriority if unset.", cell: (pc) => pc.preemptionPolicy ?? "" },
  ],
};
