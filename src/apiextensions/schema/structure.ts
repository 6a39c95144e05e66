/**
 * The checks a CRD version's schema must pass (upstream's
 * ValidateCustomResourceDefinitionOpenAPISchema for apiextensions.k8s.io/v1
 * and structuralschema.ValidateStructural): supported keywords, structural
 * rules, list and map types, defaults that validate and survive pruning,
 * and CEL rules that compile.
 */
import { fieldErrors, FieldPath, type FieldError } from "../../api/validation/field.js";
import { compileNodeRules, goValidationRule } from "./cel-rules.js";
import { isObject, deepCopy, jsonEqual } from "./json.js";
import { validateOpenApi } from "./openapi-validate.js";
import { pruneObject } from "./prune.js";
import { patternError } from "./regex.js";
import type { JSONSchemaProps } from "./types.js";

const openapiV3Types = ["array", "boolean", "integer", "number", "object", "string"];
const metaFields = new Set(["apiVersion", "kind", "metadata"]);
const supportedReasons = ["FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"];

interface Ctx {
  allowDefaults: boolean;
  disallowDefaultsReason: string;
  insideResourceMeta: boolean;
  /** Where the schema stops correlating old and new values (oldSelf is forbidden below it). */
  uncorrelatable?: string;
}

function items(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return s.items && !Array.isArray(s.items) ? s.items : undefined;
}

function addl(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return isObject(s.additionalProperties) ? (s.additionalProperties as JSONSchemaProps) : undefined;
}

const hasNewlines = (s: string) => /\n/.test(s);

/** specStandardValidatorV3.validate: keywords CRD schemas do not support. */
function standard(s: JSONSchemaProps, p: FieldPath, ctx: Ctx): FieldError[] {
  const errs: FieldError[] = [];
  if (s.type && !openapiV3Types.includes(s.type)) errs.push(fieldErrors.notSupported(p.child("type"), s.type, openapiV3Types));
  if (s.default !== undefined && !ctx.allowDefaults) errs.push(fieldErrors.forbidden(p.child("default"), `must not be set${ctx.disallowDefaultsReason ? ` ${ctx.disallowDefaultsReason}` : ""}`));
  if (s.id) errs.push(fieldErrors.forbidden(p.child("id"), "id is not supported"));
  if (s.additionalItems !== undefined) errs.push(fieldErrors.forbidden(p.child("additionalItems"), "additionalItems is not supported"));
  if (s.patternProperties && Object.keys(s.patternProperties).length) errs.push(fieldErrors.forbidden(p.child("patternProperties"), "patternProperties is not supported"));
  if (s.definitions && Object.keys(s.definitions).length) errs.push(fieldErrors.forbidden(p.child("definitions"), "definitions is not supported"));
  if (s.dependencies !== undefined) errs.push(fieldErrors.forbidden(p.child("dependencies"), "dependencies is not supported"));
  if (s.$ref !== undefined) errs.push(fieldErrors.forbidden(p.child("$ref"), "$ref is not supported"));
  if (s.type === "null") errs.push(fieldErrors.forbidden(p.child("type"), "type cannot be set to null, use nullable as an alternative"));
  if (Array.isArray(s.items) && s.items.length) errs.push(fieldErrors.forbidden(p.child("items"), "items must be a schema object and not an array"));
  if (ctx.insideResourceMeta && s["x-kubernetes-embedded-resource"]) errs.push(fieldErrors.forbidden(p.child("x-kubernetes-embedded-resource"), "must not be used inside of resource meta"));
  return errs;
}

