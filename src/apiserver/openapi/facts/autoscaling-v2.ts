/** Upstream field facts of io.k8s.api.autoscaling.v2 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const autoscalingV2Facts: PackageFacts = {
  package: "io.k8s.api.autoscaling.v2",
  types: {
    ContainerResourceMetricSource: "container=default:\"\" name=default:\"\" target=default:{}",
    ContainerResourceMetricStatus: "container=default:\"\" current=default:{} name=default:\"\"",
    CrossVersionObjectReference: "kind=default:\"\" name=default:\"\"",
    ExternalMetricSource: "metric=default:{} target=default:{}",
    ExternalMetricStatus: "current=default:{} metric=default:{}",
    HPAScalingPolicy: "periodSeconds=default:0 type=default:\"\" value=default:0",
    HPAScalingRules: "policies=list:atomic",
    HorizontalPodAutoscaler: "metadata=default:{} spec=default:{} status=default:{}",
    HorizontalPodAutoscalerCondition: "lastTransitionTime=default:{} status=default:\"\" type=default:\"\"",
    HorizontalPodAutoscalerList: "metadata=default:{}",
    HorizontalPodAutoscalerSpec: "maxReplicas=default:0 metrics=list:atomic scaleTargetRef=default:{}",
    HorizontalPodAutoscalerStatus: "conditions=patch:merge;key:type;list:map:type currentMetrics=list:atomic desiredReplicas=default:0 observedGeneration=int64",
    MetricIdentifier: "name=default:\"\"",
    MetricSpec: "type=default:\"\"",
    MetricStatus: "type=default:\"\"",
    MetricTarget: "type=default:\"\"",
    ObjectMetricSource: "describedObject=default:{} metric=default:{} target=default:{}",
    ObjectMetricStatus: "current=default:{} describedObject=default:{} metric=default:{}",
    PodsMetricSource: "metric=default:{} target=default:{}",
    PodsMetricStatus: "current=default:{} metric=default:{}",
    ResourceMetricSource: "name=default:\"\" target=default:{}",
    ResourceMetricStatus: "current=default:{} name=default:\"\"",
  },
};
