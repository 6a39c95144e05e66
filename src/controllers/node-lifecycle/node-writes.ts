/**
 * The pod writes the node lifecycle controller makes: pods' Ready
 * condition (MarkPodsNotReady). Taint writes are in taint-writes.ts.
 */
import type { Pod } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import type { EventRecorder } from "../../client/events.js";
import { PODS } from "../../client/resources.js";
import type { Client } from "../../client/types.js";
import { formatTime } from "../../util/time.js";

export function rfc3339(ms: number): string {
  return formatTime(ms);
}

/**
 * MarkPodsNotReady: sets Ready=False on each pod of the node that reports
 * Ready otherwise (a status update as the controller), then a Warning
 * NodeNotReady event on the pod; the EndpointSlice controller follows.
 */
export async function markPodsNotReady(client: Client, recorder: EventRecorder, pods: readonly (Pod & KubeObject)[], nodeName: string, now: number, log: (level: number, message: string) => void = () => undefined): Promise<void> {
  log(2, `Update ready status of pods on node node="${nodeName}"`);
  const errors: unknown[] = [];
  for (const pod of pods) {
    if (pod.spec?.nodeName !== nodeName) continue;
    const conditions = pod.status?.conditions ?? [];
    const ready = conditions.find((c) => c.type === "Ready");
    if (!ready || ready.status === "False") continue;
    const updated = conditions.map((c) => (c === ready ? { ...c, status: "False", lastTransitionTime: rfc3339(now) } : c));
    log(2, `Updating ready status of pod to false pod="${pod.metadata.namespace}/${pod.metadata.name}"`);
    try {
      await client.update(PODS, pod.metadata.namespace, { ...pod, status: { ...pod.status, conditions: updated } }, { subresource: "status" });
    } catch (err) {
      if (isApiError(err, "NotFound")) continue;
      log(0, `Failed to update status for pod pod="${pod.metadata.namespace}/${pod.metadata.name}" err="${(err as Error).message}"`);
      errors.push(err);
      continue;
    }
    // Recorded after the update, so the pod is known to still exist.
    recorder.event(pod, "Warning", "NodeNotReady", "Node is not ready");
  }
  if (errors.length) throw errors[0];
}
