/** Upstream protobuf facts of batch.v1 (grammar: ../fact-table.ts). */
import type { ProtoPackage } from "../fact-table.js";

export const batchV1Proto: ProtoPackage = {
  id: "batch.v1",
  types: {
    CronJob: "metadata=1:meta.v1.ObjectMeta spec=2:CronJobSpec status=3:CronJobStatus",
    CronJobList: "metadata=1:meta.v1.ListMeta items=2:[]CronJob",
    CronJobSpec: "schedule=1:str! timeZone=8:str startingDeadlineSeconds=2:i64 concurrencyPolicy=3:str? suspend=4:bool jobTemplate=5:JobTemplateSpec successfulJobsHistoryLimit=6:i32 failedJobsHistoryLimit=7:i32",
    CronJobStatus: "active=1:[]core.v1.ObjectReference lastScheduleTime=4:time lastSuccessfulTime=5:time",
    Job: "metadata=1:meta.v1.ObjectMeta spec=2:JobSpec status=3:JobStatus",
    JobCondition: "type=1:str! status=2:str! lastProbeTime=3:time lastTransitionTime=4:time reason=5:str? message=6:str?",
    JobList: "metadata=1:meta.v1.ListMeta items=2:[]Job",
    JobSpec: "parallelism=1:i32 completions=2:i32 activeDeadlineSeconds=3:i64 podFailurePolicy=11:PodFailurePolicy successPolicy=16:SuccessPolicy backoffLimit=7:i32 backoffLimitPerIndex=12:i32 maxFailedIndexes=13:i32 selector=4:meta.v1.LabelSelector manualSelector=5:bool template=6:core.v1.PodTemplateSpec ttlSecondsAfterFinished=8:i32 completionMode=9:str suspend=10:bool podReplacementPolicy=14:str managedBy=15:str",
    JobStatus: "conditions=1:[]JobCondition startTime=2:time completionTime=3:time active=4:i32? succeeded=5:i32? failed=6:i32? terminating=11:i32 completedIndexes=7:str? failedIndexes=10:str uncountedTerminatedPods=8:UncountedTerminatedPods ready=9:i32",
    JobTemplateSpec: "metadata=1:meta.v1.ObjectMeta spec=2:JobSpec",
    PodFailurePolicy: "rules=1:[]PodFailurePolicyRule",
    PodFailurePolicyOnExitCodesRequirement: "containerName=1:str operator=2:str! values=3:[]i32",
    PodFailurePolicyOnPodConditionsPattern: "type=1:str! status=2:str!",
    PodFailurePolicyRule: "action=1:str! onExitCodes=2:PodFailurePolicyOnExitCodesRequirement onPodConditions=3:[]PodFailurePolicyOnPodConditionsPattern",
    SuccessPolicy: "rules=1:[]SuccessPolicyRule",
    SuccessPolicyRule: "succeededIndexes=1:str succeededCount=2:i32",
    UncountedTerminatedPods: "succeeded=1:[]str failed=2:[]str",
  },
};
