import type { ResourceQuota } from "kubernetes-types/core/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";
import { isQualifiedName } from "../validation/names.js";
import { canonicalizeResourceList, tryParseQuantity } from "../validation/core-quantity.js";
import { validateNonNegativeQuantity } from "../validation/core-common.js";
import { ageColumn } from "../printers.js";

export type ResourceQuotaObject = ResourceQuota & KubeObject;
type Mutable = { status?: ResourceQuota["status"] };

const scopes = ["BestEffort", "CrossNamespacePodAffinity", "NotBestEffort", "NotTerminating", "PriorityClass", "Terminating", "VolumeAttributesClass"];

function validateQuotaList(list: Record<string, string> | undefined, p: ReturnType<typeof path>): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(list ?? {})) {
    for (const m of isQualifiedName(k)) errs.push(fieldErrors.invalid(p.key(k), k, m));
    errs.push(...validateNonNegativeQuantity(v, p.key(k)));
  }
  return errs;
}

/** Upstream's ValidateResourceQuota (spec and status quantities, scopes). */
export function validateResourceQuota(rq: ResourceQuotaObject): FieldError[] {
  const errs = validateQuotaList(rq.spec?.hard, path("spec", "hard"));
  for (const [i, s] of (rq.spec?.scopes ?? []).entries()) {
    if (!scopes.includes(s)) errs.push(fieldErrors.notSupported(path("spec", "scopes").index(i), s, scopes));
  }
  errs.push(...validateQuotaList(rq.status?.hard, path("status", "hard")));
  errs.push(...validateQuotaList(rq.status?.used, path("status", "used")));
  return errs;
}

const quantityString = (v: string | undefined) => tryParseQuantity(v ?? "0")?.toString() ?? String(v);

/** Upstream's printResourceQuota: "requests.cpu: 0/1, pods: 1/10" split into request and limit columns. */
export function quotaColumns(rq: ResourceQuotaObject): { request: string; limit: string } {
  const request: string[] = [];
  const limit: string[] = [];
  for (const name of Object.keys(rq.spec?.hard ?? {}).sort()) {
    const text = `${name}: ${quantityString(rq.status?.used?.[name])}/${quantityString(rq.status?.hard?.[name])}`;
    const parts = name.split(".");
    (parts.length > 1 && parts[0] === "limits" ? limit : request).push(text);
  }
  return { request: request.join(", "), limit: limit.join(", ") };
}

export const resourcequotas: ResourceDefinition<ResourceQuotaObject> = {
  group: "",
  version: "v1",
  kind: "ResourceQuota",
  plural: "resourcequotas",
  singular: "resourcequota",
  namespaced: true,
  shortNames: ["quota"],
  schema: "io.k8s.api.core.v1.ResourceQuota",
  hasStatus: true,
  tracksGeneration: false,
  defaults(rq) {
    canonicalizeResourceList(rq.spec?.hard);
    canonicalizeResourceList(rq.status?.hard);
    canonicalizeResourceList(rq.status?.used);
  },
  prepareForCreate(rq) {
    (rq as Mutable).status = {};
  },
  validate: (rq) => validateResourceQuota(rq),
  validateUpdate: (rq) => validateResourceQuota(rq),
  validateStatusUpdate: (rq) => validateResourceQuota(rq),
  columns: [
    ageColumn<ResourceQuotaObject>(),
    { name: "Request", type: "string", description: "Request represents a minimum amount of cpu/memory that a container may consume.", cell: (rq) => quotaColumns(rq).request },
    { name: "Limit", type: "string", description: "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.", cell: (rq) => quotaColumns(rq).limit },
  ],
};
