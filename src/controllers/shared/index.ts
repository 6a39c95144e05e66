/** Pieces every workload controller shares: controller refs, claims, expectations, pod control, pod ranking. */
export * from "./controller-ref.js";
export * from "./selectors.js";
export * from "./expectations.js";
export * from "./pods.js";
export * from "./pod-ranking.js";
export * from "./pod-control.js";
export * from "./claim.js";
export * from "./slow-start.js";
export * from "./conditions.js";
export * from "./owned-pod-events.js";
export * from "./node-pods.js";
