/** Upstream field facts of io.k8s.api.storage.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const storageV1Facts: PackageFacts = {
  package: "io.k8s.api.storage.v1",
  types: {
    CSIDriverSpec: "tokenRequests=list:atomic volumeLifecycleModes=list:set",
    CSINodeDriver: "topologyKeys=list:atomic",
    CSINodeSpec: "drivers=patch:merge;key:name;list:map:name",
    StorageClass: "allowedTopologies=list:atomic mountOptions=list:atomic",
    TokenRequest: "expirationSeconds=int64",
  },
};
