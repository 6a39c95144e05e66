/**
 * Creating and deleting a StatefulSet's pods and claims with upstream's
 * event texts ("create Pod web-0 in StatefulSet web successful").
 */
import type { StatefulSetObject } from "../../api/apps/statefulsets.js";
import { isApiError } from "../../api/errors.js";
import type { EventRecorder } from "../../client/events.js";
import { PODS, PVCS } from "../../client/resources.js";
import type { Client } from "../../client/types.js";
import type { PodObject } from "../shared/index.js";
import { claimsFor } from "./identity.js";

export interface StatefulPodOps {
  /** Creates the pod's missing claims, then the pod. */
  create(set: StatefulSetObject, pod: PodObject, ordinal: number): Promise<PodObject>;
  delete(set: StatefulSetObject, pod: PodObject): Promise<void>;
}

export function createStatefulPodOps(client: Client, recorder: EventRecorder): StatefulPodOps {
  const setName = (set: StatefulSetObject) => set.metadata.name;
  return {
    async create(set, pod, ordinal) {
      for (const claim of claimsFor(set, ordinal)) {
        try {
          await client.create(PVCS, set.metadata.namespace, claim);
          recorder.event(set, "Normal", "SuccessfulCreate", `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${setName(set)} success`);
        } catch (err) {
          if (isApiError(err, "AlreadyExists")) continue;
          recorder.event(set, "Warning", "FailedCreate", `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${setName(set)} failed error: ${(err as Error).message}`);
          throw err;
        }
      }
      try {
        const created = await client.create<PodObject>(PODS, set.metadata.namespace, pod);
        recorder.event(set, "Normal", "SuccessfulCreate", `create Pod ${pod.metadata.name} in StatefulSet ${setName(set)} successful`);
        return created;
      } catch (err) {
        if (!isApiError(err, "AlreadyExists")) recorder.event(set, "Warning", "FailedCreate", `create Pod ${pod.metadata.name} in StatefulSet ${setName(set)} failed error: ${(err as Error).message}`);
        throw err;
      }
    },
    async delete(set, pod) {
      try {
        await client.delete(PODS, pod.metadata.namespace, pod.metadata.name ?? "", { preconditions: { uid: pod.metadata.uid } });
        recorder.event(set, "Normal", "SuccessfulDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${setName(set)} successful`);
      } catch (err) {
        if (isApiError(err, "NotFound")) return;
        recorder.event(set, "Warning", "FailedDelete", `delete Pod ${pod.metadata.name} in StatefulSet ${setName(set)} failed error: ${(err as Error).message}`);
        throw err;
      }
    },
  };
}
