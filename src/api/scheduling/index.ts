import type { ResourceDefinition } from "../types.js";
import { priorityclasses } from "./priorityclasses.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [priorityclasses];
export { SYSTEM_PRIORITY_CLASSES, globalDefaultConflict } from "./priorityclasses.js";
