/**
 * LimitRanger admission (upstream's plugin/pkg/admission/limitranger):
 * the namespace's LimitRanges give new pods' containers their default
 * requests and limits (recorded in the kubernetes.io/limit-ranger
 * annotation), then bound them: min, max and maxLimitRequestRatio per
 * Container and per Pod, min and max storage per PersistentVolumeClaim.
 * Pod updates are not checked, as upstream; PVC updates are.
 */
import type { Container, LimitRange, LimitRangeItem, PersistentVolumeClaim, Pod } from "kubernetes-types/core/v1.js";
import { forbidden } from "../../api/errors.js";
import { parseQuantity, tryParseQuantity, type Quantity } from "../../api/validation/core-quantity.js";
import { isRecord, wellShaped, type Json } from "./shape.js";
import type { AdmissionAttributes, AdmissionLookup, AdmissionPlugin } from "./types.js";

const LIMIT_RANGER_ANNOTATION = "kubernetes.io/limit-ranger";
type ResourceList = Record<string, string>;
type Resources = Map<string, Quantity>;

const sortedEntries = (l: Record<string, unknown> | undefined) => Object.entries(l ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

function toResources(l: Record<string, unknown> | undefined): Resources {
  const out: Resources = new Map();
  for (const [k, v] of Object.entries(l ?? {})) {
    const q = tryParseQuantity(v);
    if (q) out.set(k, q);
  }
  return out;
}

/** Sets the container's missing requests and limits; returns what it set, as upstream's annotation words it. */
function mergeDefaults(c: Container, requests: ResourceList, limits: ResourceList, what: string): string[] {
  const r = (c.resources ??= {});
  const setLimits: string[] = [];
  const setRequests: string[] = [];
  for (const [k, v] of Object.entries(limits)) {
    if ((r.limits ??= {})[k] !== undefined) continue;
    r.limits[k] = v;
    setLimits.push(k);
  }
  for (const [k, v] of Object.entries(requests)) {
    if ((r.requests ??= {})[k] !== undefined) continue;
    r.requests[k] = v;
    setRequests.push(k);
  }
  const notes: string[] = [];
  if (setRequests.length) notes.push(`${setRequests.sort().join(", ")} request for ${what} ${c.name}`);
  if (setLimits.length) notes.push(`${setLimits.sort().join(", ")} limit for ${what} ${c.name}`);
  return notes;
}

function applyDefaults(lr: LimitRange, pod: Pod): void {
  const requests: ResourceList = {};
  const limits: ResourceList = {};
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== "Container") continue;
    Object.assign(requests, item.defaultRequest ?? {});
    Object.assign(limits, item.default ?? {});
  }
  const notes: string[] = [];
  for (const c of pod.spec?.containers ?? []) notes.push(...mergeDefaults(c, requests, limits, "container"));
  for (const c of pod.spec?.initContainers ?? []) notes.push(...mergeDefaults(c, requests, limits, "init container"));
  if (notes.length) (pod.metadata ??= {}).annotations = { ...(pod.metadata?.annotations ?? {}), [LIMIT_RANGER_ANNOTATION]: `LimitRanger plugin set: ${notes.join("; ")}` };
}

// Upstream's constraint functions and messages (note the two spaces in "is X.  No request").
function minConstraint(type: string, name: string, enforced: Quantity, req: Resources, lim: Resources): string | undefined {
  const r = req.get(name);
  const l = lim.get(name);
  if (!r) return `minimum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (r.cmp(enforced) < 0) return `minimum ${name} usage per ${type} is ${enforced}, but request is ${r}`;
  if (l && l.cmp(enforced) < 0) return `minimum ${name} usage per ${type} is ${enforced}, but limit is ${l}`;
  return undefined;
}

function maxConstraint(type: string, name: string, enforced: Quantity, req: Resources, lim: Resources): string | undefined {
  const r = req.get(name);
  const l = lim.get(name);
  if (!l) return `maximum ${name} usage per ${type} is ${enforced}.  No limit is specified`;
  if (l.cmp(enforced) > 0) return `maximum ${name} usage per ${type} is ${enforced}, but limit is ${l}`;
  if (r && r.cmp(enforced) > 0) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${r}`;
  return undefined;
}

function maxRequestConstraint(type: string, name: string, enforced: Quantity, req: Resources): string | undefined {
  const r = req.get(name);
  if (!r) return `maximum ${name} usage per ${type} is ${enforced}.  No request is specified`;
  if (r.cmp(enforced) > 0) return `maximum ${name} usage per ${type} is ${enforced}, but request is ${r}`;
  return undefined;
}