function listAndMapTypes(s: JSONSchemaProps, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  if (s["x-kubernetes-preserve-unknown-fields"] === false) errs.push(fieldErrors.invalid(p.child("x-kubernetes-preserve-unknown-fields"), false, "must be true or undefined"));
  const mapType = s["x-kubernetes-map-type"];
  if (mapType !== undefined && s.type !== "object") {
    if (!s.type) errs.push(fieldErrors.required(p.child("type"), "must be object if x-kubernetes-map-type is specified"));
    else errs.push(fieldErrors.invalid(p.child("type"), s.type, "must be object if x-kubernetes-map-type is specified"));
  }
  if (mapType !== undefined && mapType !== "atomic" && mapType !== "granular") errs.push(fieldErrors.notSupported(p.child("x-kubernetes-map-type"), mapType, ["atomic", "granular"]));
  const listType = s["x-kubernetes-list-type"];
  const it = items(s);
  if (listType !== undefined && s.type !== "array") {
    if (!s.type) errs.push(fieldErrors.required(p.child("type"), "must be array if x-kubernetes-list-type is specified"));
    else errs.push(fieldErrors.invalid(p.child("type"), s.type, "must be array if x-kubernetes-list-type is specified"));
  } else if (listType === "set" && it) {
    if (it.type === "array" && it["x-kubernetes-list-type"] !== undefined && it["x-kubernetes-list-type"] !== "atomic") {
      errs.push(fieldErrors.invalid(p.child("items").child("x-kubernetes-list-type"), it["x-kubernetes-list-type"], "must be atomic as item of a list with x-kubernetes-list-type=set"));
    }
    if (it.type === "object" && it["x-kubernetes-map-type"] !== "atomic") {
      errs.push(fieldErrors.invalid(p.child("items").child("x-kubernetes-map-type"), it["x-kubernetes-list-type"] ?? null, "must be atomic as item of a list with x-kubernetes-list-type=set"));
    }
  }
  if (listType !== undefined && !["atomic", "set", "map"].includes(listType)) errs.push(fieldErrors.notSupported(p.child("x-kubernetes-list-type"), listType, ["atomic", "set", "map"]));
  const keys = s["x-kubernetes-list-map-keys"] ?? [];
  if (keys.length) {
    if (listType === undefined) errs.push(fieldErrors.required(p.child("x-kubernetes-list-type"), "must be map if x-kubernetes-list-map-keys is non-empty"));
    else if (listType !== "map") errs.push(fieldErrors.invalid(p.child("x-kubernetes-list-type"), listType, "must be map if x-kubernetes-list-map-keys is non-empty"));
  }
  if (listType === "map") {
    if (!keys.length) errs.push(fieldErrors.required(p.child("x-kubernetes-list-map-keys"), "must not be empty if x-kubernetes-list-type is map"));
    if (s.items === undefined) errs.push(fieldErrors.required(p.child("items"), "must have a schema if x-kubernetes-list-type is map"));
    if (Array.isArray(s.items)) errs.push(fieldErrors.invalid(p.child("items"), s.items, "must only have a single schema if x-kubernetes-list-type is map"));
    if (it && it.type !== "object") errs.push(fieldErrors.invalid(p.child("items").child("type"), it.type ?? "", "must be object if parent array's x-kubernetes-list-type is map"));
    if (it && it.type === "object") {
      const seen = new Set<string>();
      for (const k of keys) {
        const prop = it.properties?.[k];
        if (prop) {
          if (prop.type === "array" || prop.type === "object") errs.push(fieldErrors.invalid(p.child("items").child("properties").key(k).child("type"), it.type, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
        } else errs.push(fieldErrors.invalid(p.child("x-kubernetes-list-map-keys"), keys, "entries must all be names of item properties"));
        if (seen.has(k)) errs.push(fieldErrors.invalid(p.child("x-kubernetes-list-map-keys"), keys, "must not contain duplicate entries"));
        seen.add(k);
      }
    }
  }
  return errs;
}

/** A rule's fieldPath must name a field of this schema node (".a.b", "['a.b']", "[1]" on lists). */
function pathValid(s: JSONSchemaProps, fieldPath: string): boolean {
  let rest = fieldPath.trim();
  let cur: JSONSchemaProps | undefined = s;
  if (!rest) return false;
  while (rest) {
    const m = /^\.([a-zA-Z_][a-zA-Z0-9_-]*)|^\['((?:[^'\\]|\\.)*)'\]|^\[(\d+)\]/.exec(rest);
    if (!m || !cur) return false;
    rest = rest.slice(m[0].length);
    if (m[3] !== undefined) {
      cur = items(cur);
      continue;
    }
    const name = m[1] ?? m[2].replace(/\\(.)/g, "$1");
    cur = cur.properties?.[name] ?? addl(cur);
  }
  return !!cur;
}

