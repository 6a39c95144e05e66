/**
 * Replicas from pod resource metrics, as upstream's replica_calculator.go
 * (GetResourceReplicas and GetRawResourceReplicas): pods are grouped into
 * ready ones with metrics, unready ones (CPU only: still initialising),
 * missing ones (no metrics) and ignored ones (deleted or failed). The
 * ratio over the ready pods decides, within the tolerance; when pods are
 * missing or unready the ratio is computed again with the missing ones
 * assumed at 100% of their request on a scale-down (0 on a scale-up) and
 * the unready ones at 0, and nothing moves if that would flip or cancel
 * the direction.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import { tryParseQuantity } from "../../api/validation/core-quantity.js";

/** --horizontal-pod-autoscaler-cpu-initialization-period and --horizontal-pod-autoscaler-initial-readiness-delay. */
export const CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
export const DELAY_OF_INITIAL_READINESS_STATUS_MS = 30_000;

/** One pod's usage of the resource (summed over its containers). */
export interface PodMetric {
  /** Milli-units (millicores, or milli-bytes as upstream's MilliValue). */
  valueMilli: number;
  timestamp: number;
  windowMs: number;
}

export interface ResourceReplicasInput {
  currentReplicas: number;
  resource: string;
  pods: readonly Pod[];
  metrics: ReadonlyMap<string, PodMetric>;
  now: number;
  tolerance: number;
  cpuInitializationPeriodMs?: number;
  delayOfInitialReadinessStatusMs?: number;
}

export interface ResourceReplicas {
  replicas: number;
  /** Percent of request (utilisation targets). */
  utilization?: number;
  /** Average usage in milli-units over the pods with metrics. */
  rawAverageMilli: number;
}

const time = (s: string | undefined | null) => (s ? Date.parse(s) : NaN);

/** groupPods: what counts, and how. */
function groupPods(input: ResourceReplicasInput) {
  let readyPodCount = 0;
  const unready = new Set<string>();
  const missing = new Set<string>();
  const ignored = new Set<string>();
  const initPeriod = input.cpuInitializationPeriodMs ?? CPU_INITIALIZATION_PERIOD_MS;
  const readinessDelay = input.delayOfInitialReadinessStatusMs ?? DELAY_OF_INITIAL_READINESS_STATUS_MS;
  for (const pod of input.pods) {
    const name = pod.metadata?.name ?? "";
    if (pod.metadata?.deletionTimestamp || pod.status?.phase === "Failed") {
      ignored.add(name);
      continue;
    }
    if (pod.status?.phase === "Pending") {
      unready.add(name);
      continue;
    }
    const metric = input.metrics.get(name);
    if (!metric) {
      missing.add(name);
      continue;
    }
    if (input.resource === "cpu") {
      const ready = pod.status?.conditions?.find((c) => c.type === "Ready");
      const start = time(pod.status?.startTime);
      let isUnready: boolean;
      if (!ready || Number.isNaN(start)) isUnready = true;
      else if (start + initPeriod > input.now) {
        // Still initialising: unready, or ready too recently for its metric to cover ready time only.
        isUnready = ready.status === "False" || metric.timestamp < time(ready.lastTransitionTime) + metric.windowMs;
      } else {
        // Never became ready after the initial readiness delay.
        isUnready = ready.status === "False" && start + readinessDelay > time(ready.lastTransitionTime);
      }
      if (isUnready) {
        unready.add(name);
        continue;
      }
    }
    readyPodCount++;
  }
  return { readyPodCount, unready, missing, ignored };
}

/** Requests of the resource per pod (milli), or the error upstream gives for a container without one. */
function podRequests(pods: readonly Pod[], resource: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const pod of pods) {
    let sum = 0;
    for (const c of pod.spec?.containers ?? []) {
      const q = tryParseQuantity(c.resources?.requests?.[resource]);
      if (!q) throw new Error(`missing request for ${resource} in container ${c.name} of Pod ${pod.metadata?.name}`);
      sum += Number(q.milliValue());
    }
    out.set(pod.metadata?.name ?? "", sum);
  }
  return out;
}

function utilizationRatio(metrics: ReadonlyMap<string, number>, requests: ReadonlyMap<string, number>, target: number) {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let entries = 0;
  for (const [name, value] of metrics) {
    const req = requests.get(name);
    if (req === undefined) continue;
    metricsTotal += value;
    requestsTotal += req;
    entries++;
  }
  if (requestsTotal === 0) throw new Error("no metrics returned matched known pods");
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return { ratio: utilization / target, utilization, rawAverage: Math.trunc(metricsTotal / entries) };
}

function averageRatio(metrics: ReadonlyMap<string, number>, targetAverage: number): { ratio: number; rawAverage: number; utilization?: number } {
  let total = 0;
  for (const v of metrics.values()) total += v;
  const average = total / metrics.size;
  return { ratio: average / targetAverage, rawAverage: Math.trunc(average) };
}

/**
 * GetResourceReplicas (target = utilisation percent) or GetRawResourceReplicas
 * (target = average value in milli-units). Throws upstream's errors.
 */
export function resourceReplicas(input: ResourceReplicasInput, target: { utilization: number } | { averageMilli: number }): ResourceReplicas {
  if (!input.pods.length) throw new Error("no pods returned by selector while calculating replica count");
  const { readyPodCount, unready, missing, ignored } = groupPods(input);
  const metrics = new Map<string, number>();
  for (const [name, m] of input.metrics) if (!ignored.has(name) && !unready.has(name)) metrics.set(name, m.valueMilli);
  if (!metrics.size) throw new Error("did not receive metrics for targeted pods (pods might be unready)");
  const requests = "utilization" in target ? podRequests(input.pods, input.resource) : undefined;
  const ratioOf = (m: ReadonlyMap<string, number>) => ("utilization" in target ? utilizationRatio(m, requests!, target.utilization) : averageRatio(m, target.averageMilli));
  const first = ratioOf(metrics);
  const utilization = first.utilization;
  const result = (replicas: number): ResourceReplicas => ({ replicas, rawAverageMilli: first.rawAverage, ...(utilization !== undefined ? { utilization } : {}) });
  const within = (ratio: number) => Math.abs(1 - ratio) <= input.tolerance;

  const scaleUpWithUnready = unready.size > 0 && first.ratio > 1;
  if (!scaleUpWithUnready && !missing.size) {
    if (within(first.ratio)) return result(input.currentReplicas);
    return result(Math.ceil(first.ratio * readyPodCount));
  }
  for (const name of missing) {
    // Scaling down: assume the missing use all they asked for (or the target); scaling up: nothing.
    const assumed = first.ratio < 1 ? ("utilization" in target ? requests!.get(name) ?? 0 : target.averageMilli) : 0;
    metrics.set(name, assumed);
  }
  if (scaleUpWithUnready) for (const name of unready) metrics.set(name, 0);
  const next = ratioOf(metrics);
  if (within(next.ratio) || (first.ratio < 1 && next.ratio > 1) || (first.ratio > 1 && next.ratio < 1)) return result(input.currentReplicas);
  const replicas = Math.ceil(next.ratio * metrics.size);
  if ((next.ratio < 1 && replicas > input.currentReplicas) || (next.ratio > 1 && replicas < input.currentReplicas)) return result(input.currentReplicas);
  return result(replicas);
}
