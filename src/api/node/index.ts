import type { ResourceDefinition } from "../types.js";
import { runtimeclasses } from "./runtimeclasses.js";

/** node.k8s.io/v1, in discovery order. */
export const resources: ResourceDefinition<any>[] = [runtimeclasses];
