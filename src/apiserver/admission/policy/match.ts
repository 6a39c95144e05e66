/**
 * MatchResources of a policy (matchConstraints) or of a binding
 * (matchResources): resource rules with resourceNames, exclusions,
 * matchPolicy, and the namespace and object selectors.
 */
import type { MatchResources } from "kubernetes-types/admissionregistration/v1.js";
import type { AdmissionRule } from "../../../api/admissionregistration/rules.js";
import type { AdmissionRequestInfo } from "../webhook/request.js";
import { matchRules, type EquivalentResources, type RuleMatch } from "../webhook/rules.js";
import { namespaceSelectorMatches, objectSelectorMatches, type NamespaceLabels } from "../webhook/selectors.js";

type Rules = readonly AdmissionRule[] | undefined;

function named(rules: Rules, name: string): AdmissionRule[] {
  return (rules ?? []).filter((r) => !r.resourceNames?.length || r.resourceNames.includes(name));
}

/**
 * The resource and kind the request matches as, or undefined. A binding's
 * matchResources without resourceRules restricts by selectors only
 * (requireRules false).
 */
export function matchResources(m: MatchResources | undefined, req: AdmissionRequestInfo, namespaceLabels: NamespaceLabels, equivalents: EquivalentResources | undefined, requireRules: boolean): RuleMatch | undefined {
  const mr = (m ?? {}) as MatchResources & { resourceRules?: AdmissionRule[]; excludeResourceRules?: AdmissionRule[] };
  if (!namespaceSelectorMatches(mr.namespaceSelector, req, namespaceLabels)) return undefined;
  if (!objectSelectorMatches(mr.objectSelector, req)) return undefined;
  const name = req.attrs.name;
  if (matchRules(named(mr.excludeResourceRules, name), req, mr.matchPolicy, equivalents)) return undefined;
  if (!requireRules && !mr.resourceRules?.length) return { resource: req.resource, kind: req.kind };
  return matchRules(named(mr.resourceRules, name), req, mr.matchPolicy, equivalents);
}
