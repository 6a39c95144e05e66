export { createHorizontalPodAutoscalerController, HPA_CONTROLLER, type HPAControllerOptions, type HPAObject } from "./controller.js";
export { createResourceMetricsSource, type MetricsSource, type ResourceUtilization } from "./metrics-source.js";
export * from "./replica-calculator.js";
export { setCondition, type HPACondition } from "./conditions.js";
