import type { Lease, LeaseSpec } from "kubernetes-types/coordination/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { ageColumn } from "../printers.js";

/** LeaseSpec as of 1.35 (strategy and preferredHolder arrived after the bundled 1.30 types). */
type LeaseObject = Omit<Lease, "spec"> & KubeObject & { spec?: LeaseSpec & { strategy?: string; preferredHolder?: string } };

const STRATEGIES = ["OldestEmulationVersion"];

/** Upstream's ValidateLeaseSpec. */
function validateSpec(lease: LeaseObject): FieldError[] {
  const spec = lease.spec ?? {};
  const errs: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    errs.push(fieldErrors.invalid("spec.leaseDurationSeconds", spec.leaseDurationSeconds, "must be greater than 0"));
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions < 0) {
    errs.push(fieldErrors.invalid("spec.leaseTransitions", spec.leaseTransitions, "must be greater than or equal to 0"));
  }
  if (spec.strategy !== undefined && !STRATEGIES.includes(spec.strategy)) {
    errs.push(fieldErrors.notSupported("spec.strategy", spec.strategy, STRATEGIES));
  }
  if (spec.preferredHolder && !spec.strategy) {
    errs.push(fieldErrors.forbidden("spec.preferredHolder", "may only be specified if `strategy` is defined"));
  }
  return errs;
}

/** coordination.k8s.io/v1 Lease: the leader-election and node-heartbeat record. */
export const leases: ResourceDefinition<LeaseObject> = {
  group: "coordination.k8s.io",
  version: "v1",
  kind: "Lease",
  plural: "leases",
  singular: "lease",
  namespaced: true,
  schema: "io.k8s.api.coordination.v1.Lease",
  // Upstream's lease strategy never bumps generation: leases are renewed every few seconds.
  tracksGeneration: false,
  validate: (l) => validateSpec(l),
  validateUpdate: (l) => validateSpec(l),
  columns: [
    { name: "Holder", type: "string", description: "holderIdentity contains the identity of the holder of a current lease.", cell: (l) => l.spec?.holderIdentity ?? "" },
    ageColumn<LeaseObject>(),
  ],
};