function validationRules(s: JSONSchemaProps, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (s["x-kubernetes-validations"] ?? []).forEach((rule, i) => {
    const rp = p.child("x-kubernetes-validations").index(i);
    const trimmedRule = (rule.rule ?? "").trim();
    const trimmedMsg = (rule.message ?? "").trim();
    if (!trimmedRule) errs.push(fieldErrors.required(rp.child("rule"), "rule is not specified"));
    else if (rule.message && !trimmedMsg) errs.push(fieldErrors.invalid(rp.child("message"), rule.message, "message must be non-empty if specified"));
    else if (hasNewlines(trimmedMsg)) errs.push(fieldErrors.invalid(rp.child("message"), rule.message, "message must not contain line breaks"));
    else if (hasNewlines(trimmedRule) && !trimmedMsg) errs.push(fieldErrors.required(rp.child("message"), "message must be specified if rule contains line breaks"));
    if (rule.messageExpression !== undefined && rule.messageExpression.length > 0 && !rule.messageExpression.trim()) {
      errs.push(fieldErrors.required(rp.child("messageExpression"), "messageExpression must be non-empty if specified"));
    }
    if (rule.reason !== undefined && !supportedReasons.includes(rule.reason)) errs.push(fieldErrors.notSupported(rp.child("reason"), rule.reason, supportedReasons));
    if (rule.fieldPath !== undefined && rule.fieldPath.length > 0) {
      if (!rule.fieldPath.trim()) errs.push(fieldErrors.invalid(rp.child("fieldPath"), rule.fieldPath, "fieldPath must be non-empty if specified"));
      if (hasNewlines(rule.fieldPath)) errs.push(fieldErrors.invalid(rp.child("fieldPath"), rule.fieldPath, "fieldPath must not contain line breaks"));
      if (!pathValid(s, rule.fieldPath)) errs.push(fieldErrors.invalid(rp.child("fieldPath"), rule.fieldPath, "fieldPath must be a valid path"));
    }
  });
  return errs;
}

/** Compile errors of a node's rules, with the oldSelf correlation check. */
function celErrors(s: JSONSchemaProps, p: FieldPath, isRoot: boolean, ctx: Ctx): FieldError[] {
  const rules = s["x-kubernetes-validations"];
  if (!rules?.length) return [];
  const own = compileNodeRules(s, isRoot);
  const errs: FieldError[] = [];
  own.forEach((c, i) => {
    const rp = p.child("x-kubernetes-validations").index(i);
    if (c.error) {
      if (c.error.type === "required") {
        if ((c.rule.rule ?? "").trim()) errs.push(fieldErrors.required(rp.child("rule"), c.error.detail));
      } else errs.push(fieldErrors.invalid(rp.child("rule"), goValidationRule(c.rule), c.error.detail));
    }
    if (c.messageExpressionError) errs.push(fieldErrors.invalid(rp.child("messageExpression"), goValidationRule(c.rule), c.messageExpressionError));
    if (c.usesOldSelf && ctx.uncorrelatable !== undefined) {
      errs.push(fieldErrors.invalid(rp.child("rule"), c.rule.rule, `oldSelf cannot be used on the uncorrelatable portion of the schema within ${ctx.uncorrelatable}`));
    }
  });
  return errs;
}

/** Defaults must validate against their schema and must not carry fields pruning would drop. */
function defaults(s: JSONSchemaProps, p: FieldPath, ctx: Ctx): FieldError[] {
  if (s.default === undefined || s.default === null || !ctx.allowDefaults) return [];
  const dp = p.child("default");
  const pruned = deepCopy(s.default);
  pruneObject(pruned, s, !!s["x-kubernetes-embedded-resource"]);
  if (!jsonEqual(pruned, s.default)) return [fieldErrors.invalid(dp, s.default, "must not have unknown fields")];
  return validateOpenApi(s, s.default).map((e) => ({ ...e, field: e.field === "<nil>" || !e.field ? dp.toString() : `${dp.toString()}.${e.field}` }));
}

function isIntOrStringAnyOf(list: JSONSchemaProps[] | undefined): boolean {
  return list?.length === 2 && list[0].type === "integer" && list[1].type === "string" && Object.keys(list[0]).length === 1 && Object.keys(list[1]).length === 1;
}

