/**
 * resource.k8s.io/v1 ResourceClaim: a namespaced request for devices,
 * allocated by the scheduler and reserved for its consumers through the
 * status subresource. Upstream's defaults, validation (the spec is
 * immutable), and table (NAME STATE AGE).
 */
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { path } from "../validation/field.js";
import { validateImmutable } from "../validation/immutable.js";
import { authorizedForAdmin } from "./admin-access.js";
import { defaultClaimSpec, validateClaimSpec, validateClaimStatusUpdate } from "./claim-validation.js";

type Json = Record<string, unknown>;
export type ResourceClaimObject = KubeObject & { spec?: Json; status?: Json };

/** "pending", "allocated,reserved", "deleted,allocated,deallocating"..., as upstream's resourceClaimState. */
export function resourceClaimState(claim: ResourceClaimObject): string {
  const states: string[] = [];
  const deleted = !!claim.metadata.deletionTimestamp;
  if (deleted) states.push("deleted");
  if (!claim.status?.allocation) {
    if (!deleted) states.push("pending");
  } else {
    states.push("allocated");
    if (Array.isArray(claim.status.reservedFor) && claim.status.reservedFor.length > 0) states.push("reserved");
    else if (deleted) states.push("deallocating");
  }
  return states.join(",");
}

export const resourceclaims: ResourceDefinition<ResourceClaimObject> = {
  group: "resource.k8s.io",
  version: "v1",
  kind: "ResourceClaim",
  plural: "resourceclaims",
  singular: "resourceclaim",
  namespaced: true,
  schema: "io.k8s.api.resource.v1.ResourceClaim",
  hasStatus: true,
  tracksGeneration: true,
  defaults(claim) {
    claim.spec ??= { devices: {} };
    defaultClaimSpec(claim.spec);
  },
  prepareForCreate(claim) {
    delete claim.status;
  },
  validate: async (claim, ctx) => [
    ...(await authorizedForAdmin((claim.spec?.devices as Record<string, unknown> | undefined)?.requests, claim.metadata.namespace, path("spec", "devices", "requests"), ctx)),
    ...validateClaimSpec(claim.spec, path("spec")),
  ],
  validateUpdate: (claim, old) => validateImmutable(claim.spec, old.spec, path("spec")),
  validateStatusUpdate: (claim, old) => validateClaimStatusUpdate(claim.spec, claim.status, old.status, !!claim.metadata.deletionTimestamp),
  columns: [
    { name: "State", type: "string", description: "A summary of the claim's state.", cell: (c) => resourceClaimState(c) },
    ageColumn<ResourceClaimObject>(),
  ],
};
