import type { IngressClass, IngressClassParametersReference } from "kubernetes-types/networking/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { isDNS1123Subdomain } from "../validation/names.js";
import { ageColumn } from "../printers.js";
import { validateImmutable } from "../validation/immutable.js";

export type IngressClassObject = IngressClass & KubeObject;

/** The annotation that makes a class the default for Ingresses that name none. */
export const DEFAULT_INGRESS_CLASS_ANNOTATION = "ingressclass.kubernetes.io/is-default-class";

const MAX_CONTROLLER_LENGTH = 250;
const SCOPES = ["Cluster", "Namespace"];

/** Upstream's IsDomainPrefixedPath. */
function domainPrefixedPathErrors(v: string, path: string): FieldError[] {
  if (!v) return [fieldErrors.required(path)];
  const slash = v.indexOf("/");
  if (slash < 0) return [fieldErrors.invalid(path, v, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const errs = isDNS1123Subdomain(v.slice(0, slash)).map((m) => fieldErrors.invalid(path, v.slice(0, slash), m));
  if (!/^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/.test(v.slice(slash + 1))) {
    errs.push(fieldErrors.invalid(path, v.slice(slash + 1), "Invalid path: must contain only valid characters"));
  }
  return errs;
}

function validateParameters(p: IngressClassParametersReference | undefined, path: string): FieldError[] {
  if (!p) return [];
  const errs: FieldError[] = [];
  if (!p.kind) errs.push(fieldErrors.required(`${path}.kind`, "kind is required"));
  if (!p.name) errs.push(fieldErrors.required(`${path}.name`, "name is required"));
  if (p.apiGroup) for (const m of isDNS1123Subdomain(p.apiGroup)) errs.push(fieldErrors.invalid(`${path}.apiGroup`, p.apiGroup, m));
  if (p.scope === undefined) errs.push(fieldErrors.required(`${path}.scope`));
  else if (!SCOPES.includes(p.scope)) errs.push(fieldErrors.notSupported(`${path}.scope`, p.scope, SCOPES));
  if (p.scope === "Namespace" && !p.namespace) errs.push(fieldErrors.required(`${path}.namespace`, "`parameters.scope` is set to 'Namespace'"));
  if (p.scope === "Cluster" && p.namespace) errs.push(fieldErrors.forbidden(`${path}.namespace`, "`parameters.scope` is set to 'Cluster'"));
  return errs;
}

function validateSpec(ic: IngressClassObject): FieldError[] {
  const controller = ic.spec?.controller ?? "";
  const errs: FieldError[] = [];
  if (controller.length > MAX_CONTROLLER_LENGTH) errs.push(fieldErrors.tooLong("spec.controller", controller, MAX_CONTROLLER_LENGTH));
  errs.push(...domainPrefixedPathErrors(controller, "spec.controller"), ...validateParameters(ic.spec?.parameters, "spec.parameters"));
  return errs;
}

/** Upstream's "Kind.group/name" or "<none>". */
function formatParameters(ic: IngressClassObject): string {
  const p = ic.spec?.parameters;
  if (!p) return "<none>";
  return `${p.kind}${p.apiGroup !== undefined ? `.${p.apiGroup}` : ""}/${p.name}`;
}

/** networking.k8s.io/v1 IngressClass (cluster-scoped). */
export const ingressclasses: ResourceDefinition<IngressClassObject> = {
  group: "networking.k8s.io",
  version: "v1",
  kind: "IngressClass",
  plural: "ingressclasses",
  singular: "ingressclass",
  namespaced: false,
  schema: "io.k8s.api.networking.v1.IngressClass",
  tracksGeneration: true,
  defaults(ic) {
    const p = ic.spec?.parameters;
    if (p && p.scope === undefined) p.scope = "Cluster";
  },
  validate: (ic) => validateSpec(ic),
  validateUpdate: (ic, old) => [...validateSpec(ic), ...validateImmutable(ic.spec?.controller, old.spec?.controller, "spec.controller")],
  columns: [
    { name: "Controller", type: "string", description: "Controller that is responsible for handling this class", cell: (ic) => ic.spec?.controller ?? "" },
    { name: "Parameters", type: "string", description: "A reference to a resource with additional parameters", cell: formatParameters },
    ageColumn<IngressClassObject>(),
  ],
};