/** Keywords a value validation (allOf/anyOf/oneOf/not) must not carry, to keep the schema structural. */
function nestedValueValidation(v: JSONSchemaProps | undefined, p: FieldPath, skipAnyOf: boolean, _nested: boolean): FieldError[] {
  if (!v) return [];
  const errs: FieldError[] = [...valueValidation(v, p, skipAnyOf, false)];
  const it = items(v);
  if (it) errs.push(...nestedValueValidation(it, p.child("items"), false, true));
  for (const [k, f] of Object.entries(v.properties ?? {})) errs.push(...nestedValueValidation(f, p.child("properties").key(k), false, true));
  {
    if (v.type) errs.push(fieldErrors.forbidden(p.child("type"), "must be empty to be structural"));
    if (v.additionalProperties !== undefined) errs.push(fieldErrors.forbidden(p.child("additionalProperties"), "must be undefined to be structural"));
    if (v.default !== undefined) errs.push(fieldErrors.forbidden(p.child("default"), "must be undefined to be structural"));
    if (v.title) errs.push(fieldErrors.forbidden(p.child("title"), "must be empty to be structural"));
    if (v.description) errs.push(fieldErrors.forbidden(p.child("description"), "must be empty to be structural"));
    if (v.nullable) errs.push(fieldErrors.forbidden(p.child("nullable"), "must be false to be structural"));
    if (v["x-kubernetes-preserve-unknown-fields"]) errs.push(fieldErrors.forbidden(p.child("x-kubernetes-preserve-unknown-fields"), "must be false to be structural"));
    if (v["x-kubernetes-embedded-resource"]) errs.push(fieldErrors.forbidden(p.child("x-kubernetes-embedded-resource"), "must be false to be structural"));
    if (v["x-kubernetes-int-or-string"]) errs.push(fieldErrors.forbidden(p.child("x-kubernetes-int-or-string"), "must be false to be structural"));
    if (v["x-kubernetes-list-map-keys"]?.length) errs.push(fieldErrors.forbidden(p.child("x-kubernetes-list-map-keys"), "must be empty to be structural"));
    if (v["x-kubernetes-list-type"] !== undefined) errs.push(fieldErrors.forbidden(p.child("x-kubernetes-list-type"), "must be undefined to be structural"));
    if (v["x-kubernetes-map-type"] !== undefined) errs.push(fieldErrors.forbidden(p.child("x-kubernetes-map-type"), "must be undefined to be structural"));
    if (v["x-kubernetes-validations"]?.length) errs.push(fieldErrors.forbidden(p.child("x-kubernetes-validations"), "must be empty to be structural"));
  }
  if (v.properties && "metadata" in v.properties) errs.push(fieldErrors.forbidden(p.child("properties").key("metadata"), "must not be specified in a nested context"));
  return errs;
}

function valueValidation(s: JSONSchemaProps, p: FieldPath, skipAnyOf: boolean, skipFirstAllOfAnyOf: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (!skipAnyOf) (s.anyOf ?? []).forEach((v, i) => errs.push(...nestedValueValidation(v, p.child("anyOf").index(i), false, false)));
  (s.allOf ?? []).forEach((v, i) => errs.push(...nestedValueValidation(v, p.child("allOf").index(i), skipFirstAllOfAnyOf && i === 0, false)));
  (s.oneOf ?? []).forEach((v, i) => errs.push(...nestedValueValidation(v, p.child("oneOf").index(i), false, false)));
  if (s.not) errs.push(...nestedValueValidation(s.not, p.child("not"), false, false));
  if (s.pattern) {
    const err = patternError(s.pattern);
    if (err) errs.push(fieldErrors.invalid(p.child("pattern"), s.pattern, `must be a valid regular expression, but isn't: ${err}`));
  }
  return errs;
}

type Level = "root" | "item" | "field";

