/** The Job controller (batch/v1 Jobs). */
export { createJobController, JOB_CONTROLLER_NAME } from "./controller.js";
export { syncJob, type JobSyncDeps, type SyncResult } from "./sync.js";
export { JOB_TRACKING_FINALIZER, COMPLETION_INDEX_ANNOTATION, COMPLETION_INDEX_LABEL } from "./pod-template.js";
export * from "./conditions.js";
