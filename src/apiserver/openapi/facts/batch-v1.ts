/** Upstream field facts of io.k8s.api.batch.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const batchV1Facts: PackageFacts = {
  package: "io.k8s.api.batch.v1",
  types: {
    CronJobSpec: "startingDeadlineSeconds=int64",
    CronJobStatus: "active=list:atomic",
    JobSpec: "activeDeadlineSeconds=int64",
    JobStatus: "conditions=patch:merge;key:type;list:atomic",
    PodFailurePolicy: "rules=list:atomic",
    PodFailurePolicyOnExitCodesRequirement: "values=list:set",
    PodFailurePolicyRule: "onPodConditions=list:atomic",
    SuccessPolicy: "rules=list:atomic",
    UncountedTerminatedPods: "failed=list:set succeeded=list:set",
  },
};
