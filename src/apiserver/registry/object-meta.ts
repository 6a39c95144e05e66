/**
 * Generic ObjectMeta handling every resource gets: system fields on create
 * and update, and upstream's ValidateObjectMeta / ValidateObjectMetaUpdate.
 */
import { randomUUID } from "node:crypto";
import type { KubeObject, ResourceDefinition } from "../../api/types.js";
import { fieldErrors, type FieldError } from "../../api/validation/field.js";
import { isQualifiedName, nameIsDNSSubdomain } from "../../api/validation/names.js";
import { validateAnnotations, validateLabels } from "../../api/validation/labels.js";
import { validateNonnegative } from "../../api/validation/numbers.js";
import { rfc3339 } from "../../api/printers.js";
import { deepEqual } from "./json.js";

const standardFinalizers = new Set(["kubernetes", "orphan", "foregroundDeletion"]);
const generateNameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

/** Upstream's SimpleNameGenerator: prefix (cut to fit 63) plus 5 random characters. */
export function generateName(prefix: string): string {
  const base = prefix.length > 58 ? prefix.slice(0, 58) : prefix;
  let suffix = "";
  for (let i = 0; i < 5; i++) suffix += generateNameAlphabet[Math.floor(Math.random() * generateNameAlphabet.length)];
  return base + suffix;
}

/** FillObjectMetaSystemFields plus what BeforeCreate clears. */
export function fillCreateSystemFields(obj: KubeObject, now: number): void {
  const m = obj.metadata;
  m.uid = randomUUID();
  m.creationTimestamp = rfc3339(now);
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.selfLink;
}

/** On update the client cannot change system fields: carry them from the stored object. */
export function carryUpdateSystemFields(obj: KubeObject, old: KubeObject): void {
  const m = obj.metadata;
  const o = old.metadata;
  m.uid = o.uid;
  m.creationTimestamp = o.creationTimestamp;
  if (o.deletionTimestamp) m.deletionTimestamp = o.deletionTimestamp;
  else delete m.deletionTimestamp;
  if (o.deletionGracePeriodSeconds !== undefined) m.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
  else delete m.deletionGracePeriodSeconds;
  if (o.generation !== undefined) m.generation = o.generation;
  else delete m.generation;
  delete m.selfLink;
}

/** The part of an object that spec-tracking compares: everything but metadata and status. */
export function specChanged(a: KubeObject, b: KubeObject): boolean {
  const strip = (o: KubeObject) => {
    const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = o;
    return rest;
  };
  return !deepEqual(strip(a), strip(b));
}

export function validateObjectMeta(def: ResourceDefinition, obj: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const m = obj.metadata ?? {};
  const validateName = def.validateName ?? nameIsDNSSubdomain;
  if (m.generateName) for (const msg of validateName(m.generateName, true)) errs.push(fieldErrors.invalid("metadata.generateName", m.generateName, msg));
  if (!m.name) errs.push(fieldErrors.required("metadata.name", "name or generateName is required"));
  else for (const msg of validateName(m.name, false)) errs.push(fieldErrors.invalid("metadata.name", m.name, msg));
  if (def.namespaced) {
    if (!m.namespace) errs.push(fieldErrors.required("metadata.namespace", ""));
  } else if (m.namespace) {
    errs.push(fieldErrors.forbidden("metadata.namespace", "not allowed on this type"));
  }
  errs.push(...validateNonnegative(m.generation, "metadata.generation"));
  errs.push(...validateLabels(m.labels, "metadata.labels"));
  errs.push(...validateAnnotations(m.annotations, "metadata.annotations"));
  (m.finalizers ?? []).forEach((f, i) => {
    const p = `metadata.finalizers[${i}]`;
    for (const msg of isQualifiedName(f)) errs.push(fieldErrors.invalid(p, f, msg));
    if (!def.anyQualifiedFinalizer && !f.includes("/") && !standardFinalizers.has(f)) errs.push(fieldErrors.invalid(p, f, "name is neither a standard finalizer name nor is it fully qualified"));
  });
  if (m.finalizers?.includes("orphan") && m.finalizers.includes("foregroundDeletion")) {
    errs.push(fieldErrors.invalid("metadata.finalizers", m.finalizers, "finalizer orphan and foregroundDeletion cannot be both set"));
  }
  let controllers = 0;
  (m.ownerReferences ?? []).forEach((r, i) => {
    const p = `metadata.ownerReferences[${i}]`;
    if (!r.apiVersion) errs.push(fieldErrors.invalid(`${p}.apiVersion`, r.apiVersion ?? "", "version must not be empty"));
    if (!r.kind) errs.push(fieldErrors.invalid(`${p}.kind`, r.kind ?? "", "kind must not be empty"));
    if (!r.name) errs.push(fieldErrors.invalid(`${p}.name`, r.name ?? "", "name must not be empty"));
    if (!r.uid) errs.push(fieldErrors.invalid(`${p}.uid`, r.uid ?? "", "uid must not be empty"));
    if (r.controller) controllers++;
  });
  if (controllers > 1) {
    const refs = (m.ownerReferences ?? []).filter((r) => r.controller).map((r) => `{${r.apiVersion} ${r.kind} ${r.name} ${r.uid} ${r.controller} ${r.blockOwnerDeletion ?? "<nil>"}}`);
    errs.push(fieldErrors.invalid("metadata.ownerReferences", m.ownerReferences, `Only one reference can have Controller set to true. Found "true" in references for ${refs.join(" and ")}`));
  }
  return errs;
}

export function validateObjectMetaUpdate(obj: KubeObject, old: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  const m = obj.metadata;
  const o = old.metadata;
  if (m.name !== o.name) errs.push(fieldErrors.invalid("metadata.name", m.name, "field is immutable"));
  if ((m.namespace ?? "") !== (o.namespace ?? "")) errs.push(fieldErrors.invalid("metadata.namespace", m.namespace, "field is immutable"));
  if (o.deletionTimestamp && m.finalizers) {
    const added = m.finalizers.filter((f) => !(o.finalizers ?? []).includes(f));
    if (added.length) errs.push(fieldErrors.forbidden("metadata.finalizers", `no new finalizers can be added if the object is being deleted, found new finalizers ${JSON.stringify(added)}`));
  }
  return errs;
}
