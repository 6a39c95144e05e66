/**
 * Embedded resources (x-kubernetes-embedded-resource): each must carry
 * apiVersion and kind, and its metadata must be a valid ObjectMeta (upstream's
 * schema/objectmeta Validate).
 */
import { fieldErrors, FieldPath, type FieldError } from "../../api/validation/field.js";
import { validateAnnotations, validateLabels } from "../../api/validation/labels.js";
import { isDNS1035Label, isDNS1123Label, nameIsPathSegment } from "../../api/validation/names.js";
import { isObject, type JsonObject } from "./json.js";
import type { JSONSchemaProps } from "./types.js";

/** Go's encoding/json name for a JSON value's kind, as its unmarshal errors print it. */
function goJsonKind(v: unknown): string {
  if (Array.isArray(v)) return "array";
  if (v === null) return "null";
  if (typeof v === "object") return "object";
  if (typeof v === "boolean") return "bool";
  return typeof v;
}

const stringFields = ["name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "creationTimestamp", "deletionTimestamp"];
const mapFields = ["labels", "annotations"];

/** The first error json.Unmarshal into ObjectMeta would give, if any. */
function objectMetaDecodeError(meta: unknown): string | undefined {
  if (meta === null) return undefined;
  if (!isObject(meta)) return `json: cannot unmarshal ${goJsonKind(meta)} into Go value of type v1.ObjectMeta`;
  for (const f of stringFields) {
    const v = meta[f];
    if (v !== undefined && v !== null && typeof v !== "string") return `json: cannot unmarshal ${goJsonKind(v)} into Go struct field ObjectMeta.${f} of type string`;
  }
  for (const f of mapFields) {
    const v = meta[f];
    if (v === undefined || v === null) continue;
    if (!isObject(v)) return `json: cannot unmarshal ${goJsonKind(v)} into Go struct field ObjectMeta.${f} of type map[string]string`;
    for (const x of Object.values(v)) {
      if (x !== null && typeof x !== "string") return `json: cannot unmarshal ${goJsonKind(x)} into Go struct field ObjectMeta.${f} of type string`;
    }
  }
  if (meta.finalizers !== undefined && meta.finalizers !== null) {
    if (!Array.isArray(meta.finalizers)) return `json: cannot unmarshal ${goJsonKind(meta.finalizers)} into Go struct field ObjectMeta.finalizers of type []string`;
    for (const x of meta.finalizers) if (typeof x !== "string") return `json: cannot unmarshal ${goJsonKind(x)} into Go struct field ObjectMeta.finalizers of type string`;
  }
  return undefined;
}

/** ValidateObjectMeta as upstream runs it on embedded metadata: path-segment names, namespace, labels, annotations. */
function validateEmbeddedObjectMeta(meta: JsonObject, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const name = typeof meta.name === "string" && meta.name ? meta.name : "fakename";
  const generateName = typeof meta.generateName === "string" ? meta.generateName : "";
  if (generateName) for (const m of nameIsPathSegment(generateName, true)) errs.push(fieldErrors.invalid(p.child("generateName"), generateName, m));
  for (const m of nameIsPathSegment(name, false)) errs.push(fieldErrors.invalid(p.child("name"), name, m));
  const ns = typeof meta.namespace === "string" ? meta.namespace : "";
  if (ns) for (const m of isDNS1123Label(ns)) errs.push(fieldErrors.invalid(p.child("namespace"), ns, m));
  errs.push(...validateLabels(meta.labels as Record<string, string> | undefined, p.child("labels")));
  errs.push(...validateAnnotations(meta.annotations as Record<string, string> | undefined, p.child("annotations")));
  return errs;
}

/** schema.ParseGroupVersion's error for a bad apiVersion, if any. */
function groupVersionError(gv: string): string | undefined {
  if (gv === "/") return undefined;
  return gv.split("/").length > 2 ? `unexpected GroupVersion string: ${gv}` : undefined;
}

function validateEmbeddedResource(p: FieldPath, x: JsonObject): FieldError[] {
  const errs: FieldError[] = [];
  if (!("apiVersion" in x)) errs.push(fieldErrors.required(p.child("apiVersion"), "must not be empty"));
  if (!("kind" in x)) errs.push(fieldErrors.required(p.child("kind"), "must not be empty"));
  for (const [k, v] of Object.entries(x)) {
    if (k === "apiVersion") {
      if (typeof v !== "string") errs.push(fieldErrors.invalid(p.child(k), v, "must be a string"));
      else if (!v) errs.push(fieldErrors.invalid(p.child(k), v, "must not be empty"));
      else {
        const e = groupVersionError(v);
        if (e) errs.push(fieldErrors.invalid(p.child(k), v, e));
      }
    } else if (k === "kind") {
      if (typeof v !== "string") errs.push(fieldErrors.invalid(p.child(k), v, "must be a string"));
      else if (!v) errs.push(fieldErrors.invalid(p.child(k), v, "must not be empty"));
      else {
        const e = isDNS1035Label(v.toLowerCase());
        if (e.length) errs.push(fieldErrors.invalid(p.child(k), v, `may have mixed case, but should otherwise match: ${e.join(",")}`));
      }
    } else if (k === "metadata") {
      const err = objectMetaDecodeError(v);
      if (err) errs.push(fieldErrors.invalid(p.child(k), v, err));
      else if (isObject(v)) errs.push(...validateEmbeddedObjectMeta(v, p.child(k)));
    }
  }
  return errs;
}

function walk(p: FieldPath, x: unknown, s: JSONSchemaProps | undefined): FieldError[] {
  if (!s) return [];
  const errs: FieldError[] = [];
  if (isObject(x)) {
    if (s["x-kubernetes-embedded-resource"]) errs.push(...validateEmbeddedResource(p, x));
    for (const [k, v] of Object.entries(x)) {
      const prop = s.properties?.[k];
      if (prop) errs.push(...walk(p.child(k), v, prop));
      else if (isObject(s.additionalProperties)) errs.push(...walk(p.key(k), v, s.additionalProperties as JSONSchemaProps));
    }
  } else if (Array.isArray(x)) {
    const items = s.items && !Array.isArray(s.items) ? s.items : undefined;
    x.forEach((v, i) => errs.push(...walk(p.index(i), v, items)));
  }
  return errs;
}

/** Embedded resources below the root (the root's own metadata is the server's to validate). */
export function validateEmbeddedResources(schema: JSONSchemaProps, obj: unknown): FieldError[] {
  return walk(FieldPath.root(""), obj, schema);
}
