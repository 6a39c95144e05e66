/** Upstream field facts of io.k8s.api.batch.v1 (grammar: field-facts.ts). */
import type { PackageFacts } from "./field-facts.js";

export const batchV1Facts: PackageFacts = {
  package: "io.k8s.api.batch.v1",
  types: {
    CronJob: "metadata=default:{} spec=default:{} status=default:{}",
    CronJobList: "metadata=default:{}",
    CronJobSpec: "jobTemplate=default:{} schedule=default:\"\" startingDeadlineSeconds=int64",
    CronJobStatus: "active=list:atomic",
    Job: "metadata=default:{} spec=default:{} status=default:{}",
    JobCondition: "lastProbeTime=default:{} lastTransitionTime=default:{} status=default:\"\" type=default:\"\"",
    JobList: "metadata=default:{}",
    JobSpec: "activeDeadlineSeconds=int64 template=default:{}",
    JobStatus: "conditions=patch:merge;key:type;list:atomic",
    JobTemplateSpec: "metadata=default:{} spec=default:{}",
    PodFailurePolicy: "rules=list:atomic",
    PodFailurePolicyOnExitCodesRequirement: "operator=default:\"\" values=list:set",
    PodFailurePolicyOnPodConditionsPattern: "status=default:\"\" type=default:\"\"",
    PodFailurePolicyRule: "action=default:\"\" onPodConditions=list:atomic",
    SuccessPolicy: "rules=list:atomic",
    UncountedTerminatedPods: "failed=list:set succeeded=list:set",
  },
};
