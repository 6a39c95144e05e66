/**
 * Quota scopes, as upstream's pod evaluator matches them: a quota with
 * scopes (spec.scopes, or spec.scopeSelector's expressions) charges only
 * the pods that fall under every one of them, and no other kind.
 */
import type { Pod, PodAffinityTerm, ResourceQuotaSpec, ScopedResourceSelectorRequirement, WeightedPodAffinityTerm } from "kubernetes-types/core/v1.js";
import { podQOSClass } from "../../api/core/pod-qos.js";
import type { PodSpec } from "../../api/core/pod-types.js";

/** spec.scopes read as Exists selectors, followed by the scopeSelector's expressions. */
export function quotaScopeSelectors(spec: ResourceQuotaSpec | undefined): ScopedResourceSelectorRequirement[] {
  return [...(spec?.scopes ?? []).map((scopeName) => ({ scopeName, operator: "Exists" })), ...(spec?.scopeSelector?.matchExpressions ?? [])];
}

export function quotaIsScoped(spec: ResourceQuotaSpec | undefined): boolean {
  return quotaScopeSelectors(spec).length > 0;
}

/** Whether a pod falls under every scope of the quota (an unscoped quota takes every pod). */
export function podMatchesScopes(pod: Pod, spec: ResourceQuotaSpec | undefined): boolean {
  return quotaScopeSelectors(spec).every((s) => podMatchesScope(pod, s));
}

function podMatchesScope(pod: Pod, s: ScopedResourceSelectorRequirement): boolean {
  switch (s.scopeName) {
    case "Terminating":
      return isTerminating(pod);
    case "NotTerminating":
      return !isTerminating(pod);
    case "BestEffort":
      return podQOSClass(pod.spec as PodSpec | undefined) === "BestEffort";
    case "NotBestEffort":
      return podQOSClass(pod.spec as PodSpec | undefined) !== "BestEffort";
    case "PriorityClass":
      return priorityClassMatches(pod.spec?.priorityClassName ?? "", s);
    case "CrossNamespacePodAffinity":
      return usesCrossNamespacePodAffinity(pod);
    default:
      // VolumeAttributesClass and unknown scopes select no pod.
      return false;
  }
}

function isTerminating(pod: Pod): boolean {
  const d = pod.spec?.activeDeadlineSeconds;
  return d != null && d >= 0;
}

/**
 * Upstream evaluates the selector as a label selector over the single label
 * {PriorityClass: <priorityClassName>}, so the key always exists; Exists
 * alone is short-cut to "the pod names a priority class".
 */
function priorityClassMatches(name: string, s: ScopedResourceSelectorRequirement): boolean {
  switch (s.operator) {
    case "Exists":
      return name !== "";
    case "DoesNotExist":
      return false;
    case "In":
      return (s.values ?? []).includes(name);
    case "NotIn":
      return !(s.values ?? []).includes(name);
    default:
      return false;
  }
}

function usesCrossNamespacePodAffinity(pod: Pod): boolean {
  const a = pod.spec?.affinity;
  const crosses = (t: PodAffinityTerm) => t.namespaceSelector != null || (t.namespaces?.length ?? 0) > 0;
  const weighted = (ts: WeightedPodAffinityTerm[] | undefined) => (ts ?? []).some((w) => crosses(w.podAffinityTerm));
  for (const terms of [a?.podAffinity, a?.podAntiAffinity]) {
    if ((terms?.requiredDuringSchedulingIgnoredDuringExecution ?? []).some(crosses)) return true;
    if (weighted(terms?.preferredDuringSchedulingIgnoredDuringExecution)) return true;
  }
  return false;
}
