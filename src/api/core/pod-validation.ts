/**
 * Validation of a PodSpec and a PodTemplateSpec, as upstream's ValidatePodSpec
 * and ValidatePodTemplateSpec. Workload resources reuse these for their
 * templates, so paths are built from the caller's root.
 */
import type { PodSecurityContext, SecurityContext, Toleration } from "kubernetes-types/core/v1.js";
import type { PodSpec, PodTemplateSpec } from "./pod-types.js";
import { fieldErrors, type FieldError, type FieldPath } from "../validation/field.js";
import { validateAnnotations, validateDNS1123Label, validateDNS1123Subdomain, validateLabelName, validateLabels } from "../validation/labels.js";
import { isQualifiedName, isValidLabelValue } from "../validation/names.js";
import { validateContainer } from "./pod-container-validation.js";
import { validateResourceRequirements } from "./pod-resources-validation.js";
import { validateVolumes } from "./pod-volume-validation.js";
import { inclusiveRangeError, validateNonnegative } from "../validation/numbers.js";

export const RESTART_POLICIES = ["Always", "OnFailure", "Never"];
const DNS_POLICIES = ["ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"];
const TAINT_EFFECTS = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
const MAX_INT32 = 2147483647;

export function validateTolerations(tolerations: Toleration[] | undefined, path: FieldPath): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const ip = path.index(i);
    if (t.key) errs.push(...validateLabelName(t.key, ip.child("key")));
    if (!t.key && t.operator !== "Exists") {
      errs.push(fieldErrors.invalid(ip.child("operator"), t.operator ?? "", 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== "NoExecute") {
      errs.push(fieldErrors.invalid(ip.child("effect"), t.effect ?? "", "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    switch (t.operator ?? "") {
      case "Equal":
      case "": {
        const msgs = isValidLabelValue(t.value ?? "");
        if (msgs.length) errs.push(fieldErrors.invalid(ip.child("operator"), t.value ?? "", msgs.join(";")));
        break;
      }
      case "Exists":
        if (t.value) errs.push(fieldErrors.invalid(ip.child("operator"), t, "value must be empty when `operator` is 'Exists'"));
        break;
      default:
        errs.push(fieldErrors.notSupported(ip.child("operator"), t.operator, ["Equal", "Exists"]));
    }
    if (t.effect && !TAINT_EFFECTS.includes(t.effect)) errs.push(fieldErrors.notSupported(ip.child("effect"), t.effect, TAINT_EFFECTS));
  });
  return errs;
}

function validateSecurityContext(sc: PodSecurityContext | SecurityContext | undefined, path: FieldPath): FieldError[] {
  if (!sc) return [];
  const errs: FieldError[] = [];
  for (const k of ["runAsUser", "runAsGroup", "fsGroup"] as const) {
    const v = (sc as Record<string, unknown>)[k];
    if (typeof v === "number") errs.push(...validateNonnegative(v, path.child(k)));
  }
  return errs;
}

export function validatePodSpec(spec: PodSpec | undefined, path: FieldPath): FieldError[] {
  if (!spec) return [fieldErrors.required(path)];
  const { names: volumeNames, errs } = validateVolumes(spec.volumes, path.child("volumes"));
  const containerNames = new Set<string>();
  if (!spec.containers?.length) errs.push(fieldErrors.required(path.child("containers")));
  (spec.initContainers ?? []).forEach((c, i) => errs.push(...validateContainer(c, "init", path.child("initContainers").index(i), volumeNames, containerNames)));
  (spec.containers ?? []).forEach((c, i) => errs.push(...validateContainer(c, "regular", path.child("containers").index(i), volumeNames, containerNames)));
  (spec.ephemeralContainers ?? []).forEach((c, i) => errs.push(...validateContainer(c, "ephemeral", path.child("ephemeralContainers").index(i), volumeNames, containerNames)));
  (spec.containers ?? []).forEach((c, i) => errs.push(...validateSecurityContext(c.securityContext, path.child("containers").index(i).child("securityContext"))));

  if (!spec.restartPolicy) errs.push(fieldErrors.required(path.child("restartPolicy")));
  else if (!RESTART_POLICIES.includes(spec.restartPolicy)) errs.push(fieldErrors.notSupported(path.child("restartPolicy"), spec.restartPolicy, RESTART_POLICIES));
  if (!spec.dnsPolicy) errs.push(fieldErrors.required(path.child("dnsPolicy")));
  else if (!DNS_POLICIES.includes(spec.dnsPolicy)) errs.push(fieldErrors.notSupported(path.child("dnsPolicy"), spec.dnsPolicy, DNS_POLICIES));
  else if (spec.dnsPolicy === "None" && !spec.dnsConfig) errs.push(fieldErrors.required(path.child("dnsConfig"), "must provide `dnsConfig` when `dnsPolicy` is None"));

  errs.push(...validateLabels(spec.nodeSelector, path.child("nodeSelector")));
  errs.push(...validateTolerations(spec.tolerations, path.child("tolerations")));
  errs.push(...validateSecurityContext(spec.securityContext, path.child("securityContext")));
  if (spec.serviceAccountName) errs.push(...validateDNS1123Subdomain(spec.serviceAccountName, path.child("serviceAccountName")));
  if (spec.nodeName) errs.push(...validateDNS1123Subdomain(spec.nodeName, path.child("nodeName")));
  if (spec.priorityClassName) errs.push(...validateDNS1123Subdomain(spec.priorityClassName, path.child("priorityClassName")));
  if (spec.hostname) errs.push(...validateDNS1123Label(spec.hostname, path.child("hostname")));
  if (spec.subdomain) errs.push(...validateDNS1123Label(spec.subdomain, path.child("subdomain")));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const v = spec.activeDeadlineSeconds;
    if (v < 1 || v > MAX_INT32) errs.push(fieldErrors.invalid(path.child("activeDeadlineSeconds"), v, inclusiveRangeError(1, MAX_INT32)));
  }
  (spec.readinessGates ?? []).forEach((g, i) => {
    for (const m of isQualifiedName(g.conditionType ?? "")) errs.push(fieldErrors.invalid(path.child("readinessGates").index(i).child("conditionType"), g.conditionType, m));
  });
  if (spec.hostNetwork) {
    (spec.containers ?? []).forEach((c, i) => (c.ports ?? []).forEach((p, j) => {
      if (p.hostPort && p.hostPort !== p.containerPort) {
        errs.push(fieldErrors.invalid(path.child("containers").index(i).child("ports").index(j).child("containerPort"), p.containerPort, "must match `hostPort` when `hostNetwork` is true"));
      }
    }));
  }
  const gates = new Set<string>();
  (spec.schedulingGates ?? []).forEach((g, i) => {
    const gp = path.child("schedulingGates").index(i).child("name");
    for (const m of isQualifiedName(g.name ?? "")) errs.push(fieldErrors.invalid(gp, g.name, m));
    if (gates.has(g.name)) errs.push(fieldErrors.duplicate(gp, g.name));
    gates.add(g.name);
  });
  errs.push(...validateResourceRequirements(spec.resources, path.child("resources")));
  return errs;
}

/** ValidatePodTemplateSpec: template labels and annotations, then the spec. */
export function validatePodTemplateSpec(template: PodTemplateSpec | undefined, path: FieldPath): FieldError[] {
  if (!template) return [fieldErrors.required(path)];
  const errs = [
    ...validateLabels(template.metadata?.labels, path.child("metadata", "labels")),
    ...validateAnnotations(template.metadata?.annotations, path.child("metadata", "annotations")),
    ...validatePodSpec(template.spec, path.child("spec")),
  ];
  if (template.spec?.ephemeralContainers?.length) {
    errs.push(fieldErrors.forbidden(path.child("spec", "ephemeralContainers"), "ephemeral containers not allowed in pod template"));
  }
  return errs;
}
