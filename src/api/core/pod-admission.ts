/**
 * What upstream's admission plugins add to every new pod, done at create:
 * ServiceAccount (the "default" account), DefaultTolerationSeconds (300s
 * tolerations for not-ready and unreachable nodes) and Priority (priority
 * and preemptionPolicy from the pod's PriorityClass).
 */
import type { Toleration } from "kubernetes-types/core/v1.js";
import type { Pod, PodSpec } from "./pod-types.js";
import { ApiError } from "../errors.js";
import type { HookContext } from "../types.js";

export const NOT_READY_TAINT = "node.kubernetes.io/not-ready";
export const UNREACHABLE_TAINT = "node.kubernetes.io/unreachable";
const DEFAULT_TOLERATION_SECONDS = 300;

/** PriorityClasses the API server always serves, should the stored objects be missing. */
const SYSTEM_PRIORITY_CLASSES: Record<string, number> = {
  "system-node-critical": 2000001000,
  "system-cluster-critical": 2000000000,
};

export function defaultServiceAccount(spec: PodSpec): void {
  if (!spec.serviceAccountName) spec.serviceAccountName = "default";
  spec.serviceAccount = spec.serviceAccountName;
}

/** Whether an existing toleration already covers NoExecute taints with this key. */
function toleratesNoExecute(tolerations: Toleration[], key: string): boolean {
  return tolerations.some((t) => (!t.effect || t.effect === "NoExecute") && (t.key === key || (!t.key && t.operator === "Exists")));
}

export function addDefaultTolerations(spec: PodSpec): void {
  const tolerations = (spec.tolerations ??= []);
  for (const key of [NOT_READY_TAINT, UNREACHABLE_TAINT]) {
    if (!toleratesNoExecute(tolerations, key)) {
      tolerations.push({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: DEFAULT_TOLERATION_SECONDS });
    }
  }
}

function admissionForbidden(pod: Pod, why: string): ApiError {
  const name = pod.metadata?.name ?? "";
  return new ApiError(403, "Forbidden", `pods "${name}" is forbidden: ${why}`, { name, kind: "pods" });
}

/** Resolves spec.priority and spec.preemptionPolicy; throws 403 as upstream for unknown classes or a conflicting priority. */
export async function resolvePriority(pod: Pod, ctx: HookContext): Promise<void> {
  const spec = pod.spec!;
  let priority = 0;
  let preemptionPolicy = "PreemptLowerPriority";
  const className = spec.priorityClassName;
  if (className) {
    const pc = await ctx.services.getObject("scheduling.k8s.io", "priorityclasses", undefined, className);
    if (pc && typeof pc.value === "number") {
      priority = pc.value;
      if (typeof pc.preemptionPolicy === "string") preemptionPolicy = pc.preemptionPolicy;
    } else if (className in SYSTEM_PRIORITY_CLASSES) {
      priority = SYSTEM_PRIORITY_CLASSES[className];
    } else {
      throw admissionForbidden(pod, `no PriorityClass with name ${className} was found`);
    }
  }
  if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
    throw admissionForbidden(
      pod,
      `the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`,
    );
  }
  spec.priority = priority;
  if (spec.preemptionPolicy && spec.preemptionPolicy !== preemptionPolicy && className) {
    throw admissionForbidden(
      pod,
      `the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${preemptionPolicy} from the given PriorityClass name`,
    );
  }
  spec.preemptionPolicy ??= preemptionPolicy;
}
