import type { ResourceDefinition } from "../types.js";
import { localsubjectaccessreviews, selfsubjectaccessreviews, subjectaccessreviews } from "./access-reviews.js";
import { selfsubjectrulesreviews } from "./rules-review.js";

/** authorization.k8s.io/v1, in discovery order. */
export const resources: ResourceDefinition<any>[] = [localsubjectaccessreviews, selfsubjectaccessreviews, selfsubjectrulesreviews, subjectaccessreviews];
