/** The CronJob controller (batch/v1 CronJobs). */
export { createCronJobController, CRONJOB_CONTROLLER_NAME } from "./controller.js";
export { syncCronJob, jobNameFor, jobFromTemplate, SCHEDULED_TIMESTAMP_ANNOTATION } from "./sync.js";
export { nextActivation, missedActivations, formatRFC3339 } from "./schedule-time.js";
