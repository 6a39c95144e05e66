/** Upstream protobuf facts of node.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const nodeV1Proto: ProtoPackage = {
  id: "node.v1",
  types: {
    Overhead: "podFixed=1:{}qty",
    RuntimeClass: "metadata=1:meta.v1.ObjectMeta handler=2:str! overhead=3:Overhead scheduling=4:Scheduling",
    RuntimeClassList: "metadata=1:meta.v1.ListMeta items=2:[]RuntimeClass",
    Scheduling: "nodeSelector=1:{}str tolerations=2:[]core.v1.Toleration",
  },
};
