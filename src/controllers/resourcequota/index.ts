export { createResourceQuotaController, gvrForCountKey, RESOURCEQUOTA_CONTROLLER, RESOURCE_QUOTA_SYNC_PERIOD_MS } from "./controller.js";
export { quotaAdmission, missingRequired, type QuotaAdmissionQuota, type QuotaAdmissionResult, type ResourceList } from "./admission.js";
export { podUsage, serviceUsage, pvcUsage, countUsage, sumUsage, podResources, podCountsForQuota, podMatchesScopes, type Usage } from "./usage.js";
