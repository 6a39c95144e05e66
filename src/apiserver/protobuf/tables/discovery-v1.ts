/** Upstream protobuf facts of discovery.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const discoveryV1Proto: ProtoPackage = {
  id: "discovery.v1",
  types: {
    Endpoint: "addresses=1:[]str conditions=2:EndpointConditions hostname=3:str targetRef=4:core.v1.ObjectReference deprecatedTopology=5:{}str nodeName=6:str zone=7:str hints=8:EndpointHints",
    EndpointConditions: "ready=1:bool serving=2:bool terminating=3:bool",
    EndpointHints: "forZones=1:[]ForZone forNodes=2:[]ForNode",
    EndpointPort: "name=1:str protocol=2:str port=3:i32 appProtocol=4:str",
    EndpointSlice: "metadata=1:meta.v1.ObjectMeta addressType=4:str! endpoints=2:[]Endpoint ports=3:[]EndpointPort",
    EndpointSliceList: "metadata=1:meta.v1.ListMeta items=2:[]EndpointSlice",
    ForNode: "name=1:str!",
    ForZone: "name=1:str!",
  },
};
