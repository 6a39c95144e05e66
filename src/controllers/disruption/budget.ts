/**
 * The disruption controller's arithmetic (upstream's getExpectedPodCount,
 * buildDisruptedPodMap, countHealthyPods and updatePdbStatus), pure so it
 * can be tested case by case.
 */
import type { PodDisruptionBudgetSpec } from "kubernetes-types/policy/v1.js";
import { DELETION_TIMEOUT_MS } from "../../api/policy/pdb-status.js";
import { isPodReady, type PodObject } from "../shared/pods.js";

type IntOrString = number | string;

/** intstr.GetScaledValueFromIntOrPercent with roundUp: an int as is, "N%" of total rounded up. */
export function scaledValue(v: IntOrString, total: number): number {
  if (typeof v === "number") return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid type: string is not a percentage`);
  return Math.ceil((Number(m[1]) * total) / 100);
}

export interface ExpectedCounts {
  expectedCount: number;
  desiredHealthy: number;
  unmanagedPods: string[];
}

/** The sum of the scales of the pods' controllers, and the pods that have none. */
export type ExpectedScale = () => Promise<{ expectedCount: number; unmanagedPods: string[] }>;

/**
 * expectedPods and desiredHealthy from the spec: an integer minAvailable
 * counts the matching pods; maxUnavailable or a percentage asks the pods'
 * controllers for their scale.
 */
export async function expectedCounts(spec: PodDisruptionBudgetSpec, pods: readonly PodObject[], scale: ExpectedScale): Promise<ExpectedCounts> {
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const { expectedCount, unmanagedPods } = await scale();
    const maxUnavailable = scaledValue(spec.maxUnavailable, expectedCount);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - maxUnavailable), unmanagedPods };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    if (typeof spec.minAvailable === "number") return { expectedCount: pods.length, desiredHealthy: spec.minAvailable, unmanagedPods: [] };
    const { expectedCount, unmanagedPods } = await scale();
    return { expectedCount, desiredHealthy: scaledValue(spec.minAvailable, expectedCount), unmanagedPods };
  }
  return { expectedCount: 0, desiredHealthy: 0, unmanagedPods: [] };
}

export interface DisruptedPods {
  /** Pod name -> the RFC 3339 time its eviction was approved. */
  disrupted: Record<string, string>;
  /** When the earliest of those times out, if any is kept. */
  recheckAt?: number;
  /** Pods approved for eviction longer ago than the timeout and still not deleted. */
  notDeleted: PodObject[];
}

/** Keeps the approved evictions of pods that still exist, are not yet deleting and have not timed out. */
export function buildDisruptedPodMap(pods: readonly PodObject[], previous: Record<string, string> | undefined, now: number): DisruptedPods {
  const out: DisruptedPods = { disrupted: {}, notDeleted: [] };
  if (!previous) return out;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = previous[pod.metadata.name!];
    if (at === undefined) continue;
    const expectedDeletion = Date.parse(at) + DELETION_TIMEOUT_MS;
    if (expectedDeletion < now) {
      out.notDeleted.push(pod);
      continue;
    }
    if (out.recheckAt === undefined || expectedDeletion < out.recheckAt) out.recheckAt = expectedDeletion;
    out.disrupted[pod.metadata.name!] = at;
  }
  return out;
}

/** Ready pods that are neither deleting nor about to be deleted by an approved eviction. */
export function countHealthyPods(pods: readonly PodObject[], disrupted: Record<string, string>, now: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = disrupted[pod.metadata.name!];
    if (at !== undefined && Date.parse(at) + DELETION_TIMEOUT_MS > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

/** What may be disrupted now; nothing while no pods are expected, so a budget is safe before its first sync sees them. */
export function disruptionsAllowed(currentHealthy: number, desiredHealthy: number, expectedCount: number): number {
  const allowed = currentHealthy - desiredHealthy;
  return expectedCount <= 0 || allowed <= 0 ? 0 : allowed;
}
