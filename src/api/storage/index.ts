import type { ResourceDefinition } from "../types.js";
import { csidrivers } from "./csidrivers.js";
import { csinodes } from "./csinodes.js";
import { csistoragecapacities } from "./csistoragecapacities.js";
import { storageclasses } from "./storageclasses.js";
import { volumeattachments } from "./volumeattachments.js";
import { volumeattributesclasses } from "./volumeattributesclasses.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [csidrivers, csinodes, csistoragecapacities, storageclasses, volumeattachments, volumeattributesclasses];
export { storageClassDisplayName, isDefaultStorageClass } from "./storageclasses.js";
