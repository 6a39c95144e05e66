import type { ResourceDefinition } from "../types.js";
import { apiservices } from "./apiservices.js";

/** Every resource of this API group, in discovery order. */
export const resources: ResourceDefinition<any>[] = [apiservices];
export type { APIServiceObject, APIServiceCondition } from "./apiservices.js";
