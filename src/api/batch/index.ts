import type { ResourceDefinition } from "../types.js";
import { cronjobs } from "./cronjobs.js";
import { jobs } from "./jobs.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [cronjobs, jobs];
