/** Upstream field facts of io.k8s.api.autoscaling.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const autoscalingV1Facts: PackageFacts = {
  package: "io.k8s.api.autoscaling.v1",
  types: {
    CrossVersionObjectReference: "@map:atomic",
    HorizontalPodAutoscalerStatus: "observedGeneration=int64",
    ScaleSpec: "replicas=default:0",
  },
};
