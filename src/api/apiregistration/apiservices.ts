import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { isDNS1035Label, isDNS1123Subdomain, nameIsPathSegment } from "../validation/names.js";
import { ageColumn } from "../printers.js";
import { portNumErrors } from "../validation/ports.js";

/** apiregistration.k8s.io/v1 APIService (kubernetes-types has no such type). */
export interface APIServiceObject extends KubeObject {
  spec?: {
    service?: { namespace?: string; name?: string; port?: number } | null;
    group?: string;
    version?: string;
    insecureSkipTLSVerify?: boolean;
    caBundle?: string;
    groupPriorityMinimum?: number;
    versionPriority?: number;
  };
  status?: { conditions?: APIServiceCondition[] };
}

export interface APIServiceCondition {
  type: string;
  status: "True" | "False" | "Unknown";
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** Upstream's ValidateAPIServiceName: a path segment of the form <version>.<group>. */
export function apiServiceNameErrors(name: string, prefix: boolean): string[] {
  const errs = nameIsPathSegment(name, prefix);
  if (!name.includes(".")) errs.push("must be in the form: <version>.<group>");
  return errs;
}

function validateService(svc: APIServiceObject): FieldError[] {
  const spec = svc.spec ?? {};
  const errs: FieldError[] = [];
  const version = spec.version ?? "";
  const group = spec.group ?? "";
  const required = `${version}.${group}`;
  if (svc.metadata.name !== required) errs.push(fieldErrors.invalid("metadata.name", svc.metadata.name, `must be \`spec.version+"."+spec.group\`: ${JSON.stringify(required)}`));
  if (!group && version !== "v1") errs.push(fieldErrors.required("spec.group", "only v1 may have an empty group and it better be legacy kube"));
  if (group) for (const m of isDNS1123Subdomain(group)) errs.push(fieldErrors.invalid("spec.group", group, m));
  for (const m of isDNS1035Label(version)) errs.push(fieldErrors.invalid("spec.version", version, m));
  const gpm = spec.groupPriorityMinimum ?? 0;
  if (gpm <= 0 || gpm > 20000) errs.push(fieldErrors.invalid("spec.groupPriorityMinimum", gpm, "must be positive and less than 20000"));
  const vp = spec.versionPriority ?? 0;
  if (vp <= 0 || vp > 1000) errs.push(fieldErrors.invalid("spec.versionPriority", vp, "must be positive and less than 1000"));
  const caBytes = spec.caBundle ? Buffer.from(spec.caBundle, "base64").length : 0;
  if (!spec.service) {
    if (caBytes) errs.push(fieldErrors.invalid("spec.caBundle", `${caBytes} bytes`, "local APIServices may not have a caBundle"));
    if (spec.insecureSkipTLSVerify) errs.push(fieldErrors.invalid("spec.insecureSkipTLSVerify", true, "local APIServices may not have insecureSkipTLSVerify"));
    return errs;
  }
  if (!spec.service.namespace) errs.push(fieldErrors.required("spec.service.namespace"));
  if (!spec.service.name) errs.push(fieldErrors.required("spec.service.name"));
  const port = spec.service.port ?? 0;
  const portErrs = portNumErrors(port);
  if (portErrs.length) errs.push(fieldErrors.invalid("spec.service.port", port, `port is not valid: ${portErrs.join(", ")}`));
  if (spec.insecureSkipTLSVerify && caBytes) errs.push(fieldErrors.invalid("spec.insecureSkipTLSVerify", true, "may not be true if caBundle is present"));
  return errs;
}

function validateStatus(svc: APIServiceObject): FieldError[] {
  const errs: FieldError[] = [];
  (svc.status?.conditions ?? []).forEach((c, i) => {
    if (!["True", "False", "Unknown"].includes(c.status)) errs.push(fieldErrors.notSupported(`status.conditions[${i}].status`, c.status, ["True", "False", "Unknown"]));
  });
  return errs;
}

/** "Local", or the namespace/name of the backing Service. */
export function formatAPIServiceService(svc: APIServiceObject): string {
  const s = svc.spec?.service;
  return s ? `${s.namespace ?? ""}/${s.name ?? ""}` : "Local";
}

/** "True", "False (FailedDiscoveryCheck)" or "Unknown". */
export function formatAPIServiceAvailable(svc: APIServiceObject): string {
  const c = (svc.status?.conditions ?? []).find((x) => x.type === "Available");
  if (!c) return "Unknown";
  if (c.status === "True" || !c.reason) return c.status;
  return `${c.status} (${c.reason})`;
}

/** apiregistration.k8s.io/v1 APIService: a group/version served locally or by an extension API server. */
export const apiservices: ResourceDefinition<APIServiceObject> = {
  group: "apiregistration.k8s.io",
  version: "v1",
  kind: "APIService",
  plural: "apiservices",
  singular: "apiservice",
  namespaced: false,
  categories: ["api-extensions"],
  schema: "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService",
  hasStatus: true,
  tracksGeneration: false,
  validateName: apiServiceNameErrors,
  defaults(svc) {
    if (svc.spec?.service && svc.spec.service.port === undefined) svc.spec.service.port = 443;
  },
  prepareForCreate(svc) {
    svc.status = {};
  },
  validate: (svc) => validateService(svc),
  validateUpdate: (svc) => validateService(svc),
  validateStatusUpdate: (svc) => validateStatus(svc),
  columns: [
    { name: "Service", type: "string", description: "The reference to the service that hosts this API endpoint.", cell: formatAPIServiceService },
    { name: "Available", type: "string", description: "Whether this service is available.", cell: formatAPIServiceAvailable },
    ageColumn<APIServiceObject>(),
  ],
};
