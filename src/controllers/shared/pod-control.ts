/**
 * Creating and deleting a controller's pods (upstream's RealPodControl),
 * with the owner's events: SuccessfulCreate / FailedCreate and
 * SuccessfulDelete / FailedDelete.
 */
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { Client, KubeObject } from "../../client/types.js";
import type { EventRecorder } from "../../client/events.js";
import { PODS } from "../../client/resources.js";
import { isApiError } from "../../api/errors.js";
import type { OwnerReference } from "./controller-ref.js";
import type { PodObject } from "./pods.js";

export interface PodControl {
  /** Creates a pod from template in namespace, controlled by owner. Rejects with the API error. */
  createPod(namespace: string, template: PodTemplateSpec, owner: KubeObject, ref: OwnerReference): Promise<PodObject>;
  /** Deletes a pod on behalf of owner. Rejects with the API error (NotFound included). */
  deletePod(namespace: string, name: string, owner: KubeObject): Promise<void>;
}

/** The pod a template makes (controller.GetPodFromTemplate): generateName `<owner>-`. */
export function podFromTemplate(template: PodTemplateSpec, owner: KubeObject, ref: OwnerReference): PodObject {
  const meta = template.metadata ?? {};
  const pod: PodObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      ownerReferences: [ref],
    },
    spec: structuredClone(template.spec) ?? { containers: [] },
  };
  if (meta.labels) pod.metadata.labels = { ...meta.labels };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}

/** Whether the namespace is being deleted: such failures are expected and not reported as events. */
export function isNamespaceTerminating(err: unknown): boolean {
  return isApiError(err, "Forbidden") && (err.details?.causes ?? []).some((c) => c.reason === "NamespaceTerminating");
}

export function createPodControl(client: Client, recorder: EventRecorder): PodControl {
  return {
    async createPod(namespace, template, owner, ref) {
      const pod = podFromTemplate(template, owner, ref);
      if (!Object.keys(pod.metadata.labels ?? {}).length) {
        throw new Error("unable to create pods, no labels");
      }
      try {
        const created = await client.create<PodObject>(PODS, namespace, pod);
        recorder.event(owner, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`);
        return created;
      } catch (err) {
        if (!isNamespaceTerminating(err)) recorder.event(owner, "Warning", "FailedCreate", `Error creating: ${(err as Error).message}`);
        throw err;
      }
    },
    async deletePod(namespace, name, owner) {
      try {
        await client.delete(PODS, namespace, name);
        recorder.event(owner, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`);
      } catch (err) {
        if (!isApiError(err, "NotFound")) recorder.event(owner, "Warning", "FailedDelete", `Error deleting: ${(err as Error).message}`);
        throw err;
      }
    },
  };
}
