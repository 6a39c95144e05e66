/**
 * Upstream's CustomResourceDefinition validation (apiextensions-apiserver
 * pkg/apis/apiextensions/validation), worded as upstream: names, group,
 * scope, versions and their schemas, subresources, printer columns,
 * selectable fields, conversion and stored versions.
 */
import { validateSchemaStructure } from "../../apiextensions/schema/index.js";
import { fieldErrors, GoValue, type FieldError } from "../validation/field.js";
import { isDNS1035Label, isDNS1123Subdomain } from "../validation/names.js";
import { API_APPROVED_ANNOTATION, approvalState, isProtectedCommunityGroup } from "./api-approval.js";
import { isCRDConditionTrue, type CRDColumn, type CRDNames, type CRDSubresources, type CRDVersion, type CustomResourceDefinition } from "./crd-types.js";

const PRINTER_COLUMN_TYPES = ["boolean", "date", "integer", "number", "string"];
const PRINTER_COLUMN_FORMATS = ["byte", "date", "date-time", "double", "float", "int32", "int64", "password"];

/** How upstream prints a []CustomResourceDefinitionVersion value in these errors (abridged to the names). */
function versionsValue(versions: CRDVersion[]): GoValue {
  return new GoValue(`[]v1.CustomResourceDefinitionVersion{${versions.map((v) => `{Name:${JSON.stringify(v.name ?? "")}, Served:${!!v.served}, Storage:${!!v.storage}}`).join(", ")}}`);
}

