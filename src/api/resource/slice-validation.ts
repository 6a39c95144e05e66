/** ResourceSliceSpec validation, as upstream's validateResourceSliceSpec, with its messages. */
import { fieldErrors, path, type FieldError, type FieldPath } from "../validation/field.js";
import { validateImmutable } from "../validation/immutable.js";
import { validateLabelName } from "../validation/labels.js";
import { isValidLabelValue } from "../validation/names.js";
import { dnsLabel, dnsSubdomain, TAINT_EFFECTS, validateDriverName, validateList, validatePoolName, validateQualifiedName, validateSet } from "./common-validation.js";

type Json = Record<string, unknown>;
const MAX_DEVICES = 128;
const MAX_DEVICES_WITH_TAINTS_OR_COUNTERS = 64;
const MAX_COUNTER_SETS = 8;
const MAX_COUNTERS_PER_SET = 32;
const MAX_CONSUMPTIONS_PER_DEVICE = 2;
const MAX_ATTRIBUTES_AND_CAPACITIES = 32;
const MAX_ATTRIBUTE_VALUE_LENGTH = 64;
const MAX_TAINTS = 16;
const MAX_BINDING_CONDITIONS = 4;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?$/;
const NODE_SELECTION = "exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required";
const DEVICE_NODE_SELECTION = "exactly one of `nodeName`, `nodeSelector`, or `allNodes` is required when `perDeviceNodeSelection` is set to true in the ResourceSlice spec";

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const map = (v: unknown): Record<string, Json> => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, Json>) : {});

function validateAttribute(a: Json, p: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  const set = ["bool", "int", "string", "version"].filter((k) => a[k] !== undefined && a[k] !== null);
  if (typeof a.string === "string" && a.string.length > MAX_ATTRIBUTE_VALUE_LENGTH) errs.push(fieldErrors.tooLong(p.child("string"), "", MAX_ATTRIBUTE_VALUE_LENGTH));
  if (typeof a.version === "string") {
    if (!SEMVER.test(a.version)) errs.push(fieldErrors.invalid(p.child("version"), a.version, "must be a string compatible with semver.org spec 2.0.0"));
    if (a.version.length > MAX_ATTRIBUTE_VALUE_LENGTH) errs.push(fieldErrors.tooLong(p.child("version"), "", MAX_ATTRIBUTE_VALUE_LENGTH));
  }
  if (set.length !== 1) errs.push(fieldErrors.invalid(p, set.length === 0 ? "" : a, "exactly one value must be specified"));
  return errs;
}

function validateCounters(counters: unknown, p: FieldPath): FieldError[] {
  const entries = Object.keys(map(counters));
  if (entries.length === 0) return [fieldErrors.required(p, "")];
  if (entries.length > MAX_COUNTERS_PER_SET) return [fieldErrors.tooMany(p, entries.length, MAX_COUNTERS_PER_SET)];
  return entries.flatMap((k) => dnsLabel(k, p.key(k)));
}

function validateTaint(t: Json, p: FieldPath): FieldError[] {
  const errs = validateLabelName(String(t.key ?? ""), p.child("key"));
  if (t.value) for (const m of isValidLabelValue(String(t.value))) errs.push(fieldErrors.invalid(p.child("value"), t.value, m));
  if (!t.effect) errs.push(fieldErrors.required(p.child("effect"), ""));
  else if (!TAINT_EFFECTS.includes(String(t.effect))) errs.push(fieldErrors.notSupported(p.child("effect"), t.effect, TAINT_EFFECTS));
  return errs;
}

