/** Upstream field facts of io.k8s.api.autoscaling.v2 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const autoscalingV2Facts: PackageFacts = {
  package: "io.k8s.api.autoscaling.v2",
  types: {
    HPAScalingRules: "policies=list:atomic",
    HorizontalPodAutoscalerSpec: "metrics=list:atomic",
    HorizontalPodAutoscalerStatus: "conditions=patch:merge;key:type;list:map:type currentMetrics=list:atomic observedGeneration=int64",
  },
};
