/**
 * networking.k8s.io/v1 ServiceCIDR (cluster-scoped): a range Service
 * cluster IPs are allocated from. Upstream's ValidateServiceCIDR (one or two
 * canonical CIDRs, one per family), its update rule (the ranges stay, but a
 * single-stack range may gain a second family), the status subresource and
 * the table (NAME CIDRS AGE). The API server creates the `kubernetes` one
 * from --service-cluster-ip-range (src/apiserver/bootstrap.ts).
 */
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, GoValue, path, type FieldError } from "../validation/field.js";
import { INVALID_CIDR_MESSAGE } from "../validation/core-ip.js";
import { cidrErrors, cidrFamily } from "./ip-canonical.js";

export type ServiceCIDRObject = KubeObject & {
  spec?: { cidrs?: string[] };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[] };
};

/** The name of the ServiceCIDR the API server keeps for its own range. */
export const DEFAULT_SERVICE_CIDR_NAME = "kubernetes";

const IMMUTABLE = "field is immutable";
const specValue = (cidrs: string[]) => new GoValue(`networking.ServiceCIDRSpec{CIDRs:[]string{${cidrs.map((c) => JSON.stringify(c)).join(", ")}}}`);

function validateCIDRs(cidrs: string[]): FieldError[] {
  const p = path("spec", "cidrs");
  if (cidrs.length === 0) return [fieldErrors.required(p, "at least one CIDR required")];
  if (cidrs.length > 2) return [fieldErrors.invalid(p, specValue(cidrs), "may only hold up to 2 values")];
  const errs: FieldError[] = [];
  cidrs.forEach((c, i) => {
    for (const m of cidrErrors(c)) errs.push(fieldErrors.invalid(p.index(i), c, m));
  });
  // As netutils.IsDualStackCIDRStrings: an unparsable range fails the family check too.
  const unparsable = errs.some((e) => e.detail === INVALID_CIDR_MESSAGE);
  if (cidrs.length === 2 && (unparsable || cidrFamily(cidrs[0]!) === cidrFamily(cidrs[1]!))) {
    return [fieldErrors.invalid(p, specValue(cidrs), "may specify no more than one IP for each IP family, i.e 192.168.0.0/24 and 2001:db8::/64")];
  }
  return errs;
}

function validateCIDRsUpdate(given: string[] | undefined, old: string[]): FieldError[] {
  const cidrs = given ?? [];
  const p = path("spec", "cidrs");
  if (cidrs.length === old.length) {
    return old.flatMap((c, i) => (c === cidrs[i] ? [] : [fieldErrors.invalid(p.index(i), cidrs[i], IMMUTABLE)]));
  }
  // Single-stack to dual-stack: the existing range stays first.
  if (old.length === 1 && cidrs.length === 2) {
    const errs = cidrs[0] === old[0] ? [] : [fieldErrors.invalid(p.index(0), cidrs[0], IMMUTABLE)];
    return [...errs, ...validateCIDRs(cidrs)];
  }
  // Go prints an empty or absent slice as %#v does.
  return [fieldErrors.invalid(p, cidrs.length ? cidrs : new GoValue(given ? "[]string{}" : "[]string(nil)"), IMMUTABLE)];
}

export const servicecidrs: ResourceDefinition<ServiceCIDRObject> = {
  group: "networking.k8s.io",
  version: "v1",
  kind: "ServiceCIDR",
  plural: "servicecidrs",
  singular: "servicecidr",
  namespaced: false,
  schema: "io.k8s.api.networking.v1.ServiceCIDR",
  hasStatus: true,
  tracksGeneration: false,
  prepareForCreate(sc) {
    delete sc.status;
  },
  validate: (sc) => validateCIDRs(sc.spec?.cidrs ?? []),
  validateUpdate: (sc, old) => validateCIDRsUpdate(sc.spec?.cidrs, old.spec?.cidrs ?? []),
  validateStatusUpdate: () => [],
  columns: [
    { name: "CIDRs", type: "string", description: 'CIDRs defines the IP blocks in CIDR notation (e.g. "192.168.0.0/24" or "2001:db8::/64") from which to assign service cluster IPs. Max of two CIDRs is allowed, one of each IP family. This field is immutable.', cell: (sc) => (sc.spec?.cidrs ?? []).join(",") },
    ageColumn<ServiceCIDRObject>(),
  ],
};
