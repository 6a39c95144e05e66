/** Upstream protobuf facts of coordination.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const coordinationV1Proto: ProtoPackage = {
  id: "coordination.v1",
  types: {
    Lease: "metadata=1:meta.v1.ObjectMeta spec=2:LeaseSpec",
    LeaseList: "metadata=1:meta.v1.ListMeta items=2:[]Lease",
    LeaseSpec: "holderIdentity=1:str leaseDurationSeconds=2:i32 acquireTime=3:mtime renewTime=4:mtime leaseTransitions=5:i32 strategy=6:str preferredHolder=7:str",
  },
};
