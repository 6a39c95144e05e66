/** Upstream field facts of io.k8s.api.apiserverinternal.v1alpha1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const apiserverinternalV1alpha1Facts: PackageFacts = {
  package: "io.k8s.api.apiserverinternal.v1alpha1",
  types: {
    ServerStorageVersion: "decodableVersions=list:set servedVersions=list:set",
    StorageVersionCondition: "observedGeneration=int64",
    StorageVersionStatus: "conditions=list:map:type storageVersions=list:map:apiServerID",
  },
};
