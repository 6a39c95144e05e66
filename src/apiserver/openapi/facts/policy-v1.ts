/** Upstream field facts of io.k8s.api.policy.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const policyV1Facts: PackageFacts = {
  package: "io.k8s.api.policy.v1",
  types: {
    PodDisruptionBudgetSpec: "selector=patch:replace",
    PodDisruptionBudgetStatus: "conditions=patch:merge;key:type;list:map:type observedGeneration=int64",
  },
};
