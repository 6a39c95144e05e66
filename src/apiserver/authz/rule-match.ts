/**
 * Whether one RBAC PolicyRule allows a request, as upstream's RuleAllows:
 * verbs, API groups, resources ("pods/log", "*\/scale", "*"), resource names,
 * and non-resource URLs (a trailing "*" matches by prefix).
 */
import type { PolicyRule } from "kubernetes-types/rbac/v1.js";
import type { AuthorizationAttributes } from "../../api/types.js";

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === "*" || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === "*" || g === group);
}

/** combined is "resource" or "resource/subresource". */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string | undefined): boolean {
  for (const r of rule.resources ?? []) {
    if (r === "*" || r === combined) return true;
    if (subresource && r.length === subresource.length + 2 && r.startsWith("*/") && r.endsWith(subresource)) return true;
  }
  return false;
}

export function resourceNameMatches(rule: PolicyRule, name: string | undefined): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name ?? "");
}

export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const u of rule.nonResourceURLs ?? []) {
    if (u === "*" || u === path) return true;
    if (u.endsWith("*") && path.startsWith(u.replace(/\*+$/, ""))) return true;
  }
  return false;
}

export function ruleAllows(attrs: AuthorizationAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attrs.verb)) return false;
  const r = attrs.resource;
  if (!r) return nonResourceURLMatches(rule, attrs.path ?? "");
  const combined = r.subresource ? `${r.resource}/${r.subresource}` : r.resource;
  return apiGroupMatches(rule, r.group) && resourceMatches(rule, combined, r.subresource) && resourceNameMatches(rule, r.name);
}
