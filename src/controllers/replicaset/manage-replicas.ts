/**
 * Closing the gap between a ReplicaSet's pods and spec.replicas (upstream's
 * manageReplicas): at most 500 creations or deletions per sync, creations
 * in slow-start batches, deletions of the pods ranked cheapest to lose,
 * each recorded as an expectation before the request goes out.
 */
import type { OwnerReference } from "kubernetes-types/meta/v1.js";
import { isApiError } from "../../api/errors.js";
import {
  podsToDelete,
  slowStartBatch,
  SLOW_START_INITIAL_BATCH_SIZE,
  type Expectations,
  type PodControl,
  type PodObject,
} from "../shared/index.js";
import type { ManageFailure, ReplicaSetObject } from "./status.js";

/** Upstream's BurstReplicas: the most pods created or deleted in one sync. */
export const BURST_REPLICAS = 500;

export interface ManageReplicasInput {
  rs: ReplicaSetObject;
  key: string;
  ownerRef: OwnerReference;
  /** Active pods the ReplicaSet controls. */
  pods: PodObject[];
  /** Active pods of the ReplicaSet and its siblings (same controller), for ranking by node. */
  related: PodObject[];
  podControl: PodControl;
  expectations: Expectations;
  now: number;
}

export async function manageReplicas(input: ManageReplicasInput): Promise<ManageFailure | undefined> {
  const { rs, key, pods, podControl, expectations } = input;
  const namespace = rs.metadata.namespace!;
  const diff = pods.length - (rs.spec?.replicas ?? 1);
  if (diff < 0) {
    const count = Math.min(-diff, BURST_REPLICAS);
    expectations.expectCreations(key, count);
    let attempted = 0;
    const { error } = await slowStartBatch(count, SLOW_START_INITIAL_BATCH_SIZE, async () => {
      attempted++;
      try {
        await podControl.createPod(namespace, rs.spec!.template!, rs, input.ownerRef);
      } catch (err) {
        // The informer will never see this pod.
        expectations.creationObserved(key);
        throw err;
      }
    });
    for (let i = attempted; i < count; i++) expectations.creationObserved(key);
    return error === undefined ? undefined : { reason: "FailedCreate", message: messageOf(error) };
  }
  if (diff > 0) {
    const count = Math.min(diff, BURST_REPLICAS);
    const victims = podsToDelete(pods, input.related, count, input.now);
    expectations.expectDeletions(key, victims.map((p) => p.metadata.uid!));
    const results = await Promise.allSettled(
      victims.map(async (p) => {
        try {
          await podControl.deletePod(namespace, p.metadata.name!, rs);
        } catch (err) {
          expectations.deletionObserved(key, p.metadata.uid!);
          if (!isApiError(err, "NotFound")) throw err;
        }
      }),
    );
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    return failed ? { reason: "FailedDelete", message: messageOf(failed.reason) } : undefined;
  }
  return undefined;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
