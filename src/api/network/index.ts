import type { ResourceDefinition } from "../types.js";
import { routes } from "./routes.js";
import { securityGroups } from "./security-groups.js";

/** network.skiff.dev/v1: the simulated network's route table and security groups. */
export const resources: ResourceDefinition<any>[] = [routes, securityGroups];
