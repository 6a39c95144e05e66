/** Upstream field facts of io.k8s.api.scheduling.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const schedulingV1Facts: PackageFacts = {
  package: "io.k8s.api.scheduling.v1",
  types: {
    PriorityClass: "metadata=default:{} value=default:0",
    PriorityClassList: "metadata=default:{}",
  },
};
