/**
 * autoscaling/v1 HorizontalPodAutoscalers are stored as autoscaling/v2
 * ones. As upstream's pkg/apis/autoscaling/v1 conversion: a CPU utilization
 * target is targetCPUUtilizationPercentage (and its current value
 * currentCPUUtilizationPercentage); everything else v2 holds travels in
 * annotations, so that a v1 client that reads and writes back loses nothing.
 */
import type { KubeObject } from "../types.js";
import { defaultHPA, DEFAULT_CPU_UTILIZATION, type HPAObject } from "./hpa-defaults.js";
import { behaviorFromGoJson, behaviorToGoJson, metricSpecFromV1, metricSpecToV1, metricStatusFromV1, metricStatusToV1 } from "./hpa-v1-metrics.js";

export const METRIC_SPECS_ANNOTATION = "autoscaling.alpha.kubernetes.io/metrics";
export const METRIC_STATUSES_ANNOTATION = "autoscaling.alpha.kubernetes.io/current-metrics";
export const CONDITIONS_ANNOTATION = "autoscaling.alpha.kubernetes.io/conditions";
export const BEHAVIOR_ANNOTATION = "autoscaling.alpha.kubernetes.io/behavior";
const TOLERANCE_DOWN_ANNOTATION = "autoscaling.alpha.kubernetes.io/scale-down-tolerance";
const TOLERANCE_UP_ANNOTATION = "autoscaling.alpha.kubernetes.io/scale-up-tolerance";

/** The annotations only conversion writes (upstream's DropRoundTripHorizontalPodAutoscalerAnnotations). */
const ROUND_TRIP = [METRIC_SPECS_ANNOTATION, BEHAVIOR_ANNOTATION, TOLERANCE_DOWN_ANNOTATION, TOLERANCE_UP_ANNOTATION, METRIC_STATUSES_ANNOTATION, CONDITIONS_ANNOTATION];

type Json = Record<string, unknown>;
export type HPAV1Object = KubeObject & { spec?: Json; status?: Json };

const obj = (v: unknown): Json => (v && typeof v === "object" && !Array.isArray(v) ? (v as Json) : {});
const has = (o: Json, k: string) => o[k] !== undefined && o[k] !== null;

function dropRoundTrip(meta: KubeObject["metadata"]): void {
  const a = meta.annotations;
  if (!a || !ROUND_TRIP.some((k) => k in a)) return;
  const kept = Object.fromEntries(Object.entries(a).filter(([k]) => !ROUND_TRIP.includes(k)));
  if (Object.keys(kept).length) meta.annotations = kept;
  else delete meta.annotations;
}

function annotate(meta: KubeObject["metadata"], key: string, value: unknown): void {
  meta.annotations = { ...(meta.annotations ?? {}), [key]: JSON.stringify(value) };
}

/** A JSON array held in an annotation; undefined when absent or malformed. */
function annotationArray(meta: KubeObject["metadata"], key: string): Json[] | undefined {
  const raw = meta.annotations?.[key];
  if (raw === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.map(obj) : undefined;
  } catch {
    return undefined;
  }
}

function ref(r: unknown): Json {
  const src = obj(r);
  const out: Json = { kind: src.kind ?? "", name: src.name ?? "" };
  if (has(src, "apiVersion")) out.apiVersion = src.apiVersion;
  return out;
}

const isCPUUtilization = (m: Json) => m.type === "Resource" && obj(m.resource).name === "cpu" && has(obj(obj(m.resource).target), "averageUtilization");

