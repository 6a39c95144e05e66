import type { ResourceDefinition } from "../types.js";
import { selfsubjectreviews } from "./selfsubjectreviews.js";
import { tokenreviews } from "./tokenreviews.js";

/** authentication.k8s.io/v1, in discovery order. */
export const resources: ResourceDefinition<any>[] = [selfsubjectreviews, tokenreviews];
