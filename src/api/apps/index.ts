import type { ResourceDefinition } from "../types.js";
import { controllerrevisions } from "./controllerrevisions.js";
import { daemonsets } from "./daemonsets.js";
import { deployments } from "./deployments.js";
import { replicasets } from "./replicasets.js";
import { statefulsets } from "./statefulsets.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [controllerrevisions, daemonsets, deployments, replicasets, statefulsets];