export function validateCRD(crd: CustomResourceDefinition): FieldError[] {
  const errs: FieldError[] = [];
  const spec = crd.spec ?? ({} as CustomResourceDefinition["spec"]);
  const required = `${spec.names?.plural ?? ""}.${spec.group ?? ""}`;
  if (crd.metadata.name && crd.metadata.name !== required) errs.push(fieldErrors.invalid("metadata.name", crd.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  errs.push(...validateSpec(crd));
  errs.push(...validateNames(crd.status?.acceptedNames ?? {}, "status.acceptedNames"));
  errs.push(...validateStoredVersions(crd));
  return errs;
}

/** The approval annotation of a protected group's CRD, checked when its state changes (always on create). */
function validateAPIApproval(crd: CustomResourceDefinition, old: CustomResourceDefinition | undefined): FieldError[] {
  if (!isProtectedCommunityGroup(crd.spec?.group ?? "")) return [];
  const now = approvalState(crd.metadata.annotations);
  if (old && approvalState(old.metadata.annotations).state === now.state) return [];
  const p = `metadata.annotations[${API_APPROVED_ANNOTATION}]`;
  if (now.state === "Invalid") return [fieldErrors.invalid(p, crd.metadata.annotations?.[API_APPROVED_ANNOTATION] ?? "", now.message)];
  if (now.state === "Missing") return [fieldErrors.required(p, now.message)];
  return [];
}

export function validateCRDCreate(crd: CustomResourceDefinition): FieldError[] {
  return [...validateCRD(crd), ...validateAPIApproval(crd, undefined)];
}

export function validateCRDUpdate(crd: CustomResourceDefinition, old: CustomResourceDefinition): FieldError[] {
  const errs = [...validateCRD(crd), ...validateAPIApproval(crd, old)];
  const immutable = (p: string, a: unknown, b: unknown) => {
    if (a !== b) errs.push(fieldErrors.invalid(p, a ?? "", "field is immutable"));
  };
  if (isCRDConditionTrue(old, "Established")) {
    immutable("spec.scope", crd.spec?.scope, old.spec?.scope);
    immutable("spec.names.kind", crd.spec?.names?.kind, old.spec?.names?.kind);
  }
  immutable("spec.group", crd.spec?.group, old.spec?.group);
  immutable("spec.names.plural", crd.spec?.names?.plural, old.spec?.names?.plural);
  return errs;
}

export function validateCRDStatus(crd: CustomResourceDefinition): FieldError[] {
  return validateNames(crd.status?.acceptedNames ?? {}, "status.acceptedNames");
}

function validateSpec(crd: CustomResourceDefinition): FieldError[] {
  const errs: FieldError[] = [];
  const spec = crd.spec ?? ({} as CustomResourceDefinition["spec"]);
  const group = spec.group ?? "";
  if (!group) errs.push(fieldErrors.required("spec.group"));
  else if (isDNS1123Subdomain(group).length) errs.push(fieldErrors.invalid("spec.group", group, isDNS1123Subdomain(group).join(",")));
  else if (group.split(".").length < 2) errs.push(fieldErrors.invalid("spec.group", group, "should be a domain with at least one dot"));

  if (!spec.scope) errs.push(fieldErrors.required("spec.scope"));
  else if (spec.scope !== "Cluster" && spec.scope !== "Namespaced") errs.push(fieldErrors.notSupported("spec.scope", spec.scope, ["Cluster", "Namespaced"]));

  const versions = spec.versions ?? [];
  let storageCount = 0;
  const seen = new Set<string>();
  let unique = true;
  versions.forEach((v, i) => {
    const p = `spec.versions[${i}]`;
    if (v.storage) storageCount++;
    if (seen.has(v.name)) unique = false;
    seen.add(v.name);
    const nameErrs = isDNS1035Label(v.name ?? "");
    if (nameErrs.length) errs.push(fieldErrors.invalid(`${p}.name`, v.name ?? "", nameErrs.join(",")));
    errs.push(...validateVersion(v, p));
  });
  if (!unique) errs.push(fieldErrors.invalid("spec.versions", versionsValue(versions), "must contain unique version names"));
  if (storageCount !== 1) errs.push(fieldErrors.invalid("spec.versions", versionsValue(versions), "must have exactly one version marked as storage version"));

  const names = spec.names ?? {};
  for (const n of ["plural", "singular", "kind", "listKind"] as const) if (!names[n]) errs.push(fieldErrors.required(`spec.names.${n}`));
  errs.push(...validateNames(names, "spec.names"));
  errs.push(...validateConversion(crd));
  if (spec.preserveUnknownFields) errs.push(fieldErrors.invalid("spec.preserveUnknownFields", true, "cannot set to true, set x-kubernetes-preserve-unknown-fields to true in spec.versions[*].schema instead"));
  return errs;
}

function validateVersion(v: CRDVersion, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const schema = v.schema?.openAPIV3Schema;
  if (!schema) errs.push(fieldErrors.required(`${p}.schema.openAPIV3Schema`, "schemas are required"));
  else {
    const statusEnabled = !!v.subresources?.status;
    if (statusEnabled && schema.type !== undefined && schema.type !== "object") {
      errs.push(fieldErrors.invalid(`${p}.schema.openAPIV3Schema.type`, schema.type, 'only "object" is allowed as the type at the root of the schema if the status subresource is enabled'));
    }
    errs.push(...validateSchemaStructure(schema, `${p}.schema.openAPIV3Schema`));
  }
  errs.push(...validateSubresources(v.subresources ?? undefined, `${p}.subresources`));
  (v.additionalPrinterColumns ?? []).forEach((c, i) => errs.push(...validateColumn(c, `${p}.additionalPrinterColumns[${i}]`)));
  errs.push(...validateSelectableFields(v, `${p}.selectableFields`));
  return errs;
}

/** Upstream's validateSimpleJSONPath. */
export function simpleJSONPathErrors(s: string, p: string): FieldError[] {
  if (s.length === 0) return [fieldErrors.invalid(p, s, "must not be empty")];
  if (s[0] !== ".") return [fieldErrors.invalid(p, s, "must be a simple json path starting with .")];
  return [];
}

function validateSubresources(sub: CRDSubresources | undefined, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const scale = sub?.scale;
  if (!scale) return errs;
  const under = (value: string | undefined, field: string, prefix: string, what: string, required: boolean) => {
    if (!value) {
      if (required) errs.push(fieldErrors.required(`${p}.scale.${field}`));
      return;
    }
    const pathErrs = simpleJSONPathErrors(value, `${p}.scale.${field}`);
    if (pathErrs.length) errs.push(...pathErrs);
    else if (!value.startsWith(prefix)) errs.push(fieldErrors.invalid(`${p}.scale.${field}`, value, `should be a json path under ${what}`));
  };
  under(scale.specReplicasPath, "specReplicasPath", ".spec.", ".spec", true);
  under(scale.statusReplicasPath, "statusReplicasPath", ".status.", ".status", true);
  under(scale.labelSelectorPath, "labelSelectorPath", ".status.", ".status", false);
  return errs;
}

function validateColumn(c: CRDColumn, p: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!c.name) errs.push(fieldErrors.required(`${p}.name`));
  if (!c.type) errs.push(fieldErrors.required(`${p}.type`, `must be one of ${PRINTER_COLUMN_TYPES.join(",")}`));
  else if (!PRINTER_COLUMN_TYPES.includes(c.type)) errs.push(fieldErrors.invalid(`${p}.type`, c.type, `must be one of ${PRINTER_COLUMN_TYPES.join(",")}`));
  if (c.format && !PRINTER_COLUMN_FORMATS.includes(c.format)) errs.push(fieldErrors.invalid(`${p}.format`, c.format, `must be one of ${PRINTER_COLUMN_FORMATS.join(",")}`));
  if (!c.jsonPath) errs.push(fieldErrors.required(`${p}.JSONPath`));
  else errs.push(...simpleJSONPathErrors(c.jsonPath, `${p}.JSONPath`));
  return errs;
}

function validateSelectableFields(v: CRDVersion, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const fields = v.selectableFields ?? [];
  if (fields.length > 8) errs.push(fieldErrors.tooMany(p, fields.length, 8));
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    const fp = `${p}[${i}].jsonPath`;
    const jp = f.jsonPath ?? "";
    if (!jp) return void errs.push(fieldErrors.required(fp));
    const pathErrs = simpleJSONPathErrors(jp, fp);
    if (pathErrs.length) return void errs.push(...pathErrs);
    if (seen.has(jp)) errs.push(fieldErrors.duplicate(fp, jp));
    seen.add(jp);
    if (jp === ".metadata.name" || jp === ".metadata.namespace") errs.push(fieldErrors.invalid(fp, jp, "is an invalid path: metadata.name and metadata.namespace are always selectable"));
    const target = schemaAt(v.schema?.openAPIV3Schema, jp);
    if (v.schema?.openAPIV3Schema && !target) errs.push(fieldErrors.invalid(fp, jp, "is an invalid path: does not refer to a field in the schema"));
    else if (target && !["string", "integer", "boolean"].includes(String(target.type))) {
      errs.push(fieldErrors.invalid(fp, jp, "selectable field must be a string, integer or boolean field"));
    }
  });
  return errs;
}

