/** Upstream field facts of io.k8s.api.policy.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const policyV1Facts: PackageFacts = {
  package: "io.k8s.api.policy.v1",
  types: {
    Eviction: "metadata=default:{}",
    PodDisruptionBudget: "metadata=default:{} spec=default:{} status=default:{}",
    PodDisruptionBudgetList: "metadata=default:{}",
    PodDisruptionBudgetSpec: "selector=patch:replace",
    PodDisruptionBudgetStatus: "conditions=patch:merge;key:type;list:map:type currentHealthy=default:0 desiredHealthy=default:0 disruptionsAllowed=default:0 expectedPods=default:0 observedGeneration=int64",
  },
};
