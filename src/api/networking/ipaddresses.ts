/**
 * networking.k8s.io/v1 IPAddress (cluster-scoped): one allocated IP, named
 * by the address in canonical form, and the object it belongs to.
 * Upstream's ValidateIPAddress (the name, a required parentRef) and its
 * table (NAME PARENTREF).
 */
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";
import { validateImmutable } from "../validation/immutable.js";
import { isDNS1123Subdomain, nameIsPathSegment } from "../validation/names.js";
import { ipErrors } from "./ip-canonical.js";

export interface ParentReference {
  group?: string;
  resource?: string;
  namespace?: string;
  name?: string;
}
export type IPAddressObject = KubeObject & { spec?: { parentRef?: ParentReference } };

function validateParentRef(ref: ParentReference | undefined): FieldError[] {
  const p = path("spec", "parentRef");
  if (!ref) return [fieldErrors.required(p, "")];
  const errs: FieldError[] = [];
  // The core group of Services is "", so a group cannot be required.
  if (ref.group) for (const m of isDNS1123Subdomain(ref.group)) errs.push(fieldErrors.invalid(p.child("group"), ref.group, m));
  if (!ref.resource) errs.push(fieldErrors.required(p.child("resource"), ""));
  else for (const m of nameIsPathSegment(ref.resource, false)) errs.push(fieldErrors.invalid(p.child("resource"), ref.resource, m));
  if (!ref.name) errs.push(fieldErrors.required(p.child("name"), ""));
  else for (const m of nameIsPathSegment(ref.name, false)) errs.push(fieldErrors.invalid(p.child("name"), ref.name, m));
  if (ref.namespace) for (const m of nameIsPathSegment(ref.namespace, false)) errs.push(fieldErrors.invalid(p.child("namespace"), ref.namespace, m));
  return errs;
}

/** "services/default/kubernetes", as upstream's printIPAddress. */
function parentRefCell(ref: ParentReference | undefined): string {
  if (!ref) return "<none>";
  let out = (ref.group ? `${ref.resource ?? ""}.${ref.group}` : ref.resource ?? "").toLowerCase();
  if (ref.namespace) out += `/${ref.namespace}`;
  return `${out}/${ref.name ?? ""}`;
}

export const ipaddresses: ResourceDefinition<IPAddressObject> = {
  group: "networking.k8s.io",
  version: "v1",
  kind: "IPAddress",
  plural: "ipaddresses",
  singular: "ipaddress",
  namespaced: false,
  shortNames: ["ip"],
  schema: "io.k8s.api.networking.v1.IPAddress",
  tracksGeneration: false,
  // IPAddress names are never generated: the prefix form is not accepted.
  validateName: (name) => ipErrors(name),
  validate: (ip) => validateParentRef(ip.spec?.parentRef),
  validateUpdate: (ip, old) => validateImmutable(ip.spec?.parentRef, old.spec?.parentRef, path("spec", "parentRef")),
  columns: [{ name: "ParentRef", type: "string", description: "ParentRef references the resource that an IPAddress is attached to. An IPAddress must reference a parent object.", cell: (ip) => parentRefCell(ip.spec?.parentRef) }],
};
