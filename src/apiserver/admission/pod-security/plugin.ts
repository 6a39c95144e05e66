/**
 * PodSecurity admission, as upstream's plugin: the namespace's
 * pod-security.kubernetes.io labels choose a level and version per mode.
 * enforce refuses pods that violate it; audit adds the
 * pod-security.kubernetes.io/audit-violations annotation to the audit
 * event; warn returns Warning headers. Workload resources (Deployment,
 * Job, ...) get audit and warn for their pod templates, never enforcement.
 * Namespace labels are validated, and tightening enforce warns about the
 * existing pods that would violate it. Exemptions (a configuration file
 * upstream) are not supported.
 */
import type { Namespace, Pod, PodSpec, PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { forbidden } from "../../../api/errors.js";
import type { KubeObject } from "../../../api/types.js";
import { invalid, fieldErrorMessage } from "../../../api/validation/field.js";
import { addAuditAnnotation, addWarning, type AdmissionAttributes, type AdmissionLookup, type AdmissionPlugin } from "../types.js";
import type { PodSecurityMetrics } from "./metrics.js";
import { evaluatePod, forbiddenDetail, forbiddenReason, type Evaluation } from "./evaluate.js";
import { compareLevels, fullyPrivileged, LABEL_PREFIX, levelVersionString, policyFromLabels, sameLevelVersion, type LevelVersion, type Policy } from "./policy.js";

/** Pod subresources upstream does not evaluate. */
const IGNORED_POD_SUBRESOURCES = new Set(["exec", "attach", "binding", "eviction", "log", "portforward", "proxy", "status"]);
/** Resources whose pod template is evaluated (audit and warn only), by "group/resource". */
const POD_TEMPLATE_RESOURCES = new Set(["/replicationcontrollers", "/podtemplates", "apps/replicasets", "apps/deployments", "apps/statefulsets", "apps/daemonsets", "batch/jobs", "batch/cronjobs"]);
/** Upstream checks at most this many existing pods when a namespace's enforce level tightens. */
const MAX_PODS_TO_CHECK = 3000;

/** Counts nothing: for servers and tests without a metrics registry. */
const NO_METRICS: PodSecurityMetrics = { evaluation: () => undefined, error: () => undefined };

export function createPodSecurityAdmission(lookup: AdmissionLookup, metrics: PodSecurityMetrics = NO_METRICS): AdmissionPlugin {
  return {
    name: "PodSecurity",
    async validate(a) {
      if (a.operation !== "CREATE" && a.operation !== "UPDATE") return;
      const key = `${a.resource.group}/${a.resource.resource}`;
      if (key === "/namespaces") return validateNamespace(a, lookup);
      if (key === "/pods") return validatePod(a, lookup, metrics);
      if (POD_TEMPLATE_RESOURCES.has(key)) return validatePodTemplate(a, lookup, metrics);
    },
  };
}

async function namespacePolicy(a: AdmissionAttributes, lookup: AdmissionLookup) {
  const ns = (await lookup.get("", "namespaces", undefined, a.namespace ?? "")) as Namespace | undefined;
  return policyFromLabels(ns?.metadata?.labels as Record<string, string> | undefined);
}

async function validatePod(a: AdmissionAttributes, lookup: AdmissionLookup, metrics: PodSecurityMetrics): Promise<void> {
  if (a.subresource && IGNORED_POD_SUBRESOURCES.has(a.subresource)) return;
  const { policy, errors } = await namespacePolicy(a, lookup);
  if (!errors.length && fullyPrivileged(policy)) {
    addAuditAnnotation(a, `${LABEL_PREFIX}enforce-policy`, levelVersionString(policy.enforce));
    metrics.evaluation("allow", policy.enforce, "enforce", a);
    return;
  }
  const pod = a.object as Pod;
  if (a.operation === "UPDATE" && !significantPodUpdate(pod, a.oldObject as Pod)) return;
  evaluate(a, metrics, policy, errors.map(fieldErrorMessage), pod.metadata ?? {}, pod.spec ?? { containers: [] }, true);
}

async function validatePodTemplate(a: AdmissionAttributes, lookup: AdmissionLookup, metrics: PodSecurityMetrics): Promise<void> {
  if (a.subresource) return;
  const { policy, errors } = await namespacePolicy(a, lookup);
  if (!errors.length && policy.warn.level === "privileged" && policy.audit.level === "privileged") return;
  const template = podTemplateOf(a.object);
  if (!template) return;
  evaluate(a, metrics, policy, errors.map(fieldErrorMessage), template.metadata ?? {}, template.spec ?? { containers: [] }, false);
}

/** The pod template of a workload object (a CronJob's is in its job template). */
function podTemplateOf(obj: KubeObject | undefined): PodTemplateSpec | undefined {
  if (!obj) return undefined;
  if (obj.kind === "PodTemplate") return (obj as { template?: PodTemplateSpec }).template;
  const spec = obj.spec as { template?: PodTemplateSpec; jobTemplate?: { spec?: { template?: PodTemplateSpec } } } | undefined;
  return spec?.jobTemplate ? spec.jobTemplate.spec?.template : spec?.template;
}

function evaluate(a: AdmissionAttributes, metrics: PodSecurityMetrics, policy: Policy, labelErrors: string[], meta: ObjectMeta, spec: PodSpec, enforce: boolean): void {
  if (labelErrors.length) metrics.error(false, a);
  if (labelErrors.length) addAuditAnnotation(a, `${LABEL_PREFIX}error`, `Failed to parse policy: ${labelErrors.length === 1 ? labelErrors[0] : `[${labelErrors.join(", ")}]`}`);
  const cache = new Map<string, Evaluation>();
  const run = (lv: LevelVersion) => {
    const k = levelVersionString(lv);
    if (!cache.has(k)) cache.set(k, evaluatePod(lv, meta, spec));
    return cache.get(k)!;
  };
  let refusal: Error | undefined;
  if (enforce) {
    addAuditAnnotation(a, `${LABEL_PREFIX}enforce-policy`, levelVersionString(policy.enforce));
    const result = run(policy.enforce);
    metrics.evaluation(result.allowed ? "allow" : "deny", policy.enforce, "enforce", a);
    if (!result.allowed) refusal = forbidden(a.resource, a.name, `violates PodSecurity ${JSON.stringify(levelVersionString(policy.enforce))}: ${forbiddenDetail(result)}`);
  }
  const audit = run(policy.audit);
  if (!audit.allowed) metrics.evaluation("deny", policy.audit, "audit", a);
  if (!audit.allowed) addAuditAnnotation(a, `${LABEL_PREFIX}audit-violations`, `would violate PodSecurity ${JSON.stringify(levelVersionString(policy.audit))}: ${forbiddenDetail(audit)}`);
  if (refusal) throw refusal;
  const warn = run(policy.warn);
  if (!warn.allowed) metrics.evaluation("deny", policy.warn, "warn", a);
  if (!warn.allowed) addWarning(a, `would violate PodSecurity ${JSON.stringify(levelVersionString(policy.warn))}: ${forbiddenDetail(warn)}`);
}

/** Only image changes (and new containers) can change a running pod's security verdict. */
function significantPodUpdate(pod: Pod, old: Pod | undefined): boolean {
  if (!old) return true;
  const cs = pod.spec?.containers ?? [];
  const oldCs = old.spec?.containers ?? [];
  const inits = pod.spec?.initContainers ?? [];
  const oldInits = old.spec?.initContainers ?? [];
  if (cs.length !== oldCs.length || inits.length !== oldInits.length) return true;
  if (cs.some((c, i) => c.image !== oldCs[i].image) || inits.some((c, i) => c.image !== oldInits[i].image)) return true;
  const oldEphemeral = new Map((old.spec?.ephemeralContainers ?? []).map((c) => [c.name, c]));
  return (pod.spec?.ephemeralContainers ?? []).some((c) => oldEphemeral.get(c.name)?.image !== c.image || !oldEphemeral.has(c.name));
}

async function validateNamespace(a: AdmissionAttributes, lookup: AdmissionLookup): Promise<void> {
  if (a.subresource) return;
  const ns = a.object as Namespace;
  const { policy, errors } = policyFromLabels(ns.metadata?.labels as Record<string, string> | undefined);
  const refuse = () => invalid({ group: "", kind: "Namespace" }, a.name, errors);
  if (a.operation === "CREATE") {
    if (errors.length) throw refuse();
    return;
  }
  const old = policyFromLabels((a.oldObject as Namespace | undefined)?.metadata?.labels as Record<string, string> | undefined);
  if (errors.length && (!old.errors.length || JSON.stringify(errors) !== JSON.stringify(old.errors))) throw refuse();
  const next = policy.enforce;
  const prev = old.policy.enforce;
  if (sameLevelVersion(next, prev) || next.level === "privileged") return;
  if (next.version.minor === prev.version.minor && compareLevels(next.level, prev.level) < 1) return;
  for (const w of await existingPodWarnings(a.name, next, lookup)) addWarning(a, w);
}

/**
 * Upstream's warnings for existing pods under a new enforce level: one per
 * distinct violation, naming the first pod (by name) and how many others.
 * Pods of controllers already checked come last, so the cap sees variety.
 */
async function existingPodWarnings(namespace: string, enforce: LevelVersion, lookup: AdmissionLookup): Promise<string[]> {
  let pods: Pod[];
  try {
    pods = (await lookup.list("", "pods", namespace)) as Pod[];
  } catch {
    return ["failed to list pods while checking new PodSecurity enforce level"];
  }
  const first: Pod[] = [];
  const repeats: Pod[] = [];
  const controllers = new Set<string>();
  for (const p of pods) {
    const owner = p.metadata?.ownerReferences?.find((r) => r.controller);
    if (owner && controllers.has(owner.uid)) repeats.push(p);
    else {
      if (owner) controllers.add(owner.uid);
      first.push(p);
    }
  }
  const ordered = [...first, ...repeats];
  const checked = ordered.slice(0, MAX_PODS_TO_CHECK);
  const byReason = new Map<string, { pod: string; count: number }>();
  for (const p of checked) {
    const r = evaluatePod(enforce, p.metadata ?? {}, p.spec ?? { containers: [] });
    if (r.allowed) continue;
    const reason = forbiddenReason(r);
    const seen = byReason.get(reason);
    const name = p.metadata?.name ?? "";
    if (!seen) byReason.set(reason, { pod: name, count: 1 });
    else {
      seen.count++;
      if (name < seen.pod) seen.pod = name;
    }
  }
  const warnings: string[] = [];
  if (checked.length < ordered.length) warnings.push(`new PodSecurity enforce level only checked against the first ${checked.length} of ${ordered.length} existing pods`);
  if (byReason.size) warnings.push(`existing pods in namespace ${JSON.stringify(namespace)} violate the new PodSecurity enforce level ${JSON.stringify(levelVersionString(enforce))}`);
  const podWarnings = [...byReason].map(([reason, { pod, count }]) => (count === 1 ? `${pod}: ${reason}` : count === 2 ? `${pod} (and 1 other pod): ${reason}` : `${pod} (and ${count - 1} other pods): ${reason}`));
  return [...warnings, ...podWarnings.sort()];
}
