/** Upstream field facts of io.k8s.api.autoscaling.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const autoscalingV1Facts: PackageFacts = {
  package: "io.k8s.api.autoscaling.v1",
  types: {
    CrossVersionObjectReference: "@map:atomic kind=default:\"\" name=default:\"\"",
    HorizontalPodAutoscaler: "metadata=default:{} spec=default:{} status=default:{}",
    HorizontalPodAutoscalerList: "metadata=default:{}",
    HorizontalPodAutoscalerSpec: "maxReplicas=default:0 scaleTargetRef=default:{}",
    HorizontalPodAutoscalerStatus: "currentReplicas=default:0 desiredReplicas=default:0 observedGeneration=int64",
    Scale: "metadata=default:{} spec=default:{} status=default:{}",
    ScaleSpec: "replicas=default:0",
    ScaleStatus: "replicas=default:0",
  },
};
