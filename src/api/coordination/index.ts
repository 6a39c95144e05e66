import type { ResourceDefinition } from "../types.js";
import { leases } from "./leases.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [leases];
