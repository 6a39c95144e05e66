import type { ResourceDefinition } from "../types.js";
import { deviceclasses } from "./deviceclasses.js";
import { resourceclaims } from "./resourceclaims.js";
import { resourceclaimtemplates } from "./resourceclaimtemplates.js";
import { resourceslices } from "./resourceslices.js";

/** Every resource of resource.k8s.io (dynamic resource allocation), in discovery order. */
export const resources: ResourceDefinition<any>[] = [deviceclasses, resourceclaims, resourceclaimtemplates, resourceslices];
