/** Upstream protobuf facts of autoscaling.v2 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const autoscalingV2Proto: ProtoPackage = {
  id: "autoscaling.v2",
  types: {
    ContainerResourceMetricSource: "name=1:str! target=2:MetricTarget container=3:str!",
    ContainerResourceMetricStatus: "name=1:str! current=2:MetricValueStatus container=3:str!",
    CrossVersionObjectReference: "kind=1:str! name=2:str! apiVersion=3:str?",
    ExternalMetricSource: "metric=1:MetricIdentifier target=2:MetricTarget",
    ExternalMetricStatus: "metric=1:MetricIdentifier current=2:MetricValueStatus",
    HorizontalPodAutoscaler: "metadata=1:meta.v1.ObjectMeta spec=2:HorizontalPodAutoscalerSpec status=3:HorizontalPodAutoscalerStatus",
    HorizontalPodAutoscalerBehavior: "scaleUp=1:HPAScalingRules scaleDown=2:HPAScalingRules",
    HorizontalPodAutoscalerCondition: "type=1:str! status=2:str! lastTransitionTime=3:time reason=4:str? message=5:str?",
    HorizontalPodAutoscalerList: "metadata=1:meta.v1.ListMeta items=2:[]HorizontalPodAutoscaler",
    HorizontalPodAutoscalerSpec: "scaleTargetRef=1:CrossVersionObjectReference minReplicas=2:i32 maxReplicas=3:i32! metrics=4:[]MetricSpec behavior=5:HorizontalPodAutoscalerBehavior",
    HorizontalPodAutoscalerStatus: "observedGeneration=1:i64 lastScaleTime=2:time currentReplicas=3:i32? desiredReplicas=4:i32! currentMetrics=5:[]MetricStatus conditions=6:[]HorizontalPodAutoscalerCondition",
    HPAScalingPolicy: "type=1:str! value=2:i32! periodSeconds=3:i32!",
    HPAScalingRules: "stabilizationWindowSeconds=3:i32 selectPolicy=1:str policies=2:[]HPAScalingPolicy tolerance=4:qty",
    MetricIdentifier: "name=1:str! selector=2:meta.v1.LabelSelector",
    MetricSpec: "type=1:str! object=2:ObjectMetricSource pods=3:PodsMetricSource resource=4:ResourceMetricSource containerResource=7:ContainerResourceMetricSource external=5:ExternalMetricSource",
    MetricStatus: "type=1:str! object=2:ObjectMetricStatus pods=3:PodsMetricStatus resource=4:ResourceMetricStatus containerResource=7:ContainerResourceMetricStatus external=5:ExternalMetricStatus",
    MetricTarget: "type=1:str! value=2:qty averageValue=3:qty averageUtilization=4:i32",
    MetricValueStatus: "value=1:qty averageValue=2:qty averageUtilization=3:i32",
    ObjectMetricSource: "describedObject=1:CrossVersionObjectReference target=2:MetricTarget metric=3:MetricIdentifier",
    ObjectMetricStatus: "metric=1:MetricIdentifier current=2:MetricValueStatus describedObject=3:CrossVersionObjectReference",
    PodsMetricSource: "metric=1:MetricIdentifier target=2:MetricTarget",
    PodsMetricStatus: "metric=1:MetricIdentifier current=2:MetricValueStatus",
    ResourceMetricSource: "name=1:str! target=2:MetricTarget",
    ResourceMetricStatus: "name=1:str! current=2:MetricValueStatus",
  },
};
