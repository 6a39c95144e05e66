/** The disruption controller (PodDisruptionBudget status). */
export { createDisruptionController, DISRUPTION_CONTROLLER_NAME } from "./controller.js";
export * from "./budget.js";