/** validateStructuralInvariants: the structural part of the schema (types, metadata, embedded resources). */
function structural(s: JSONSchemaProps, lvl: Level, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const it = items(s);
  if (s.type === "array" && !it) errs.push(fieldErrors.required(p.child("items"), "must be specified"));
  if (it) errs.push(...structural(it, "item", p.child("items")));
  for (const [k, v] of Object.entries(s.properties ?? {})) errs.push(...structural(v, "field", p.child("properties").key(k)));
  if (s.additionalProperties !== undefined && s.additionalProperties !== false) {
    if (lvl === "root") errs.push(fieldErrors.forbidden(p.child("additionalProperties"), "must not be used at the root"));
    const a = addl(s);
    if (a) errs.push(...structural(a, "field", p.child("additionalProperties")));
  }
  if (s["x-kubernetes-int-or-string"] && s["x-kubernetes-preserve-unknown-fields"]) {
    errs.push(fieldErrors.invalid(p.child("x-kubernetes-preserve-unknown-fields"), true, "must be false if x-kubernetes-int-or-string is true"));
  }
  if (s["x-kubernetes-int-or-string"] && s["x-kubernetes-embedded-resource"]) {
    errs.push(fieldErrors.invalid(p.child("x-kubernetes-embedded-resource"), true, "must be false if x-kubernetes-int-or-string is true"));
  }
  const skipAnyOf = isIntOrStringAnyOf(s.anyOf);
  const skipFirstAllOfAnyOf = !!s.allOf?.length && isIntOrStringAnyOf(s.allOf[0].anyOf);
  errs.push(...valueValidation(s, p, skipAnyOf, skipFirstAllOfAnyOf));
  const checkMetadata = lvl === "root" || !!s["x-kubernetes-embedded-resource"];
  if (s["x-kubernetes-embedded-resource"] && s.type !== "object") {
    if (!s.type) errs.push(fieldErrors.required(p.child("type"), "must be object if x-kubernetes-embedded-resource is true"));
    else errs.push(fieldErrors.invalid(p.child("type"), s.type, "must be object if x-kubernetes-embedded-resource is true"));
  } else if (!s.type && !s["x-kubernetes-int-or-string"] && !s["x-kubernetes-preserve-unknown-fields"]) {
    const where = { root: "at the root", item: "for specified array items", field: "for specified object fields" }[lvl];
    errs.push(fieldErrors.required(p.child("type"), `must not be empty ${where}`));
  }
  if (s["x-kubernetes-embedded-resource"] && s.additionalProperties !== undefined) {
    errs.push(fieldErrors.forbidden(p.child("additionalProperties"), "must not be used if x-kubernetes-embedded-resource is set"));
  }
  if (lvl === "root" && s.type && s.type !== "object") errs.push(fieldErrors.invalid(p.child("type"), s.type, "must be object at the root"));
  for (const k of ["kind", "apiVersion"]) {
    const prop = s.properties?.[k];
    if (prop && checkMetadata && prop.type !== "string") errs.push(fieldErrors.invalid(p.child("properties").key(k).child("type"), prop.type ?? "", "must be string"));
  }
  const meta = s.properties?.metadata;
  if (meta) {
    const mp = p.child("properties").key("metadata");
    if (checkMetadata && meta.type !== "object") errs.push(fieldErrors.invalid(mp.child("type"), meta.type ?? "", "must be object"));
    if (lvl === "root") {
      const { type: _t, default: _d, properties, ...rest } = meta;
      const names = Object.keys(properties ?? {});
      const onlyNames = names.every((n) => n === "name" || n === "generateName");
      if (Object.keys(rest).length > 0 || !onlyNames) {
        errs.push(fieldErrors.forbidden(mp, "must not specify anything other than name and generateName, but metadata is implicitly specified"));
      }
    }
  }
  if (s["x-kubernetes-embedded-resource"] && !s["x-kubernetes-preserve-unknown-fields"] && !Object.keys(s.properties ?? {}).length) {
    errs.push(fieldErrors.required(p.child("properties"), "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
  }
  return errs;
}

/**
 * validateStructuralCompleteness: what the root's value validations
 * (allOf/anyOf/oneOf/not) say about properties and items must also be in
 * the structural part of the schema.
 */
function completeness(v: JSONSchemaProps, s: JSONSchemaProps | undefined, sPath: FieldPath, vPath: FieldPath, nestedNode: boolean): FieldError[] {
  if (!s) return [fieldErrors.required(sPath, `because it is defined in ${vPath.toString()}`)];
  const errs: FieldError[] = [];
  if (v.not) errs.push(...completeness(v.not, s, sPath, vPath.child("not"), true));
  (["allOf", "anyOf", "oneOf"] as const).forEach((k) => (v[k] ?? []).forEach((x, i) => errs.push(...completeness(x, s, sPath, vPath.child(k).index(i), true))));
  if (!nestedNode) return errs;
  const vi = items(v);
  if (vi) errs.push(...completeness(vi, items(s), sPath.child("items"), vPath.child("items"), true));
  for (const [k, f] of Object.entries(v.properties ?? {})) {
    const sf = s.properties?.[k];
    if (!sf) errs.push(fieldErrors.required(sPath.child("properties").key(k), `because it is defined in ${vPath.child("properties").key(k).toString()}`));
    else errs.push(...completeness(f, sf, sPath.child("properties").key(k), vPath.child("properties").key(k), true));
  }
  return errs;
}

/** Set and map list items cannot be nullable; map keys must be required or defaulted, and not nullable. */
function listItemRules(s: JSONSchemaProps, p: FieldPath): FieldError[] {
  const lt = s["x-kubernetes-list-type"];
  const it = items(s);
  if ((lt !== "set" && lt !== "map") || !it) return [];
  const errs: FieldError[] = [];
  if (it.nullable) errs.push(fieldErrors.forbidden(p.child("items").child("nullable"), `cannot be nullable when x-kubernetes-list-type is ${lt}`));
  if (lt === "map") {
    const required = new Set(it.required ?? []);
    for (const k of s["x-kubernetes-list-map-keys"] ?? []) {
      const prop = it.properties?.[k];
      if (!prop) continue;
      const kp = p.child("items").child("properties").key(k);
      if (!required.has(k) && prop.default === undefined) errs.push(fieldErrors.required(kp.child("default"), "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property"));
      if (prop.nullable) errs.push(fieldErrors.forbidden(kp.child("nullable"), "this property is in x-kubernetes-list-map-keys, so it cannot be nullable"));
    }
  }
  return errs;
}

function openApiSchema(s: JSONSchemaProps, p: FieldPath, ctx: Ctx, isRoot: boolean): { schema: FieldError[]; cel: FieldError[] } {
  const schema: FieldError[] = [...standard(s, p, ctx)];
  const cel: FieldError[] = [];
  const merge = (r: { schema: FieldError[]; cel: FieldError[] }) => {
    schema.push(...r.schema);
    cel.push(...r.cel);
  };
  if (s.uniqueItems) schema.push(fieldErrors.forbidden(p.child("uniqueItems"), "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
  if (s.additionalProperties !== undefined) {
    if (s.properties && Object.keys(s.properties).length && (s.additionalProperties === false || isObject(s.additionalProperties))) {
      schema.push(fieldErrors.forbidden(p.child("additionalProperties"), "additionalProperties and properties are mutual exclusive"));
    }
    const a = addl(s);
    if (a) {
      const sub = ctx.insideResourceMeta ? { ...ctx, allowDefaults: false, disallowDefaultsReason: "inside additionalProperties applying to object metadata" } : ctx;
      merge(openApiSchema(a, p.child("additionalProperties"), sub, false));
    }
  }
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    let sub: Ctx = ctx;
    const mt = s["x-kubernetes-map-type"];
    if (mt !== undefined && mt !== "granular" && mt !== "atomic" && sub.uncorrelatable === undefined) sub = { ...sub, uncorrelatable: p.toString() };
    if ((isRoot || s["x-kubernetes-embedded-resource"]) && metaFields.has(name)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot) sub = { ...sub, allowDefaults: false, disallowDefaultsReason: `in top-level ${name}` };
    }
    merge(openApiSchema(prop, p.child("properties").key(name), sub, false));
  }
  if (s.not) merge(openApiSchema(s.not, p.child("not"), ctx, false));
  (s.allOf ?? []).forEach((x, i) => merge(openApiSchema(x, p.child("allOf").index(i), ctx, false)));
  (s.oneOf ?? []).forEach((x, i) => merge(openApiSchema(x, p.child("oneOf").index(i), ctx, false)));
  (s.anyOf ?? []).forEach((x, i) => merge(openApiSchema(x, p.child("anyOf").index(i), ctx, false)));
  for (const [name, d] of Object.entries(s.definitions ?? {})) merge(openApiSchema(d, p.child("definitions").key(name), ctx, false));
  const it = items(s);
  if (it) {
    const sub = s["x-kubernetes-list-type"] !== "map" && ctx.uncorrelatable === undefined ? { ...ctx, uncorrelatable: p.toString() } : ctx;
    merge(openApiSchema(it, p.child("items"), sub, false));
  }
  schema.push(...listAndMapTypes(s, p), ...validationRules(s, p), ...listItemRules(s, p), ...defaults(s, p, ctx));
  cel.push(...celErrors(s, p, isRoot, ctx));
  return { schema, cel };
}

/** Every problem with a CRD version's openAPIV3Schema, rooted at fieldPath. */
export function validateStructure(schema: JSONSchemaProps, fieldPath: string): FieldError[] {
  const p = FieldPath.root(fieldPath);
  const errs: FieldError[] = [];
  if (schema.nullable) errs.push(fieldErrors.forbidden(p.child("nullable"), "nullable cannot be true at the root"));
  const r = openApiSchema(schema, p, { allowDefaults: true, disallowDefaultsReason: "", insideResourceMeta: false }, true);
  const structuralErrs = [...structural(schema, "root", p), ...completeness(schema, schema, p, p, false)].sort((a, b) => (a.field + a.detail < b.field + b.detail ? -1 : 1));
  return [...errs, ...r.schema, ...structuralErrs, ...r.cel];
}
