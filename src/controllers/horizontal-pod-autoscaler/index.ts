export { createHorizontalPodAutoscalerController, HPA_CONTROLLER, type HPAControllerOptions, type HPAObject } from "./controller.js";
export { createResourceMetricsSource, type MetricsSource } from "./metrics-source.js";
export { resourceReplicas, type PodMetric, type ResourceReplicas } from "./resource-replicas.js";
export * from "./replica-calculator.js";
export { setCondition, type HPACondition } from "./conditions.js";
