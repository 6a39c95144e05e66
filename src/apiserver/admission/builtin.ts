/**
 * The built-in admission plugins of the API server, by upstream name. The
 * server adds the plugins other folders provide (NodeRestriction, the
 * webhooks, ValidatingAdmissionPolicy) beside these; plugins.ts orders them.
 */
import type { Clock } from "../../util/clock.js";
import { createCertificateApprovalAdmission, createCertificateSigningAdmission, createCertificateSubjectRestrictionAdmission, type Authorize } from "./certificates.js";
import { createDefaultIngressClassAdmission, createDefaultStorageClassAdmission } from "./default-classes.js";
import { createDefaultTolerationSecondsAdmission } from "./default-toleration-seconds.js";
import { createLimitRangerAdmission } from "./limit-ranger.js";
import { createNamespaceLifecycle } from "./namespace-lifecycle.js";
import type { PluginName } from "./plugins.js";
import type { Registry } from "prom-client";
import { createPodSecurityMetrics } from "./pod-security/metrics.js";
import { createPodSecurityAdmission } from "./pod-security/plugin.js";
import { createPriorityAdmission } from "./priority.js";
import { createPersistentVolumeClaimResizeAdmission } from "./pvc-resize.js";
import { createResourceQuotaAdmission, type QuotaAccess } from "./resource-quota.js";
import { createRuntimeClassAdmission } from "./runtime-class.js";
import { createServiceAccountAdmission, type ServiceAccountGetter } from "./service-account.js";
import { createTaintNodesByConditionAdmission } from "./taint-nodes-by-condition.js";
import type { AdmissionLookup, AdmissionPlugin } from "./types.js";

export interface BuiltinAdmissionDeps {
  lookup: AdmissionLookup;
  /** Where PodSecurity's metrics go (the API server's /metrics); none without it. */
  registry?: Registry;
  quotas: QuotaAccess;
  authorize: Authorize;
  clock: Clock;
}

export function builtinAdmissionPlugins(deps: BuiltinAdmissionDeps): Partial<Record<PluginName, AdmissionPlugin>> {
  const { lookup } = deps;
  return {
    NamespaceLifecycle: createNamespaceLifecycle(
      {
        get: (name) => lookup.get("", "namespaces", undefined, name),
        getLive: lookup.getLive && ((name) => lookup.getLive!("", "namespaces", undefined, name)),
      },
      deps.clock,
    ),
    LimitRanger: createLimitRangerAdmission(lookup),
    ServiceAccount: createServiceAccountAdmission((ns, name) => lookup.get("", "serviceaccounts", ns, name) as ReturnType<ServiceAccountGetter>),
    TaintNodesByCondition: createTaintNodesByConditionAdmission(),
    PodSecurity: createPodSecurityAdmission(lookup, deps.registry && createPodSecurityMetrics(deps.registry)),
    Priority: createPriorityAdmission(lookup),
    DefaultTolerationSeconds: createDefaultTolerationSecondsAdmission(),
    DefaultStorageClass: createDefaultStorageClassAdmission(lookup),
    PersistentVolumeClaimResize: createPersistentVolumeClaimResizeAdmission(lookup),
    RuntimeClass: createRuntimeClassAdmission(lookup),
    CertificateApproval: createCertificateApprovalAdmission(deps.authorize),
    CertificateSigning: createCertificateSigningAdmission(deps.authorize),
    CertificateSubjectRestriction: createCertificateSubjectRestrictionAdmission(),
    DefaultIngressClass: createDefaultIngressClassAdmission(lookup),
    ResourceQuota: createResourceQuotaAdmission(deps.quotas, deps.clock),
  };
}

