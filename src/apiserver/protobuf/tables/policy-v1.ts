/** Upstream protobuf facts of policy.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const policyV1Proto: ProtoPackage = {
  id: "policy.v1",
  types: {
    Eviction: "metadata=1:meta.v1.ObjectMeta deleteOptions=2:meta.v1.DeleteOptions",
    PodDisruptionBudget: "metadata=1:meta.v1.ObjectMeta spec=2:PodDisruptionBudgetSpec status=3:PodDisruptionBudgetStatus",
    PodDisruptionBudgetList: "metadata=1:meta.v1.ListMeta items=2:[]PodDisruptionBudget",
    PodDisruptionBudgetSpec: "minAvailable=1:ios selector=2:meta.v1.LabelSelector maxUnavailable=3:ios unhealthyPodEvictionPolicy=4:str",
    PodDisruptionBudgetStatus: "observedGeneration=1:i64? disruptedPods=2:{}time disruptionsAllowed=3:i32! currentHealthy=4:i32! desiredHealthy=5:i32! expectedPods=6:i32! conditions=7:[]meta.v1.Condition",
  },
};
