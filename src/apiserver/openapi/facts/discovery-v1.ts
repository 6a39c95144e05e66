/** Upstream field facts of io.k8s.api.discovery.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const discoveryV1Facts: PackageFacts = {
  package: "io.k8s.api.discovery.v1",
  types: {
    Endpoint: "addresses=list:set conditions=default:{}",
    EndpointHints: "forZones=list:atomic",
    EndpointPort: "@map:atomic",
    EndpointSlice: "addressType=default:\"\" endpoints=list:atomic metadata=default:{} ports=list:atomic",
    EndpointSliceList: "metadata=default:{}",
    ForZone: "name=default:\"\"",
  },
};
