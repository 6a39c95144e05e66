import type { ResourceDefinition } from "../types.js";
import { horizontalpodautoscalers } from "./horizontalpodautoscalers.js";

/**
 * Every resource of this API group, in discovery order. Only autoscaling/v2
 * is served: v1 would need the annotation-based conversion of metrics.
 */
export const resources: ResourceDefinition<any>[] = [horizontalpodautoscalers];