function schemaAt(schema: { properties?: Record<string, unknown> } | undefined, jsonPath: string): { type?: unknown } | undefined {
  let cur = schema as { properties?: Record<string, unknown>; type?: unknown } | undefined;
  for (const part of jsonPath.slice(1).split(".")) {
    cur = cur?.properties?.[part] as typeof cur;
    if (!cur) return undefined;
  }
  return cur;
}

export function validateNames(names: CRDNames, p: string): FieldError[] {
  const errs: FieldError[] = [];
  const label = (v: string | undefined, field: string, lower = false) => {
    if (!v) return;
    const e = isDNS1035Label(lower ? v.toLowerCase() : v);
    if (e.length) errs.push(fieldErrors.invalid(`${p}.${field}`, v, lower ? `may have mixed case, but should otherwise match: ${e.join(",")}` : e.join(",")));
  };
  label(names.plural, "plural");
  label(names.singular, "singular");
  label(names.kind, "kind", true);
  label(names.listKind, "listKind", true);
  (names.shortNames ?? []).forEach((s, i) => {
    const e = isDNS1035Label(s);
    if (e.length) errs.push(fieldErrors.invalid(`${p}.shortNames[${i}]`, s, e.join(",")));
  });
  if (names.kind && names.kind === names.listKind) errs.push(fieldErrors.invalid(`${p}.listKind`, names.listKind, "kind and listKind may not be the same"));
  (names.categories ?? []).forEach((c, i) => {
    const e = isDNS1035Label(c);
    if (e.length) errs.push(fieldErrors.invalid(`${p}.categories[${i}]`, c, e.join(",")));
  });
  return errs;
}