function ratioConstraint(type: string, name: string, enforced: Quantity, req: Resources, lim: Resources): string | undefined {
  const r = req.get(name);
  const l = lim.get(name);
  if (!r || r.isZero()) return `${name} max limit to request ratio per ${type} is ${enforced}, but no request is specified or request is 0`;
  if (!l || l.isZero()) return `${name} max limit to request ratio per ${type} is ${enforced}, but no limit is specified or limit is 0`;
  const ratio = Number(l.milliValue()) / Number(r.milliValue());
  if (ratio * 1000 > Number(enforced.milliValue())) return `${name} max limit to request ratio per ${type} is ${enforced}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

function checkBounds(item: LimitRangeItem, req: Resources, lim: Resources): string[] {
  const errs: string[] = [];
  const type = item.type;
  for (const [k, v] of sortedEntries(item.min)) errs.push(minConstraint(type, k, parseQuantity(v as string), req, lim) ?? "");
  for (const [k, v] of sortedEntries(item.max)) errs.push(maxConstraint(type, k, parseQuantity(v as string), req, lim) ?? "");
  for (const [k, v] of sortedEntries(item.maxLimitRequestRatio)) errs.push(ratioConstraint(type, k, parseQuantity(v as string), req, lim) ?? "");
  return errs.filter(Boolean);
}

function add(sum: Resources, l: Resources): void {
  for (const [k, q] of l) sum.set(k, sum.get(k)?.add(q) ?? q);
}
function max(into: Resources, l: Resources): void {
  for (const [k, q] of l) if (!into.has(k) || q.cmp(into.get(k)!) > 0) into.set(k, q);
}

/** The pod's effective requests or limits: containers and sidecars summed, other init containers as a maximum. */
function podTotal(pod: Pod, field: "requests" | "limits"): Resources {
  const sum: Resources = new Map();
  for (const c of pod.spec?.containers ?? []) add(sum, toResources(c.resources?.[field]));
  const sidecars: Resources = new Map();
  const initMax: Resources = new Map();
  for (const c of pod.spec?.initContainers ?? []) {
    const own = toResources(c.resources?.[field]);
    if (c.restartPolicy === "Always") {
      add(sum, own);
      add(sidecars, own);
      max(initMax, new Map(sidecars));
    } else {
      const step = new Map(own);
      add(step, sidecars);
      max(initMax, step);
    }
  }
  max(sum, initMax);
  return sum;
}

function validatePod(lr: LimitRange, pod: Pod): string[] {
  const errs: string[] = [];
  for (const item of lr.spec?.limits ?? []) {
    if (item.type === "Container") {
      for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) errs.push(...checkBounds(item, toResources(c.resources?.requests), toResources(c.resources?.limits)));
    }
    if (item.type === "Pod") errs.push(...checkBounds(item, podTotal(pod, "requests"), podTotal(pod, "limits")));
  }
  return errs;
}

function validateClaim(lr: LimitRange, pvc: PersistentVolumeClaim): string[] {
  const errs: string[] = [];
  const req = toResources(pvc.spec?.resources?.requests);
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== "PersistentVolumeClaim") continue;
    for (const [k, v] of sortedEntries(item.min)) errs.push(minConstraint(item.type, k, parseQuantity(v as string), req, new Map()) ?? "");
    for (const [k, v] of sortedEntries(item.max)) errs.push(maxRequestConstraint(item.type, k, parseQuantity(v as string), req) ?? "");
  }
  return errs.filter(Boolean);
}

/** Whether every container's resources are objects (validation refuses the pod otherwise, after this plugin). */
function wellShapedContainers(obj: unknown): boolean {
  const spec = isRecord(obj) ? obj.spec : undefined;
  if (!wellShaped(spec, ["containers", "initContainers"])) return false;
  const all = [...(((spec as Json).containers as unknown[]) ?? []), ...(((spec as Json).initContainers as unknown[]) ?? [])];
  return all.every((c) => wellShaped(c, [], ["resources"]) && wellShaped((c as Json).resources, [], ["limits", "requests"]));
}

export function createLimitRangerAdmission(lookup: AdmissionLookup): AdmissionPlugin {
  const kindOf = (a: AdmissionAttributes): "pod" | "pvc" | undefined => {
    if (a.subresource || a.resource.group !== "" || !a.object || !a.namespace) return undefined;
    if (a.operation !== "CREATE" && a.operation !== "UPDATE") return undefined;
    if (a.oldObject?.metadata.deletionTimestamp) return undefined;
    if (a.resource.resource === "pods" && a.operation === "CREATE") return "pod";
    if (a.resource.resource === "persistentvolumeclaims") return "pvc";
    return undefined;
  };
  const ranges = async (a: AdmissionAttributes) => (await lookup.list("", "limitranges", a.namespace)) as LimitRange[];
  /** One error as is, several as upstream's aggregate "[a, b]". */
  const refuse = (a: AdmissionAttributes, errs: string[]) => forbidden(a.resource, a.name, errs.length === 1 ? errs[0] : `[${errs.join(", ")}]`);
  return {
    name: "LimitRanger",
    handles: (a) => kindOf(a) !== undefined,
    async admit(a) {
      if (kindOf(a) !== "pod" || !wellShapedContainers(a.object)) return;
      for (const lr of await ranges(a)) applyDefaults(lr, a.object as Pod);
    },
    async validate(a) {
      const kind = kindOf(a);
      if (!kind) return;
      for (const lr of await ranges(a)) {
        const errs = kind === "pod" ? validatePod(lr, a.object as Pod) : validateClaim(lr, a.object as PersistentVolumeClaim);
        if (errs.length) throw refuse(a, errs);
      }
    },
  };
}
