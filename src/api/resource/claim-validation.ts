/**
 * ResourceClaimSpec (claims and claim templates) and ResourceClaimStatus:
 * upstream's SetDefaults for requests and validation with its messages.
 */
import { fieldErrors, path as fieldPathOf, type FieldError, type FieldPath } from "../validation/field.js";
import { jsonEqual } from "../validation/immutable.js";
import {
  DEVICE_CONFIG_MAX, dnsLabel, dnsSubdomain, defaultTolerations, validateDeviceConfiguration, validateDriverName,
  validateFullyQualifiedName, validateList, validatePoolName, validateSelectors, validateSet, validateToleration,
} from "./common-validation.js";

type Json = Record<string, unknown>;
const REQUESTS_MAX = 32;
const CONSTRAINTS_MAX = 32;
const FIRST_AVAILABLE_MAX = 8;
const RESERVED_FOR_MAX = 256;
const ALLOCATION_MODES = ["All", "ExactCount"];
const CONFIG_SOURCES = ["FromClaim", "FromClass"];
const REQUEST_REF_MESSAGE = "must be the name of a request in the claim or the name of a request and a subrequest separated by '/'";

const list = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);

function defaultExact(r: Json): void {
  if (!r.allocationMode) r.allocationMode = "ExactCount";
  if (r.allocationMode === "ExactCount" && !r.count) r.count = 1;
  defaultTolerations(r.tolerations as Json[] | undefined);
}

/** SetDefaults_ExactDeviceRequest and SetDefaults_DeviceSubRequest over a claim spec. */
export function defaultClaimSpec(spec: Json | undefined): void {
  for (const r of list((spec?.devices as Json | undefined)?.requests)) {
    if (r.exactly && typeof r.exactly === "object") defaultExact(r.exactly as Json);
    for (const sub of list(r.firstAvailable)) defaultExact(sub);
  }
}

/** Request names, each with its subrequest names (upstream's gatherRequestNames). */
function requestNames(devices: Json | undefined): Map<string, Set<string> | undefined> {
  const out = new Map<string, Set<string> | undefined>();
  for (const r of list(devices?.requests)) {
    const subs = list(r.firstAvailable);
    out.set(String(r.name ?? ""), subs.length ? new Set(subs.map((s) => String(s.name ?? ""))) : undefined);
  }
  return out;
}

function validateRequestRef(name: string, p: FieldPath, names: Map<string, Set<string> | undefined>): FieldError[] {
  const segments = name.split("/");
  if (segments.length > 2) return [fieldErrors.invalid(p, name, REQUEST_REF_MESSAGE)];
  const errs = segments.flatMap((s) => dnsLabel(s, p));
  const known = names.has(segments[0]!) && (segments.length === 1 || (names.get(segments[0]!)?.has(segments[1]!) ?? false));
  if (!known) errs.push(fieldErrors.invalid(p, name, REQUEST_REF_MESSAGE));
  return errs;
}

function validateRefs(refs: unknown, p: FieldPath, names: Map<string, Set<string> | undefined>): FieldError[] {
  return validateSet(refs as string[] | undefined, REQUESTS_MAX, p, (n, ip) => validateRequestRef(n, ip, names), (n) => n);
}

function validateAllocationMode(r: Json, p: FieldPath): FieldError[] {
  const count = Number(r.count ?? 0);
  switch (r.allocationMode) {
    case "All":
      return count !== 0 ? [fieldErrors.invalid(p.child("count"), count, "must not be specified when allocationMode is 'All'")] : [];
    case "ExactCount":
      return count <= 0 ? [fieldErrors.invalid(p.child("count"), count, "must be greater than zero")] : [];
    default:
      return [fieldErrors.notSupported(p.child("allocationMode"), r.allocationMode ?? "", ALLOCATION_MODES)];
  }
}

function validateClassAndSelection(r: Json, p: FieldPath): FieldError[] {
  const cls = String(r.deviceClassName ?? "");
  return [
    ...(cls ? dnsSubdomain(cls, p.child("deviceClassName")) : [fieldErrors.required(p.child("deviceClassName"), "")]),
    ...validateSelectors(r.selectors as Json[] | undefined, p.child("selectors")),
    ...validateAllocationMode(r, p),
    ...list(r.tolerations).flatMap((t, i) => validateToleration(t, p.child("tolerations").index(i))),
  ];
}

function validateRequest(r: Json, p: FieldPath): FieldError[] {
  const errs = dnsLabel(String(r.name ?? ""), p.child("name"));
  const first = list(r.firstAvailable);
  const exactly = r.exactly as Json | undefined | null;
  if (!exactly && first.length === 0) errs.push(fieldErrors.required(p, "exactly one of `exactly` or `firstAvailable` is required"));
  else if (exactly && first.length > 0) errs.push(fieldErrors.invalid(p, null, "exactly one of `exactly` or `firstAvailable` is required, but multiple fields are set"));
  else if (first.length > 0) {
    errs.push(...validateSet(first, FIRST_AVAILABLE_MAX, p.child("firstAvailable"), (s, sp) => [...dnsLabel(String(s.name ?? ""), sp.child("name")), ...validateClassAndSelection(s, sp)], (s) => s.name));
  } else errs.push(...validateClassAndSelection(exactly!, p.child("exactly")));
  return errs;
}

