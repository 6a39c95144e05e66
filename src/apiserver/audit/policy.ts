/**
 * The audit Policy: reading it (YAML or JSON, audit.k8s.io/v1) with
 * upstream's validation messages, and choosing each request's level by
 * the first rule that matches, as upstream's policy checker does.
 *
 * Example:
 *   apiVersion: audit.k8s.io/v1
 *   kind: Policy
 *   omitStages: [RequestReceived]
 *   rules:
 *   - level: None
 *     nonResourceURLs: ["/healthz*", "/version"]
 *   - level: Metadata
 *     resources: [{group: "", resources: ["secrets", "configmaps"]}]
 *   - level: RequestResponse
 *     resources: [{group: "", resources: ["pods", "pods/log"]}]
 *   - level: Metadata
 */
import { readFile } from "node:fs/promises";
import { parse as parseYaml } from "yaml";
import { isDNS1123Subdomain } from "../../api/validation/names.js";
import { fieldErrors, fieldErrorMessage, FieldPath, type FieldError } from "../../api/validation/field.js";
import { LEVELS, STAGES, type Level, type Policy, type PolicyRule, type Stage } from "./types.js";

/** What the policy decided for one request. */
export interface RequestAuditConfig {
  level: Level;
  omitStages: ReadonlySet<Stage>;
  omitManagedFields: boolean;
}

/** The request as the policy sees it (upstream's authorizer.Attributes). */
export interface PolicyAttributes {
  user?: { username: string; groups: string[] };
  verb: string;
  isResourceRequest: boolean;
  /** Non-resource requests: the path. */
  path: string;
  apiGroup: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
}

export class AuditPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "AuditPolicyError";
  }
}

export interface PolicyEvaluator {
  evaluate(attrs: PolicyAttributes): RequestAuditConfig;
}

export function createPolicyEvaluator(policy: Policy): PolicyEvaluator {
  const policyOmits = policy.omitStages ?? [];
  const rules = policy.rules.map((rule) => ({
    rule,
    config: {
      level: rule.level,
      // A rule omits what it lists and what the whole policy lists.
      omitStages: new Set([...policyOmits, ...(rule.omitStages ?? [])]),
      omitManagedFields: rule.omitManagedFields ?? policy.omitManagedFields ?? false,
    } satisfies RequestAuditConfig,
  }));
  const fallback: RequestAuditConfig = { level: "None", omitStages: new Set(policyOmits), omitManagedFields: policy.omitManagedFields ?? false };
  return {
    evaluate: (attrs) => rules.find(({ rule }) => ruleMatches(rule, attrs))?.config ?? fallback,
  };
}

export function ruleMatches(r: PolicyRule, attrs: PolicyAttributes): boolean {
  if (r.users?.length && (!attrs.user || !r.users.includes(attrs.user.username))) return false;
  if (r.userGroups?.length && (!attrs.user || !attrs.user.groups.some((g) => r.userGroups!.includes(g)))) return false;
  if (r.verbs?.length && !r.verbs.includes(attrs.verb)) return false;
  if (r.namespaces?.length || r.resources?.length) return resourceMatches(r, attrs);
  if (r.nonResourceURLs?.length) return !attrs.isResourceRequest && r.nonResourceURLs.some((spec) => pathMatches(attrs.path, spec));
  return true;
}

function pathMatches(path: string, spec: string): boolean {
  if (spec === "*" || spec === path) return true;
  return spec.endsWith("*") && path.startsWith(spec.replace(/\*+$/, ""));
}

function resourceMatches(r: PolicyRule, attrs: PolicyAttributes): boolean {
  if (!attrs.isResourceRequest) return false;
  if (r.namespaces?.length && !r.namespaces.includes(attrs.namespace)) return false;
  if (!r.resources?.length) return true;
  const { resource, subresource, name } = attrs;
  const combined = subresource ? `${resource}/${subresource}` : resource;
  for (const gr of r.resources) {
    if ((gr.group ?? "") !== attrs.apiGroup) continue;
    if (!gr.resources?.length) return true;
    if (gr.resourceNames?.length && !gr.resourceNames.includes(name)) continue;
    for (const res of gr.resources) {
      if (res === combined || res === "*") return true;
      if (subresource && res.startsWith("*/") && res.slice(2) === subresource) return true;
      if (res.endsWith("/*") && res.slice(0, -2) === resource) return true;
    }
  }
  return false;
}