/** Stored autoscaling/v2 -> autoscaling/v1. */
export function hpaToV1(stored: KubeObject): HPAV1Object {
  const metadata = structuredClone(stored.metadata);
  dropRoundTrip(metadata);
  const inSpec = obj(stored.spec);
  const inStatus = obj(stored.status);
  const metrics = Array.isArray(inSpec.metrics) ? (inSpec.metrics as Json[]) : [];

  const spec: Json = { scaleTargetRef: ref(inSpec.scaleTargetRef) };
  if (has(inSpec, "minReplicas")) spec.minReplicas = inSpec.minReplicas;
  spec.maxReplicas = inSpec.maxReplicas ?? 0;
  // The first CPU resource metric decides; only a utilization target maps.
  const cpu = metrics.find((m) => m.type === "Resource" && obj(m.resource).name === "cpu");
  if (cpu && isCPUUtilization(cpu)) spec.targetCPUUtilizationPercentage = obj(obj(cpu.resource).target).averageUtilization;

  const status: Json = {};
  if (has(inStatus, "observedGeneration")) status.observedGeneration = inStatus.observedGeneration;
  if (has(inStatus, "lastScaleTime")) status.lastScaleTime = inStatus.lastScaleTime;
  status.currentReplicas = inStatus.currentReplicas ?? 0;
  status.desiredReplicas = inStatus.desiredReplicas ?? 0;
  const current = Array.isArray(inStatus.currentMetrics) ? (inStatus.currentMetrics as Json[]) : [];
  // Upstream's loop has no break: the last CPU utilization wins.
  for (const m of current) {
    const r = obj(m.resource);
    if (m.type === "Resource" && r.name === "cpu" && has(obj(r.current), "averageUtilization")) status.currentCPUUtilizationPercentage = obj(r.current).averageUtilization;
  }

  const others = metrics.filter((m) => !isCPUUtilization(m)).map(metricSpecToV1);
  if (others.length) annotate(metadata, METRIC_SPECS_ANNOTATION, others);
  if (current.length) annotate(metadata, METRIC_STATUSES_ANNOTATION, current.map(metricStatusToV1));
  if (has(inSpec, "behavior")) annotate(metadata, BEHAVIOR_ANNOTATION, behaviorToGoJson(obj(inSpec.behavior)));
  const conditions = Array.isArray(inStatus.conditions) ? inStatus.conditions : [];
  if (conditions.length) annotate(metadata, CONDITIONS_ANNOTATION, conditions);
  return { apiVersion: "autoscaling/v1", kind: "HorizontalPodAutoscaler", metadata, spec, status };
}

/** autoscaling/v1 -> stored autoscaling/v2, with v2's defaults applied. */
export function hpaFromV1(v1: HPAV1Object): HPAObject {
  const metadata = structuredClone(v1.metadata ?? {});
  const inSpec = obj(v1.spec);
  const inStatus = obj(v1.status);

  const spec: Json = { scaleTargetRef: ref(inSpec.scaleTargetRef) };
  if (has(inSpec, "minReplicas")) spec.minReplicas = inSpec.minReplicas;
  spec.maxReplicas = inSpec.maxReplicas ?? 0;
  let metrics: Json[] = [];
  if (has(inSpec, "targetCPUUtilizationPercentage")) {
    metrics.push({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: inSpec.targetCPUUtilizationPercentage } } });
  }

  const status: Json = {};
  if (has(inStatus, "observedGeneration")) status.observedGeneration = inStatus.observedGeneration;
  if (has(inStatus, "lastScaleTime")) status.lastScaleTime = inStatus.lastScaleTime;
  status.currentReplicas = inStatus.currentReplicas ?? 0;
  status.desiredReplicas = inStatus.desiredReplicas ?? 0;
  if (has(inStatus, "currentCPUUtilizationPercentage")) {
    status.currentMetrics = [{ type: "Resource", resource: { name: "cpu", current: { averageUtilization: inStatus.currentCPUUtilizationPercentage } } }];
  }

  // The annotated metrics come first; the CPU target, if any, goes last.
  const others = annotationArray(metadata, METRIC_SPECS_ANNOTATION);
  if (others) metrics = [...others.map(metricSpecFromV1), ...metrics];
  const behaviorRaw = metadata.annotations?.[BEHAVIOR_ANNOTATION];
  const behavior = behaviorRaw === undefined ? undefined : behaviorFromGoJson(behaviorRaw);
  if (behavior) spec.behavior = behavior;
  // "the ones here have more information" than currentCPUUtilizationPercentage.
  const current = annotationArray(metadata, METRIC_STATUSES_ANNOTATION);
  if (current) status.currentMetrics = current.map(metricStatusFromV1);
  // v1's implicit default, made explicit now that all metrics are known.
  if (metrics.length === 0) metrics.push({ type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: DEFAULT_CPU_UTILIZATION } } });
  spec.metrics = metrics;
  const conditions = annotationArray(metadata, CONDITIONS_ANNOTATION);
  if (conditions) status.conditions = conditions;
  dropRoundTrip(metadata);

  const out = { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", metadata, spec, status } as unknown as HPAObject;
  defaultHPA(out);
  return out;
}
