/** Upstream field facts of io.k8s.api.coordination.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const coordinationV1Facts: PackageFacts = {
  package: "io.k8s.api.coordination.v1",
  types: {
    Lease: "metadata=default:{} spec=default:{}",
    LeaseList: "metadata=default:{}",
  },
};