function validateConversion(crd: CustomResourceDefinition): FieldError[] {
  const errs: FieldError[] = [];
  const conv = crd.spec.conversion;
  if (!conv) return errs;
  const p = "spec.conversion";
  if (!conv.strategy) errs.push(fieldErrors.required(`${p}.strategy`));
  else if (conv.strategy !== "None" && conv.strategy !== "Webhook") errs.push(fieldErrors.notSupported(`${p}.strategy`, conv.strategy, ["None", "Webhook"]));
  if (conv.strategy === "Webhook") {
    const webhook = conv.webhook;
    const cc = webhook?.clientConfig;
    if (!cc) errs.push(fieldErrors.required(`${p}.webhookClientConfig`, "required when strategy is set to Webhook"));
    else if ((cc.url === undefined) === (cc.service === undefined)) errs.push(fieldErrors.required(`${p}.webhookClientConfig`, "exactly one of url or service is required"));
    else if (cc.url !== undefined) errs.push(...webhookURLErrors(cc.url, `${p}.webhookClientConfig.url`));
    else if (cc.service) {
      const sp = `${p}.webhookClientConfig.service`;
      if (!cc.service.name) errs.push(fieldErrors.required(`${sp}.name`, "service name is required"));
      if (!cc.service.namespace) errs.push(fieldErrors.required(`${sp}.namespace`, "service namespace is required"));
      const port = cc.service.port ?? 443;
      if (port < 1 || port > 65535) errs.push(fieldErrors.invalid(`${sp}.port`, port, "port is not valid: must be between 1 and 65535, inclusive"));
      if (cc.service.path !== undefined && !cc.service.path.startsWith("/")) errs.push(fieldErrors.invalid(`${sp}.path`, cc.service.path, "must start with a '/'"));
    }
    const reviews = webhook?.conversionReviewVersions ?? [];
    if (!reviews.length) errs.push(fieldErrors.required(`${p}.conversionReviewVersions`, "must include at least one of v1, v1beta1"));
    else if (!reviews.some((r) => r === "v1" || r === "v1beta1")) errs.push(fieldErrors.invalid(`${p}.conversionReviewVersions`, reviews, "must include at least one of v1, v1beta1"));
  } else if (conv.webhook?.clientConfig) {
    errs.push(fieldErrors.forbidden(`${p}.webhookClientConfig`, "should not be set when strategy is not set to Webhook"));
  }
  return errs;
}

function webhookURLErrors(raw: string, p: string): FieldError[] {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return [fieldErrors.invalid(p, raw, "host must be specified")];
  }
  if (url.protocol !== "https:") return [fieldErrors.invalid(p, raw, `'https' is the only allowed URL scheme`)];
  if (!url.hostname) return [fieldErrors.invalid(p, raw, "host must be specified")];
  if (url.username || url.password) return [fieldErrors.invalid(p, raw, "user information is not permitted in the URL")];
  if (url.hash) return [fieldErrors.invalid(p, raw, "fragments are not permitted in the URL")];
  if (url.search) return [fieldErrors.invalid(p, raw, "query parameters are not permitted in the URL")];
  return [];
}

function validateStoredVersions(crd: CustomResourceDefinition): FieldError[] {
  const stored = crd.status?.storedVersions ?? [];
  const p = "status.storedVersions";
  if (!stored.length) return [fieldErrors.invalid(p, stored, "must have at least one stored version")];
  const errs: FieldError[] = [];
  const left = new Map(stored.map((v, i) => [v, i]));
  for (const v of crd.spec?.versions ?? []) {
    if (v.storage && !left.has(v.name)) errs.push(fieldErrors.invalid(p, versionsValue([v]), `must have the storage version ${v.name}`));
    left.delete(v.name);
  }
  for (const [v, i] of left) errs.push(fieldErrors.invalid(`${p}[${i}]`, v, "must appear in spec.versions"));
  return errs;
}
