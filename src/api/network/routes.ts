/**
 * routes.network.skiff.dev/v1 Route: one entry of the simulated VPC's route
 * table, "packets for destinationCIDR go to targetNode" (M2: one route per
 * node podCIDR, kept by the route controller). Cluster-scoped, as a
 * cloud's route table is the cluster's. Until a simulated cloud owns the
 * table, the Route objects are the table.
 *
 *   apiVersion: network.skiff.dev/v1
 *   kind: Route
 *   metadata: {name: kubernetes-0b9c1d2e-...}
 *   spec: {destinationCIDR: 10.244.1.0/24, targetNode: node-2}
 *   status: {state: Available}
 */
import type { KubeObject, ResourceDefinition } from "../types.js";
import { age } from "../printers.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { isValidCIDR, INVALID_CIDR_MESSAGE } from "../validation/core-ip.js";
import { isDNS1123Subdomain } from "../validation/names.js";
import { validateImmutable } from "../validation/immutable.js";

/** Available: the route carries traffic. Blackhole: its target node is gone; traffic for it is dropped. */
export const ROUTE_STATES = ["Available", "Blackhole"] as const;
export type RouteState = (typeof ROUTE_STATES)[number];

export interface RouteSpec {
  destinationCIDR: string;
  /** The node (by name) packets for destinationCIDR are delivered to. */
  targetNode: string;
}

export type RouteObject = KubeObject & { spec: RouteSpec; status?: { state?: RouteState } };

function validate(r: RouteObject): FieldError[] {
  const spec = r.spec;
  if (!spec) return [fieldErrors.required("spec", "")];
  const errs: FieldError[] = [];
  if (!spec.destinationCIDR) errs.push(fieldErrors.required("spec.destinationCIDR", ""));
  else if (!isValidCIDR(spec.destinationCIDR)) errs.push(fieldErrors.invalid("spec.destinationCIDR", spec.destinationCIDR, INVALID_CIDR_MESSAGE));
  if (!spec.targetNode) errs.push(fieldErrors.required("spec.targetNode", ""));
  else for (const msg of isDNS1123Subdomain(spec.targetNode)) errs.push(fieldErrors.invalid("spec.targetNode", spec.targetNode, msg));
  return errs;
}

function validateStatus(r: RouteObject): FieldError[] {
  const state = r.status?.state;
  return state !== undefined && !ROUTE_STATES.includes(state) ? [fieldErrors.notSupported("status.state", state, ROUTE_STATES)] : [];
}

export const routes: ResourceDefinition<RouteObject> = {
  group: "network.skiff.dev",
  version: "v1",
  kind: "Route",
  plural: "routes",
  singular: "route",
  namespaced: false,
  schema: "dev.skiff.network.v1.Route",
  hasStatus: true,
  validate,
  // A cloud route's destination cannot be edited; its target can be replaced.
  validateUpdate: (r, old) => [...validate(r), ...validateImmutable(r.spec?.destinationCIDR, old.spec?.destinationCIDR, "spec.destinationCIDR")],
  validateStatusUpdate: (r) => validateStatus(r),
  columns: [
    { name: "Destination", type: "string", description: "The CIDR the route sends somewhere.", cell: (r) => r.spec?.destinationCIDR ?? "" },
    { name: "Target Node", type: "string", description: "The node packets for the destination go to.", cell: (r) => r.spec?.targetNode ?? "" },
    { name: "State", type: "string", description: "Whether the route carries traffic.", cell: (r) => r.status?.state ?? "<unknown>" },
    { name: "Age", type: "string", description: "Time since the route was created.", cell: (r, ctx) => age(r.metadata.creationTimestamp, ctx.now) },
  ],
  selectableFields: (r) => ({ "spec.targetNode": r.spec?.targetNode ?? "", "spec.destinationCIDR": r.spec?.destinationCIDR ?? "" }),
};
