import type { PodDisruptionBudget } from "kubernetes-types/policy/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { ageColumn } from "../printers.js";
import { validateNonnegative } from "../validation/numbers.js";
import { notMoreThan100Percent, validateIntOrPercent } from "../validation/int-or-percent.js";
import { validateLabelSelector } from "../validation/label-selector.js";

type PDB = PodDisruptionBudget & KubeObject;

const EVICTION_POLICIES = ["AlwaysAllow", "IfHealthyBudget"];

function validateSpec(pdb: PDB): FieldError[] {
  const spec = pdb.spec ?? {};
  const errs: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    errs.push(fieldErrors.invalid("spec", spec, "minAvailable and maxUnavailable cannot be both set"));
  }
  for (const field of ["minAvailable", "maxUnavailable"] as const) {
    errs.push(...validateIntOrPercent(spec[field], `spec.${field}`), ...notMoreThan100Percent(spec[field], `spec.${field}`));
  }
  errs.push(...validateLabelSelector(spec.selector, "spec.selector"));
  if (spec.unhealthyPodEvictionPolicy !== undefined && !EVICTION_POLICIES.includes(spec.unhealthyPodEvictionPolicy)) {
    errs.push(fieldErrors.notSupported("spec.unhealthyPodEvictionPolicy", spec.unhealthyPodEvictionPolicy, EVICTION_POLICIES));
  }
  return errs;
}

function validateStatus(pdb: PDB): FieldError[] {
  const s = pdb.status;
  if (!s) return [];
  return [
    ...validateNonnegative(s.disruptionsAllowed, "status.disruptionsAllowed"),
    ...validateNonnegative(s.currentHealthy, "status.currentHealthy"),
    ...validateNonnegative(s.desiredHealthy, "status.desiredHealthy"),
    ...validateNonnegative(s.expectedPods, "status.expectedPods"),
  ];
}

/** The policy/v1 PodDisruptionBudget, as pkg/registry/policy/poddisruptionbudget. */
export const poddisruptionbudgets: ResourceDefinition<PDB> = {
  group: "policy",
  version: "v1",
  kind: "PodDisruptionBudget",
  plural: "poddisruptionbudgets",
  singular: "poddisruptionbudget",
  namespaced: true,
  shortNames: ["pdb"],
  schema: "io.k8s.api.policy.v1.PodDisruptionBudget",
  hasStatus: true,
  tracksGeneration: true,
  prepareForCreate(pdb) {
    // An empty status as Go serialises it: the counters are not omitempty.
    pdb.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  validate: (pdb) => validateSpec(pdb),
  validateUpdate: (pdb) => validateSpec(pdb),
  validateStatusUpdate: (pdb) => validateStatus(pdb),
  columns: [
    { name: "Min Available", type: "string", description: "The minimum number of pods that must be available.", cell: (p) => (p.spec?.minAvailable !== undefined ? String(p.spec.minAvailable) : "N/A") },
    { name: "Max Unavailable", type: "string", description: "The maximum number of pods that may be unavailable.", cell: (p) => (p.spec?.maxUnavailable !== undefined ? String(p.spec.maxUnavailable) : "N/A") },
    { name: "Allowed Disruptions", type: "integer", description: "Calculated number of pods that may be disrupted at this time.", cell: (p) => p.status?.disruptionsAllowed ?? 0 },
    ageColumn<PDB>(),
  ],
};