function validateDevice(d: Json, p: FieldPath, perDevice: boolean): FieldError[] {
  const errs = dnsLabel(String(d.name ?? ""), p.child("name"));
  const attributes = map(d.attributes);
  const capacity = map(d.capacity);
  const total = Object.keys(attributes).length + Object.keys(capacity).length;
  if (total > MAX_ATTRIBUTES_AND_CAPACITIES) errs.push(fieldErrors.invalid(p, total, `the total number of attributes and capacities must not exceed ${MAX_ATTRIBUTES_AND_CAPACITIES}`));
  for (const [k, a] of Object.entries(attributes)) errs.push(...validateQualifiedName(k, p.child("attributes").key(k)), ...validateAttribute(map(a), p.child("attributes").key(k)));
  const multiple = d.allowMultipleAllocations === true;
  for (const [k, c] of Object.entries(capacity)) {
    errs.push(...validateQualifiedName(k, p.child("capacity").key(k)));
    if (!multiple && map(c).requestPolicy) errs.push(fieldErrors.forbidden(p.child("capacity").key(k).child("requestPolicy"), "allowMultipleAllocations must be true"));
  }
  errs.push(...validateList(list(d.taints), MAX_TAINTS, p.child("taints"), validateTaint));
  errs.push(...validateSet(list(d.consumesCounters), MAX_CONSUMPTIONS_PER_DEVICE, p.child("consumesCounters"), (c, cp) => [
    ...(c.counterSet ? dnsLabel(String(c.counterSet), cp.child("counterSet")) : [fieldErrors.required(cp.child("counterSet"), "")]),
    ...validateCounters(c.counters, cp.child("counters")),
  ], (c) => c.counterSet));
  const setFields: string[] = [];
  if (d.nodeName !== undefined && d.nodeName !== null) {
    if (d.nodeName !== "") setFields.push("`nodeName`");
    else errs.push(fieldErrors.invalid(p.child("nodeName"), "", "must not be empty"));
  }
  if (d.nodeSelector) setFields.push("`nodeSelector`");
  if (d.allNodes !== undefined && d.allNodes !== null) {
    if (d.allNodes === true) setFields.push("`allNodes`");
    else errs.push(fieldErrors.invalid(p.child("allNodes"), d.allNodes, "must be either unset or set to true"));
  }
  if (perDevice) {
    if (setFields.length === 0) errs.push(fieldErrors.required(p, DEVICE_NODE_SELECTION));
    else if (setFields.length > 1) errs.push(fieldErrors.invalid(p, `{${setFields.join(", ")}}`, DEVICE_NODE_SELECTION));
  } else if (d.nodeName != null || d.nodeSelector != null || d.allNodes != null) {
    errs.push(fieldErrors.invalid(p, null, "`nodeName`, `nodeSelector` and `allNodes` can only be set if `perDeviceNodeSelection` is set to true in the ResourceSlice spec"));
  }
  for (const key of ["bindingConditions", "bindingFailureConditions"]) {
    errs.push(...validateSet(d[key] as string[] | undefined, MAX_BINDING_CONDITIONS, p.child(key), (c, cp) => validateLabelName(c, cp), (c) => c));
  }
  return errs;
}

export function validateSliceSpec(spec: Json | undefined, old: Json | undefined): FieldError[] {
  const s = spec ?? {};
  const p = path("spec");
  const errs = validateDriverName(s.driver as string | undefined, p.child("driver"));
  const pool = map(s.pool);
  errs.push(...validatePoolName(pool.name as unknown as string | undefined, p.child("pool", "name")));
  if (!(Number(pool.resourceSliceCount ?? 0) > 0)) errs.push(fieldErrors.invalid(p.child("pool", "resourceSliceCount"), Number(pool.resourceSliceCount ?? 0), "must be greater than zero"));
  if (Number(pool.generation ?? 0) < 0) errs.push(fieldErrors.invalid(p.child("pool", "generation"), Number(pool.generation), "must be greater than or equal to zero"));
  if (old) {
    errs.push(...validateImmutable(pool.name ?? "", map(old.pool).name ?? "", p.child("pool", "name")));
    errs.push(...validateImmutable(s.driver ?? "", old.driver ?? "", p.child("driver")));
    errs.push(...validateImmutable(s.nodeName ?? null, old.nodeName ?? null, p.child("nodeName")));
  }
  const setFields: string[] = [];
  if (s.nodeName !== undefined && s.nodeName !== null) {
    if (s.nodeName !== "") {
      setFields.push("`nodeName`");
      errs.push(...dnsSubdomain(String(s.nodeName), p.child("nodeName")));
    } else errs.push(fieldErrors.invalid(p.child("nodeName"), "", "must be either unset or set to a non-empty string"));
  }
  if (s.nodeSelector) {
    setFields.push("`nodeSelector`");
    const terms = list(map(s.nodeSelector).nodeSelectorTerms);
    if (terms.length !== 1) errs.push(fieldErrors.invalid(p.child("nodeSelector", "nodeSelectorTerms"), terms, "must have exactly one node selector term"));
  }
  for (const key of ["allNodes", "perDeviceNodeSelection"]) {
    if (s[key] === undefined || s[key] === null) continue;
    if (s[key] === true) setFields.push(`\`${key}\``);
    else errs.push(fieldErrors.invalid(p.child(key), s[key], "must be either unset or set to true"));
  }
  if (setFields.length === 0) errs.push(fieldErrors.required(p, NODE_SELECTION));
  else if (setFields.length > 1) errs.push(fieldErrors.invalid(p, `{${setFields.join(", ")}}`, `${NODE_SELECTION}, but multiple fields are set`));
  if (s.sharedCounters != null && s.devices != null) errs.push(fieldErrors.invalid(p, "", "only one of `sharedCounters` or `devices` is allowed"));
  const devices = list(s.devices);
  const heavy = devices.some((d) => list(d.taints).length > 0 || list(d.consumesCounters).length > 0);
  errs.push(...validateSet(devices, heavy ? MAX_DEVICES_WITH_TAINTS_OR_COUNTERS : MAX_DEVICES, p.child("devices"), (d, dp) => validateDevice(d, dp, s.perDeviceNodeSelection === true), (d) => d.name));
  errs.push(...validateSet(list(s.sharedCounters), MAX_COUNTER_SETS, p.child("sharedCounters"), (c, cp) => [
    ...(c.name ? dnsLabel(String(c.name), cp.child("name")) : [fieldErrors.required(cp.child("name"), "")]),
    ...validateCounters(c.counters, cp.child("counters")),
  ], (c) => c.name));
  return errs;
}
