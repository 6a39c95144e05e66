/** autoscaling/v2 validation, as upstream's ValidateHorizontalPodAutoscaler. */
import type { CrossVersionObjectReference, HPAScalingRules, MetricSpec, MetricTarget } from "kubernetes-types/autoscaling/v2.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { nameIsPathSegment } from "../validation/names.js";
import type { HPAObject } from "./hpa-defaults.js";
import { validateLabelSelector } from "../validation/label-selector.js";

const METRIC_TYPES = ["ContainerResource", "External", "Object", "Pods", "Resource"];
const TARGET_TYPES = ["AverageValue", "Utilization", "Value"];
const SELECT_POLICIES = ["Disabled", "Max", "Min"];
const POLICY_TYPES = ["Percent", "Pods"];
const MAX_STABILIZATION_WINDOW = 3600;
const MAX_PERIOD_SECONDS = 1800;

function validateScaleTargetRef(ref: CrossVersionObjectReference | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!ref?.kind) errs.push(fieldErrors.required(`${path}.kind`));
  else for (const m of nameIsPathSegment(ref.kind, false)) errs.push(fieldErrors.invalid(`${path}.kind`, ref.kind, m));
  if (!ref?.name) errs.push(fieldErrors.required(`${path}.name`));
  else for (const m of nameIsPathSegment(ref.name, false)) errs.push(fieldErrors.invalid(`${path}.name`, ref.name, m));
  return errs;
}

const isNegativeQuantity = (q: string | number | undefined) => q !== undefined && String(q).trim().startsWith("-");
const isZeroQuantity = (q: string | number | undefined) => q !== undefined && Number.parseFloat(String(q)) === 0;

function validateTarget(t: MetricTarget | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!t?.type) return [fieldErrors.required(`${path}.type`, "must specify a metric target type")];
  if (!TARGET_TYPES.includes(t.type)) errs.push(fieldErrors.notSupported(`${path}.type`, t.type, TARGET_TYPES));
  if (isNegativeQuantity(t.value)) errs.push(fieldErrors.invalid(`${path}.value`, t.value, "must be positive"));
  if (isNegativeQuantity(t.averageValue)) errs.push(fieldErrors.invalid(`${path}.averageValue`, t.averageValue, "must be positive"));
  if (t.averageUtilization !== undefined && t.averageUtilization < 1) {
    errs.push(fieldErrors.invalid(`${path}.averageUtilization`, t.averageUtilization, "must be greater than 0"));
  }
  if (t.type === "Value" && t.value === undefined) errs.push(fieldErrors.required(`${path}.value`, "must set value when type is Value"));
  if (t.type === "AverageValue" && t.averageValue === undefined) errs.push(fieldErrors.required(`${path}.averageValue`, "must set averageValue when type is AverageValue"));
  if (t.type === "Utilization" && t.averageUtilization === undefined) errs.push(fieldErrors.required(`${path}.averageUtilization`, "must set averageUtilization when type is Utilization"));
  if (isZeroQuantity(t.value) && isZeroQuantity(t.averageValue)) errs.push(fieldErrors.invalid(path, t, "must set either a target value or averageValue"));
  return errs;
}

/** One metric: its type names exactly one source, which must be present. */
function validateMetric(m: MetricSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!m.type) return [fieldErrors.required(`${path}.type`, "must specify a metric source type")];
  if (!METRIC_TYPES.includes(m.type)) return [fieldErrors.notSupported(`${path}.type`, m.type, METRIC_TYPES)];
  const sources: Record<string, unknown> = { Object: m.object, Pods: m.pods, Resource: m.resource, ContainerResource: m.containerResource, External: m.external };
  const key = m.type.charAt(0).toLowerCase() + m.type.slice(1);
  for (const [type, src] of Object.entries(sources)) {
    const field = type.charAt(0).toLowerCase() + type.slice(1);
    if (type !== m.type && src !== undefined) errs.push(fieldErrors.forbidden(`${path}.${field}`, "must populate the given metric source only"));
  }
  if (sources[m.type] === undefined) return [...errs, fieldErrors.required(`${path}.${key}`, "must populate information for the given metric source")];
  const p = `${path}.${key}`;
  switch (m.type) {
    case "Resource":
    case "ContainerResource": {
      const r = m.type === "Resource" ? m.resource! : m.containerResource!;
      if (!r.name) errs.push(fieldErrors.required(`${p}.name`, "must specify a resource name"));
      if (m.type === "ContainerResource" && !m.containerResource!.container) errs.push(fieldErrors.required(`${p}.container`, "must specify a container"));
      errs.push(...validateTarget(r.target, `${p}.target`));
      if (r.target?.type === "Value") errs.push(fieldErrors.invalid(`${p}.target.type`, r.target.type, "must be either Utilization or AverageValue"));
      break;
    }
    case "Pods":
      if (!m.pods!.metric?.name) errs.push(fieldErrors.required(`${p}.metric.name`, "must specify a metric name"));
      errs.push(...validateLabelSelector(m.pods!.metric?.selector, `${p}.metric.selector`), ...validateTarget(m.pods!.target, `${p}.target`));
      if (m.pods!.target?.type && m.pods!.target.type !== "AverageValue") errs.push(fieldErrors.required(`${p}.target.averageValue`, "must specify a positive target averageValue"));
      break;
    case "Object":
      errs.push(...validateScaleTargetRef(m.object!.describedObject, `${p}.describedObject`));
      if (!m.object!.metric?.name) errs.push(fieldErrors.required(`${p}.metric.name`, "must specify a metric name"));
      errs.push(...validateLabelSelector(m.object!.metric?.selector, `${p}.metric.selector`), ...validateTarget(m.object!.target, `${p}.target`));
      break;
    case "External":
      if (!m.external!.metric?.name) errs.push(fieldErrors.required(`${p}.metric.name`, "must specify a metric name"));
      errs.push(...validateLabelSelector(m.external!.metric?.selector, `${p}.metric.selector`), ...validateTarget(m.external!.target, `${p}.target`));
      break;
  }
  return errs;
}