/** The file's text -> a validated Policy; throws AuditPolicyError worded as upstream. */
export function parsePolicy(text: string): Policy {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (err) {
    throw new AuditPolicyError(`failed decoding: ${(err as Error).message}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw new AuditPolicyError("failed decoding: the document is not an object");
  const d = doc as Record<string, unknown>;
  if (d.kind === undefined || d.apiVersion === undefined) throw new AuditPolicyError(`failed decoding: Object 'Kind' is missing in '${text.trim().slice(0, 200)}'`);
  if (d.apiVersion !== "audit.k8s.io/v1" || d.kind !== "Policy") {
    throw new AuditPolicyError(`failed decoding: no kind "${String(d.kind)}" is registered for version "${String(d.apiVersion)}" in scheme "audit"`);
  }
  const policy = decodePolicy(d);
  const errs = validatePolicy(policy);
  if (errs.length) throw new AuditPolicyError(aggregate(errs.map(fieldErrorMessage)));
  if (!policy.rules.length) throw new AuditPolicyError("loaded illegal policy with 0 rules");
  return policy;
}

/** Reads --audit-policy-file; every failure names the file, as upstream's LoadPolicyFromFile. */
export async function loadPolicy(file: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw new AuditPolicyError(`loading audit policy file: failed to read file path "${file}": ${(err as Error).message}`);
  }
  try {
    return parsePolicy(text);
  } catch (err) {
    throw new AuditPolicyError(`loading audit policy file: ${(err as Error).message}: from file ${file}`);
  }
}

/** Shape checks, so that validation and matching see the types they expect. */
function decodePolicy(d: Record<string, unknown>): Policy {
  const fail = (where: string, want: string, got: unknown) => new AuditPolicyError(`failed decoding: ${where}: expected ${want}, got ${JSON.stringify(got)}`);
  const strings = (v: unknown, where: string): string[] | undefined => {
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v) || !v.every((s) => typeof s === "string")) throw fail(where, "a list of strings", v);
    return v as string[];
  };
  const bool = (v: unknown, where: string): boolean | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean") throw fail(where, "a boolean", v);
    return v;
  };
  const list = (v: unknown, where: string): Record<string, unknown>[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || !v.every((x) => typeof x === "object" && x !== null && !Array.isArray(x))) throw fail(where, "a list of objects", v);
    return v as Record<string, unknown>[];
  };
  return {
    apiVersion: "audit.k8s.io/v1",
    kind: "Policy",
    omitStages: strings(d.omitStages, "omitStages") as Stage[] | undefined,
    omitManagedFields: bool(d.omitManagedFields, "omitManagedFields"),
    rules: list(d.rules, "rules").map((r, i) => ({
      level: (typeof r.level === "string" ? r.level : r.level === undefined ? "" : String(r.level)) as Level,
      users: strings(r.users, `rules[${i}].users`),
      userGroups: strings(r.userGroups, `rules[${i}].userGroups`),
      verbs: strings(r.verbs, `rules[${i}].verbs`),
      resources: list(r.resources, `rules[${i}].resources`).map((g, j) => ({
        group: g.group === undefined || g.group === null ? "" : String(g.group),
        resources: strings(g.resources, `rules[${i}].resources[${j}].resources`),
        resourceNames: strings(g.resourceNames, `rules[${i}].resources[${j}].resourceNames`),
      })),
      namespaces: strings(r.namespaces, `rules[${i}].namespaces`),
      nonResourceURLs: strings(r.nonResourceURLs, `rules[${i}].nonResourceURLs`),
      omitStages: strings(r.omitStages, `rules[${i}].omitStages`) as Stage[] | undefined,
      omitManagedFields: bool(r.omitManagedFields, `rules[${i}].omitManagedFields`),
    })),
  };
}

/** Upstream's ValidatePolicy. */
export function validatePolicy(policy: Policy): FieldError[] {
  const errs = validateOmitStages(policy.omitStages, FieldPath.root("omitStages"));
  policy.rules.forEach((rule, i) => {
    const at = FieldPath.root("rules").index(i);
    if (!rule.level) errs.push(fieldErrors.required(at.child("level")));
    else if (!LEVELS.includes(rule.level)) errs.push(fieldErrors.notSupported(at.child("level"), rule.level, LEVELS));
    (rule.nonResourceURLs ?? []).forEach((url, j) => {
      if (url === "*") return;
      if (!url.startsWith("/")) errs.push(fieldErrors.invalid(at.child("nonResourceURLs").index(j), url, "non-resource URL rules must begin with a '/' character"));
      if (url !== "" && url.slice(0, -1).includes("*")) errs.push(fieldErrors.invalid(at.child("nonResourceURLs").index(j), url, "non-resource URL wildcards '*' must be the final character of the rule"));
    });
    for (const gr of rule.resources ?? []) {
      if (gr.group) {
        const msgs = isDNS1123Subdomain(gr.group);
        if (msgs.length) errs.push(fieldErrors.invalid(at.child("resources", "group"), gr.group, msgs.join(",")));
      }
      if (gr.resourceNames?.length && !gr.resources?.length) errs.push(fieldErrors.invalid(at.child("resources", "resourceNames"), gr.resourceNames, "using resourceNames requires at least one resource"));
    }
    errs.push(...validateOmitStages(rule.omitStages, at.child("omitStages")));
    if (rule.nonResourceURLs?.length && (rule.resources?.length || rule.namespaces?.length)) {
      errs.push(fieldErrors.invalid(at.child("nonResourceURLs"), rule.nonResourceURLs, "rules cannot apply to both regular resources and non-resource URLs"));
    }
  });
  return errs;
}

function validateOmitStages(stages: Stage[] | undefined, at: FieldPath): FieldError[] {
  return (stages ?? []).flatMap((s, i) => (STAGES.includes(s) ? [] : [fieldErrors.invalid(at.index(i), s, `allowed stages are ${STAGES.join(",")}`)]));
}

function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(", ")}]`;
}
