import type { ResourceDefinition } from "../types.js";
import { horizontalpodautoscalers } from "./horizontalpodautoscalers.js";
import { horizontalpodautoscalersV1 } from "./horizontalpodautoscalers-v1.js";

/**
 * Every resource of this API group, in discovery order: v2 first (the
 * preferred version), then v1 over the same storage.
 */
export const resources: ResourceDefinition<any>[] = [horizontalpodautoscalers, horizontalpodautoscalersV1];
