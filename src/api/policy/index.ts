import type { ResourceDefinition } from "../types.js";
import { poddisruptionbudgets } from "./poddisruptionbudgets.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [poddisruptionbudgets];
