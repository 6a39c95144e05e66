import type { LimitRange, LimitRangeItem } from "kubernetes-types/core/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";
import { canonicalizeResourceList, tryParseQuantity, Quantity } from "../validation/core-quantity.js";
import { validateResourceList } from "../validation/core-common.js";
import { createdAtColumn } from "../printers.js";

export type LimitRangeObject = LimitRange & KubeObject;
type ResourceList = Record<string, string>;
type Item = LimitRangeItem & { default?: ResourceList; defaultRequest?: ResourceList; max?: ResourceList; min?: ResourceList; maxLimitRequestRatio?: ResourceList };

const limitTypes = ["Container", "PersistentVolumeClaim", "Pod"];

/** Upstream's SetDefaults_LimitRangeItem: container defaults fall back to max, requests to default then min. */
export function defaultLimitRangeItem(item: Item): void {
  for (const list of [item.default, item.defaultRequest, item.max, item.min, item.maxLimitRequestRatio]) canonicalizeResourceList(list);
  if (item.type !== "Container") return;
  const def: ResourceList = { ...(item.default ?? {}) };
  const req: ResourceList = { ...(item.defaultRequest ?? {}) };
  for (const [k, v] of Object.entries(item.max ?? {})) if (!(k in def)) def[k] = v;
  for (const [k, v] of Object.entries(def)) if (!(k in req)) req[k] = v;
  for (const [k, v] of Object.entries(item.min ?? {})) if (!(k in req)) req[k] = v;
  if (Object.keys(def).length) item.default = def;
  if (Object.keys(req).length) item.defaultRequest = req;
}

function validateItem(item: Item, i: number): FieldError[] {
  const p = path("spec", "limits").index(i);
  const errs: FieldError[] = [];
  for (const name of ["max", "min", "default", "defaultRequest", "maxLimitRequestRatio"] as const) {
    errs.push(...validateResourceList(item[name], p.child(name)));
  }
  if (item.type === "Pod") {
    if (Object.keys(item.default ?? {}).length) errs.push(fieldErrors.forbidden(p.child("default"), "may not be specified when `type` is 'Pod'"));
    if (Object.keys(item.defaultRequest ?? {}).length) errs.push(fieldErrors.forbidden(p.child("defaultRequest"), "may not be specified when `type` is 'Pod'"));
  }
  if (item.type === "PersistentVolumeClaim" && !item.min?.storage && !item.max?.storage) {
    errs.push(fieldErrors.required(p.child("limits"), "either minimum or maximum storage value is required, but neither was provided"));
  }
  const keys = new Set([item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio].flatMap((l) => Object.keys(l ?? {})));
  const q = (l: ResourceList | undefined, k: string) => (l && k in l ? tryParseQuantity(l[k]) : undefined);
  for (const k of keys) {
    const [min, max, def, req, ratio] = [q(item.min, k), q(item.max, k), q(item.default, k), q(item.defaultRequest, k), q(item.maxLimitRequestRatio, k)];
    if (min && max && min.cmp(max) > 0) errs.push(fieldErrors.invalid(p.child("min").key(k), min.toString(), `min value ${min} is greater than max value ${max}`));
    if (req && min && min.cmp(req) > 0) errs.push(fieldErrors.invalid(p.child("defaultRequest").key(k), req.toString(), `min value ${min} is greater than default request value ${req}`));
    if (req && max && req.cmp(max) > 0) errs.push(fieldErrors.invalid(p.child("defaultRequest").key(k), req.toString(), `default request value ${req} is greater than max value ${max}`));
    if (req && def && req.cmp(def) > 0) errs.push(fieldErrors.invalid(p.child("defaultRequest").key(k), req.toString(), `default request value ${req} is greater than default limit value ${def}`));
    if (def && min && min.cmp(def) > 0) errs.push(fieldErrors.invalid(p.child("default").key(k), min.toString(), `min value ${min} is greater than default value ${def}`));
    if (def && max && def.cmp(max) > 0) errs.push(fieldErrors.invalid(p.child("default").key(k), max.toString(), `default value ${def} is greater than max value ${max}`));
    if (ratio && ratio.cmp(Quantity.fromInt(1)) < 0) errs.push(fieldErrors.invalid(p.child("maxLimitRequestRatio").key(k), ratio.toString(), `ratio ${ratio} is less than 1`));
  }
  return errs;
}

/** Upstream's ValidateLimitRange. */
export function validateLimitRange(lr: LimitRangeObject): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const [i, item] of (lr.spec?.limits ?? []).entries()) {
    const tp = path("spec", "limits").index(i).child("type");
    if (!limitTypes.includes(item.type)) errs.push(fieldErrors.notSupported(tp, item.type, limitTypes));
    if (seen.has(item.type)) errs.push(fieldErrors.duplicate(tp, item.type));
    seen.add(item.type);
    errs.push(...validateItem(item as Item, i));
  }
  return errs;
}

export const limitranges: ResourceDefinition<LimitRangeObject> = {
  group: "",
  version: "v1",
  kind: "LimitRange",
  plural: "limitranges",
  singular: "limitrange",
  namespaced: true,
  shortNames: ["limits"],
  schema: "io.k8s.api.core.v1.LimitRange",
  tracksGeneration: false,
  defaults(lr) {
    for (const item of lr.spec?.limits ?? []) defaultLimitRangeItem(item as Item);
  },
  validate: (lr) => validateLimitRange(lr),
  validateUpdate: (lr) => validateLimitRange(lr),
  columns: [createdAtColumn()],
};
