/**
 * spec.podFailurePolicy: the first rule matching a failed pod decides what
 * its failure means (FailJob, FailIndex, Ignore, Count), as upstream's
 * matchPodFailurePolicy. Exit code 0 never matches.
 */
import type { PodFailurePolicy, PodFailurePolicyRule } from "kubernetes-types/batch/v1.js";
import type { ContainerStatus } from "kubernetes-types/core/v1.js";
import type { PodObject } from "../../api/core/pod-types.js";

export type FailureAction = "FailJob" | "FailIndex" | "Ignore" | "Count";

export interface FailureMatch {
  action: FailureAction;
  /** Set for FailJob: the FailureTarget condition's message. */
  message?: string;
}

function matchExitCodes(rule: PodFailurePolicyRule, statuses: readonly ContainerStatus[]): ContainerStatus | undefined {
  const req = rule.onExitCodes;
  if (!req) return undefined;
  return statuses.find((s) => {
    const code = s.state?.terminated?.exitCode;
    if (code === undefined || code === 0) return false;
    if (req.containerName && req.containerName !== s.name) return false;
    const listed = req.values.includes(code);
    return req.operator === "In" ? listed : !listed;
  });
}

/** The decision for one failed pod; undefined means the default (Count). */
export function matchPodFailurePolicy(policy: PodFailurePolicy | undefined, pod: PodObject): FailureMatch | undefined {
  if (!policy) return undefined;
  const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const podName = `${pod.metadata.namespace}/${pod.metadata.name}`;
  for (const [i, rule] of policy.rules.entries()) {
    const action = rule.action as FailureAction;
    const container = matchExitCodes(rule, statuses);
    if (container) {
      const code = container.state?.terminated?.exitCode;
      return { action, message: `Container ${container.name} for pod ${podName} failed with exit code ${code} matching ${action} rule at index ${i}` };
    }
    for (const req of rule.onPodConditions ?? []) {
      const c = pod.status?.conditions?.find((pc) => pc.type === req.type && pc.status === (req.status || "True"));
      if (c) return { action, message: `Pod ${podName} has condition ${c.type} matching ${action} rule at index ${i}` };
    }
  }
  return undefined;
}
