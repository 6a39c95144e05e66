import type { ResourceDefinition } from "../types.js";
import { clusterroles, roles } from "./roles.js";
import { clusterrolebindings, rolebindings } from "./rolebindings.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [clusterrolebindings, clusterroles, rolebindings, roles];
