import type { ResourceDefinition } from "../types.js";
import { customresourcedefinitions } from "./customresourcedefinitions.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [customresourcedefinitions];
export * from "./crd-types.js";
export { validateNames } from "./crd-validation.js";
