export { createResourceQuotaController, gvrForCountKey, RESOURCEQUOTA_CONTROLLER, RESOURCE_QUOTA_SYNC_PERIOD_MS } from "./controller.js";
export { quotaAdmission, missingRequired, type QuotaAdmissionQuota, type QuotaAdmissionResult, type ResourceList } from "./admission.js";
export { podUsage, serviceUsage, pvcUsage, countUsage, sumUsage, podResources, podCountsForQuota, objectUsage, containerUsageKeys, type Usage } from "./usage.js";
export { podMatchesScopes, quotaIsScoped } from "./scopes.js";
export { matchingResources, podMissingResources } from "./matching.js";