function validateRules(rules: HPAScalingRules | undefined, path: string): FieldError[] {
  if (!rules) return [];
  const errs: FieldError[] = [];
  const w = rules.stabilizationWindowSeconds;
  if (w !== undefined && w < 0) errs.push(fieldErrors.invalid(`${path}.stabilizationWindowSeconds`, w, "must be greater than or equal to zero"));
  if (w !== undefined && w > MAX_STABILIZATION_WINDOW) errs.push(fieldErrors.invalid(`${path}.stabilizationWindowSeconds`, w, `must be less than or equal to ${MAX_STABILIZATION_WINDOW}`));
  if (rules.selectPolicy !== undefined && !SELECT_POLICIES.includes(rules.selectPolicy)) errs.push(fieldErrors.notSupported(`${path}.selectPolicy`, rules.selectPolicy, SELECT_POLICIES));
  const policies = rules.policies ?? [];
  if (policies.length === 0 && rules.selectPolicy !== "Disabled") errs.push(fieldErrors.required(`${path}.policies`, "must specify at least one Policy"));
  policies.forEach((pol, i) => {
    const p = `${path}.policies[${i}]`;
    if (!POLICY_TYPES.includes(pol.type)) errs.push(fieldErrors.notSupported(`${p}.type`, pol.type, POLICY_TYPES));
    if (!(pol.value > 0)) errs.push(fieldErrors.invalid(`${p}.value`, pol.value, "must be greater than zero"));
    if (!(pol.periodSeconds > 0)) errs.push(fieldErrors.invalid(`${p}.periodSeconds`, pol.periodSeconds, "must be greater than zero"));
    if (pol.periodSeconds > MAX_PERIOD_SECONDS) errs.push(fieldErrors.invalid(`${p}.periodSeconds`, pol.periodSeconds, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return errs;
}

export function validateHPASpec(hpa: HPAObject): FieldError[] {
  const spec = hpa.spec;
  if (!spec) return [fieldErrors.required("spec")];
  const errs: FieldError[] = [];
  if (spec.minReplicas !== undefined && spec.minReplicas < 1) errs.push(fieldErrors.invalid("spec.minReplicas", spec.minReplicas, "must be greater than or equal to 1"));
  if (!(spec.maxReplicas >= 1)) errs.push(fieldErrors.invalid("spec.maxReplicas", spec.maxReplicas ?? 0, "must be greater than 0"));
  if (spec.minReplicas !== undefined && spec.maxReplicas < spec.minReplicas) {
    errs.push(fieldErrors.invalid("spec.maxReplicas", spec.maxReplicas, "must be greater than or equal to `minReplicas`"));
  }
  errs.push(...validateScaleTargetRef(spec.scaleTargetRef, "spec.scaleTargetRef"));
  (spec.metrics ?? []).forEach((m, i) => errs.push(...validateMetric(m, `spec.metrics[${i}]`)));
  errs.push(...validateRules(spec.behavior?.scaleUp, "spec.behavior.scaleUp"), ...validateRules(spec.behavior?.scaleDown, "spec.behavior.scaleDown"));
  return errs;
}

export function validateHPAStatus(hpa: HPAObject): FieldError[] {
  const s = hpa.status;
  const errs: FieldError[] = [];
  if (s?.currentReplicas !== undefined && s.currentReplicas < 0) errs.push(fieldErrors.invalid("status.currentReplicas", s.currentReplicas, "must be greater than or equal to 0"));
  if (s?.desiredReplicas !== undefined && s.desiredReplicas < 0) errs.push(fieldErrors.invalid("status.desiredReplicas", s.desiredReplicas, "must be greater than or equal to 0"));
  return errs;
}