function validateConstraint(c: Json, p: FieldPath, names: Map<string, Set<string> | undefined>): FieldError[] {
  const errs = validateRefs(c.requests, p.child("requests"), names);
  if (c.matchAttribute) errs.push(...validateFullyQualifiedName(String(c.matchAttribute), p.child("matchAttribute")));
  else if (c.distinctAttribute) errs.push(...validateFullyQualifiedName(String(c.distinctAttribute), p.child("distinctAttribute")));
  else errs.push(fieldErrors.required(p.child("matchAttribute"), ""));
  return errs;
}

/** validateResourceClaimSpec at p ("spec", or "spec.spec" in a template). */
export function validateClaimSpec(spec: Json | undefined, p: FieldPath): FieldError[] {
  const devices = (spec?.devices ?? {}) as Json;
  const dp = p.child("devices");
  const names = requestNames(devices);
  return [
    ...validateSet(list(devices.requests), REQUESTS_MAX, dp.child("requests"), validateRequest, (r) => r.name),
    ...validateList(list(devices.constraints), CONSTRAINTS_MAX, dp.child("constraints"), (c, cp) => validateConstraint(c, cp, names)),
    ...validateList(list(devices.config), DEVICE_CONFIG_MAX, dp.child("config"), (c, cp) => [...validateRefs(c.requests, cp.child("requests"), names), ...validateDeviceConfiguration(c, cp)]),
  ];
}

const deviceId = (d: Json) => `${String(d.driver ?? "")}/${String(d.pool ?? "")}/${String(d.device ?? "")}${d.shareID ? `/${String(d.shareID)}` : ""}`;

function validateAllocation(allocation: Json, p: FieldPath, names: Map<string, Set<string> | undefined>): FieldError[] {
  const devices = (allocation.devices ?? {}) as Json;
  const dp = p.child("devices");
  return [
    ...validateList(list(devices.results), REQUESTS_MAX, dp.child("results"), (r, rp) => [
      ...validateRequestRef(String(r.request ?? ""), rp.child("request"), names),
      ...validateDriverName(r.driver as string | undefined, rp.child("driver")),
      ...validatePoolName(r.pool as string | undefined, rp.child("pool")),
      ...dnsLabel(String(r.device ?? ""), rp.child("device")),
    ]),
    ...validateList(list(devices.config), 2 * DEVICE_CONFIG_MAX, dp.child("config"), (c, cp) => [
      ...(!c.source ? [fieldErrors.required(cp.child("source"), "")] : CONFIG_SOURCES.includes(String(c.source)) ? [] : [fieldErrors.notSupported(cp.child("source"), c.source, CONFIG_SOURCES)]),
      ...validateRefs(c.requests, cp.child("requests"), names),
      ...validateDeviceConfiguration(c, cp),
    ]),
  ];
}

/** validateResourceClaimStatusUpdate. */
export function validateClaimStatusUpdate(spec: Json | undefined, status: Json | undefined, old: Json | undefined, deleted: boolean): FieldError[] {
  const names = requestNames((spec?.devices ?? {}) as Json);
  const s = status ?? {};
  const o = old ?? {};
  const sp = (child: string) => fieldPathOf("status", child);
  const errs = validateSet(list(s.reservedFor), RESERVED_FOR_MAX, sp("reservedFor"), (r, rp) => [
    ...(r.resource ? [] : [fieldErrors.required(rp.child("resource"), "")]),
    ...(r.name ? [] : [fieldErrors.required(rp.child("name"), "")]),
    ...(r.uid ? [] : [fieldErrors.required(rp.child("uid"), "")]),
  ], (r) => r.uid);
  const allocation = s.allocation as Json | undefined | null;
  const allocated = new Set(list((allocation?.devices as Json | undefined)?.results).map(deviceId));
  errs.push(...validateSet(list(s.devices), -1, sp("devices"), (d, dp) => [
    ...validateDriverName(d.driver as string | undefined, dp.child("driver")),
    ...validatePoolName(d.pool as string | undefined, dp.child("pool")),
    ...dnsLabel(String(d.device ?? ""), dp.child("device")),
    ...(allocated.has(deviceId(d)) ? [] : [fieldErrors.invalid(dp, deviceId(d), "must be an allocated device in the claim")]),
  ], deviceId));
  if (list(s.reservedFor).length > 0) {
    if (!allocation) errs.push(fieldErrors.forbidden(sp("reservedFor"), "may not be specified when `allocated` is not set"));
    else if (deleted) {
      const before = new Set(list(o.reservedFor).map((r) => JSON.stringify(r)));
      if (list(s.reservedFor).some((r) => !before.has(JSON.stringify(r)))) {
        errs.push(fieldErrors.forbidden(sp("reservedFor"), "new entries may not be added while `deallocationRequested` or `deletionTimestamp` are set"));
      }
    }
  }
  const oldAllocation = o.allocation as Json | undefined | null;
  if (oldAllocation && allocation) {
    if (!jsonEqual(allocation, oldAllocation)) errs.push(fieldErrors.invalid(sp("allocation"), allocation, "field is immutable"));
  } else if (allocation) errs.push(...validateAllocation(allocation, sp("allocation"), names));
  return errs;
}
