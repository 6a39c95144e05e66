/**
 * Rule matching (upstream's rules.Matcher): operations, API groups and
 * versions, resources with their "x/y", "*" and "*\/y" forms, and scope.
 * matchPolicy Equivalent also matches a rule through an equivalent
 * resource served at another version or group that shares its storage.
 */
import type { AdmissionRule } from "../../../api/admissionregistration/rules.js";
import type { KubeObject } from "../../../api/types.js";
import type { AdmissionRequestInfo, GVK, GVR } from "./request.js";

const has = (list: readonly string[] | undefined, v: string) => !!list && (list.includes("*") || list.includes(v));

function resourceMatches(list: readonly string[] | undefined, resource: string, subresource: string): boolean {
  const wanted = subresource ? `${resource}/${subresource}` : resource;
  for (const r of list ?? []) {
    if (r === "*/*" || r === wanted) return true;
    if (r === "*" && !subresource) return true;
    const slash = r.indexOf("/");
    if (slash < 0 || !subresource) continue;
    const res = r.slice(0, slash);
    const sub = r.slice(slash + 1);
    if ((res === "*" || res === resource) && (sub === "*" || sub === subresource)) return true;
  }
  return false;
}

function scopeMatches(scope: string | undefined, namespaced: boolean): boolean {
  if (!scope || scope === "*") return true;
  return scope === "Namespaced" ? namespaced : !namespaced;
}

/** Whether the rule covers the operation on this exact group/version/resource. */
export function ruleMatches(rule: AdmissionRule, operation: string, gvr: GVR, subresource: string, namespaced: boolean): boolean {
  return (
    has(rule.operations, operation) &&
    has(rule.apiGroups, gvr.group) &&
    has(rule.apiVersions, gvr.version) &&
    resourceMatches(rule.resources, gvr.resource, subresource) &&
    scopeMatches(rule.scope, namespaced)
  );
}

/** Converts an object between the request's version and an equivalent one. */
export interface ObjectConverter {
  to(o: KubeObject): KubeObject;
  from(o: KubeObject): KubeObject;
}

/** A resource served elsewhere on the same storage, with the kind it has there. */
export interface Equivalent {
  resource: GVR;
  kind: GVK;
  convert?: ObjectConverter;
}

/** Looks up the resources sharing a resource's storage (itself excluded). */
export type EquivalentResources = (gvr: GVR) => Equivalent[];

export interface RuleMatch {
  /** The resource and kind the webhook is sent (the request's own, or the equivalent its rule named). */
  resource: GVR;
  kind: GVK;
  /** How the object converts to and from that resource's version, when it is an equivalent one. */
  convert?: ObjectConverter;
}

/**
 * Which of rules matches the request: its own resource first; with
 * Equivalent, then any equivalent resource. Undefined when none does.
 */
export function matchRules(rules: readonly AdmissionRule[] | undefined, req: AdmissionRequestInfo, matchPolicy: string | undefined, equivalents?: EquivalentResources): RuleMatch | undefined {
  const op = req.attrs.operation;
  if ((rules ?? []).some((r) => ruleMatches(r, op, req.resource, req.subresource, req.namespaced))) return { resource: req.resource, kind: req.kind };
  if (matchPolicy === "Exact" || !equivalents) return undefined;
  for (const eq of equivalents(req.resource)) {
    if ((rules ?? []).some((r) => ruleMatches(r, op, eq.resource, req.subresource, req.namespaced))) return eq;
  }
  return undefined;
}
