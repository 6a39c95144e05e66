/** Upstream field facts of io.k8s.api.discovery.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const discoveryV1Facts: PackageFacts = {
  package: "io.k8s.api.discovery.v1",
  types: {
    Endpoint: "addresses=list:set",
    EndpointHints: "forZones=list:atomic",
    EndpointPort: "@map:atomic",
    EndpointSlice: "endpoints=list:atomic ports=list:atomic",
  },
};
