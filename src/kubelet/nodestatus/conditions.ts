/**
 * The node conditions the kubelet owns (upstream's nodestatus setters), in
 * upstream's order: MemoryPressure, DiskPressure, PIDPressure, Ready.
 * NetworkUnavailable belongs to the network side and is never written here.
 * lastHeartbeatTime is now; lastTransitionTime moves only on a status change.
 */
import type { NodeCondition } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../api/printers.js";

export interface NodeHealth {
  /** Why the node is not ready (runtime, PLEG, network); empty when it is. */
  readyErrors: string[];
}

type Verdict = Pick<NodeCondition, "type" | "status" | "reason" | "message">;

export function desiredConditions(health: NodeHealth): Verdict[] {
  return [
    { type: "MemoryPressure", status: "False", reason: "KubeletHasSufficientMemory", message: "kubelet has sufficient memory available" },
    { type: "DiskPressure", status: "False", reason: "KubeletHasNoDiskPressure", message: "kubelet has no disk pressure" },
    { type: "PIDPressure", status: "False", reason: "KubeletHasSufficientPID", message: "kubelet has sufficient PID available" },
    health.readyErrors.length
      ? { type: "Ready", status: "False", reason: "KubeletNotReady", message: health.readyErrors.join(", ") }
      : { type: "Ready", status: "True", reason: "KubeletReady", message: "kubelet is posting ready status" },
  ];
}

/** The conditions to post: desired verdicts stamped with heartbeat and transition times. */
export function nodeConditions(previous: NodeCondition[] | undefined, health: NodeHealth, now: number): NodeCondition[] {
  const stamp = rfc3339(now);
  return desiredConditions(health).map((c) => {
    const old = previous?.find((p) => p.type === c.type);
    const lastTransitionTime = old && old.status === c.status && old.lastTransitionTime ? old.lastTransitionTime : stamp;
    return { ...c, lastHeartbeatTime: stamp, lastTransitionTime } as NodeCondition;
  });
}

/** True when a post is needed beyond the heartbeat: some verdict changed. */
export function conditionsChanged(previous: NodeCondition[] | undefined, next: NodeCondition[]): boolean {
  return next.some((c) => {
    const old = previous?.find((p) => p.type === c.type);
    return !old || old.status !== c.status || old.reason !== c.reason || old.message !== c.message;
  });
}

/** The Ready message of a node whose PLEG stopped relisting (M9, S1). */
export function plegNotHealthyMessage(plegError: string): string {
  return `container runtime is down PLEG is not healthy: ${plegError}`;
}

/** The Ready message of a node whose network plugin has no pod CIDR yet. */
export const NETWORK_NOT_READY_MESSAGE =
  "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized";
