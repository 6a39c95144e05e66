import type { ResourceDefinition } from "../types.js";
import { configmaps } from "./configmaps.js";

/** Every resource of the core API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [configmaps];
