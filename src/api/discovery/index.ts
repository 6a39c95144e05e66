import type { ResourceDefinition } from "../types.js";
import { endpointslices } from "./endpointslices.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [endpointslices];
export { LABEL_SERVICE_NAME, LABEL_MANAGED_BY } from "./endpointslices.js";
