/**
 * Pod shapes as Skiff serves them (core/v1 of Kubernetes 1.35): the
 * kubernetes-types package predates pod-level resources and marks status
 * read-only, which the server must write.
 */
import type { Pod as PodV1, PodSpec as PodSpecV1, PodStatus, PodTemplateSpec as PodTemplateSpecV1, ResourceRequirements } from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import type { KubeObject } from "../types.js";

export interface PodSpec extends PodSpecV1 {
  /** Pod-level resource requests and limits (PodLevelResources). */
  resources?: ResourceRequirements;
}

export interface Pod extends Omit<PodV1, "spec" | "status"> {
  spec?: PodSpec;
  status?: PodStatus;
}

export interface PodTemplateSpec extends Omit<PodTemplateSpecV1, "spec"> {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}

export type PodObject = Pod & KubeObject;
