/**
 * core/v1 Pods: upstream's pod strategy (pkg/registry/core/pod), defaults,
 * validation, graceful deletion, the pod table and field selectors. What
 * admission adds to new pods (service account, priority, tolerations) is
 * in src/apiserver/admission.
 */
import type { ResourceDefinition } from "../types.js";
import type { Pod, PodObject } from "./pod-types.js";
import { rfc3339 } from "../printers.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";
import { validateDNS1123Subdomain } from "../validation/labels.js";
import { podColumns } from "./pod-columns.js";
import { setPodDefaults } from "./pod-defaults.js";
import { podQOSClass } from "./pod-qos.js";
import { bindingSubresource, evictionSubresource } from "./pod-subresources.js";
import { attachSubresource, execSubresource, logSubresource, portForwardSubresource } from "./pod-connect.js";
import { ephemeralContainersSubresource } from "./pod-ephemeral-containers.js";
import { validatePodSpecUpdate } from "./pod-update-validation.js";
import { validatePodSpec } from "./pod-validation.js";

export const isTerminal = (pod: Pod) => pod.status?.phase === "Succeeded" || pod.status?.phase === "Failed";

/** Pods are removed at once when no kubelet has to stop them: unscheduled or already finished. */
function effectiveGracePeriod(pod: Pod, requested: number | undefined): number {
  if (!pod.spec?.nodeName || isTerminal(pod)) return 0;
  const period = requested ?? pod.spec?.terminationGracePeriodSeconds ?? 0;
  return period < 0 ? 1 : period;
}

function validateStatus(pod: PodObject): FieldError[] {
  const errs: FieldError[] = [];
  const nominated = pod.status?.nominatedNodeName;
  if (nominated) errs.push(...validateDNS1123Subdomain(nominated, path("status", "nominatedNodeName")));
  const ips = pod.status?.podIPs ?? [];
  if (pod.status?.podIP && ips.length && ips[0].ip !== pod.status.podIP) {
    errs.push(fieldErrors.invalid(path("status", "podIPs").index(0).child("ip"), ips[0].ip, "must be equal to `podIP`"));
  }
  return errs;
}

export const pods: ResourceDefinition<PodObject> = {
  watchTriggerField: "spec.nodeName",
  group: "",
  version: "v1",
  kind: "Pod",
  plural: "pods",
  singular: "pod",
  namespaced: true,
  shortNames: ["po"],
  categories: ["all"],
  schema: "io.k8s.api.core.v1.Pod",
  hasStatus: true,
  tracksGeneration: true,
  subresources: {
    binding: bindingSubresource,
    ephemeralcontainers: ephemeralContainersSubresource,
    eviction: evictionSubresource,
    log: logSubresource,
    exec: execSubresource,
    attach: attachSubresource,
    portforward: portForwardSubresource,
  },

  defaults: (pod) => setPodDefaults(pod),

  async prepareForCreate(pod, ctx) {
    const spec = (pod.spec ??= { containers: [] });
    // The deprecated field mirrors serviceAccountName, as upstream's v1 conversion does.
    if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
    if ((spec.terminationGracePeriodSeconds ?? 0) < 0) spec.terminationGracePeriodSeconds = 1;
    pod.status = { phase: "Pending", qosClass: podQOSClass(spec) };
    if (spec.schedulingGates?.length) {
      pod.status.conditions = [
        { type: "PodScheduled", status: "False", reason: "SchedulingGated", message: "Scheduling is blocked due to non-empty scheduling gates", lastTransitionTime: rfc3339(ctx.now) },
      ];
    }
  },

  prepareForUpdate(pod, old) {
    if (pod.spec && (pod.spec.terminationGracePeriodSeconds ?? 0) < 0 && (old.spec?.terminationGracePeriodSeconds ?? 0) < 0) pod.spec.terminationGracePeriodSeconds = 1;
  },

  prepareForStatusUpdate(pod, old) {
    // Old kubelets corrupted owner references through /status; upstream keeps them.
    pod.metadata.ownerReferences = old.metadata.ownerReferences;
    if (!pod.status?.qosClass && old.status?.qosClass) pod.status = { ...(pod.status ?? {}), qosClass: old.status.qosClass };
  },

  validate: (pod) => validatePodSpec(pod.spec, path("spec")),
  validateUpdate: (pod, old) => [...validatePodSpec(pod.spec, path("spec")), ...validatePodSpecUpdate(pod, old)],
  validateStatusUpdate: (pod) => validateStatus(pod),

  defaultGracePeriodSeconds: (pod) => effectiveGracePeriod(pod, undefined),
  gracefulDelete: (pod, grace) => effectiveGracePeriod(pod, grace) > 0,

  columns: podColumns,
  selectableFields: (pod) => ({
    "spec.nodeName": pod.spec?.nodeName ?? "",
    "spec.restartPolicy": pod.spec?.restartPolicy ?? "",
    "spec.schedulerName": pod.spec?.schedulerName ?? "",
    "spec.serviceAccountName": pod.spec?.serviceAccountName ?? "",
    "spec.hostNetwork": String(pod.spec?.hostNetwork ?? false),
    "status.phase": pod.status?.phase ?? "",
    "status.podIP": pod.status?.podIPs?.[0]?.ip ?? "",
    "status.nominatedNodeName": pod.status?.nominatedNodeName ?? "",
  }),
};
