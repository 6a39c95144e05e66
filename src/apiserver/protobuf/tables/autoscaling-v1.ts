/** Upstream protobuf facts of autoscaling.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const autoscalingV1Proto: ProtoPackage = {
  id: "autoscaling.v1",
  types: {
    ContainerResourceMetricSource: "name=1:str! targetAverageUtilization=2:i32 targetAverageValue=3:qty container=5:str!",
    ContainerResourceMetricStatus: "name=1:str! currentAverageUtilization=2:i32 currentAverageValue=3:qty container=4:str!",
    CrossVersionObjectReference: "kind=1:str! name=2:str! apiVersion=3:str?",
    ExternalMetricSource: "metricName=1:str! metricSelector=2:meta.v1.LabelSelector targetValue=3:qty targetAverageValue=4:qty",
    ExternalMetricStatus: "metricName=1:str! metricSelector=2:meta.v1.LabelSelector currentValue=3:qty currentAverageValue=4:qty",
    HorizontalPodAutoscaler: "metadata=1:meta.v1.ObjectMeta spec=2:HorizontalPodAutoscalerSpec status=3:HorizontalPodAutoscalerStatus",
    HorizontalPodAutoscalerCondition: "type=1:str! status=2:str! lastTransitionTime=3:time reason=4:str? message=5:str?",
    HorizontalPodAutoscalerList: "metadata=1:meta.v1.ListMeta items=2:[]HorizontalPodAutoscaler",
    HorizontalPodAutoscalerSpec: "scaleTargetRef=1:CrossVersionObjectReference minReplicas=2:i32 maxReplicas=3:i32! targetCPUUtilizationPercentage=4:i32",
    HorizontalPodAutoscalerStatus: "observedGeneration=1:i64 lastScaleTime=2:time currentReplicas=3:i32! desiredReplicas=4:i32! currentCPUUtilizationPercentage=5:i32",
    MetricSpec: "type=1:str! object=2:ObjectMetricSource pods=3:PodsMetricSource resource=4:ResourceMetricSource containerResource=7:ContainerResourceMetricSource external=5:ExternalMetricSource",
    MetricStatus: "type=1:str! object=2:ObjectMetricStatus pods=3:PodsMetricStatus resource=4:ResourceMetricStatus containerResource=7:ContainerResourceMetricStatus external=5:ExternalMetricStatus",
    ObjectMetricSource: "target=1:CrossVersionObjectReference metricName=2:str! targetValue=3:qty selector=4:meta.v1.LabelSelector averageValue=5:qty",
    ObjectMetricStatus: "target=1:CrossVersionObjectReference metricName=2:str! currentValue=3:qty selector=4:meta.v1.LabelSelector averageValue=5:qty",
    PodsMetricSource: "metricName=1:str! targetAverageValue=2:qty selector=3:meta.v1.LabelSelector",
    PodsMetricStatus: "metricName=1:str! currentAverageValue=2:qty selector=3:meta.v1.LabelSelector",
    ResourceMetricSource: "name=1:str! targetAverageUtilization=2:i32 targetAverageValue=3:qty",
    ResourceMetricStatus: "name=1:str! currentAverageUtilization=2:i32 currentAverageValue=3:qty",
    Scale: "metadata=1:meta.v1.ObjectMeta spec=2:ScaleSpec status=3:ScaleStatus",
    ScaleSpec: "replicas=1:i32?",
    ScaleStatus: "replicas=1:i32! selector=2:str?",
  },
};
