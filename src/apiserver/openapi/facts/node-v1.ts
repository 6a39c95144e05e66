/** Upstream field facts of io.k8s.api.node.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const nodeV1Facts: PackageFacts = {
  package: "io.k8s.api.node.v1",
  types: {
    RuntimeClass: "handler=default:\"\" metadata=default:{}",
    RuntimeClassList: "metadata=default:{}",
    Scheduling: "nodeSelector=map:atomic tolerations=list:atomic",
  },
};
