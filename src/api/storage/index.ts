import type { ResourceDefinition } from "../types.js";
import { storageclasses } from "./storageclasses.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [storageclasses];
export { storageClassDisplayName, isDefaultStorageClass } from "./storageclasses.js";
