/** Upstream protobuf facts of scheduling.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const schedulingV1Proto: ProtoPackage = {
  id: "scheduling.v1",
  types: {
    PriorityClass: "metadata=1:meta.v1.ObjectMeta value=2:i32! globalDefault=3:bool? description=4:str? preemptionPolicy=5:str",
    PriorityClassList: "metadata=1:meta.v1.ListMeta items=2:[]PriorityClass",
  },
};
