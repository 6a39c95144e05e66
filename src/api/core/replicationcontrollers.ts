/**
 * core/v1 ReplicationControllers: the ReplicaSet's predecessor with an
 * equality-only selector (a label map). Defaults fill the selector and the
 * object's labels from the template, as upstream's
 * SetDefaults_ReplicationController; validation is upstream's
 * ValidateReplicationController; status and scale subresources; the table
 * of printers.go.
 */
import type { ReplicationController, ReplicationControllerStatus } from "kubernetes-types/core/v1.js";
import { ageColumn, formatLabels } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, path, type FieldError, type FieldPath } from "../validation/field.js";
import { validateNonnegative } from "../validation/numbers.js";
import { validateLabels } from "../validation/labels.js";
import { selectorMatches } from "../validation/label-selector.js";
import { validateStatusCounts } from "../apps/workload-validation.js";
import { setPodTemplateDefaults } from "./pod-defaults.js";
import { templateColumns } from "./pod-template.js";
import type { PodTemplateSpec } from "./pod-types.js";
import { validatePodTemplateSpec } from "./pod-validation.js";

export type ReplicationControllerObject = Omit<ReplicationController, "status" | "spec"> & {
  spec?: Omit<NonNullable<ReplicationController["spec"]>, "template"> & { template?: PodTemplateSpec };
  status?: ReplicationControllerStatus;
} & KubeObject;

/** SetDefaults_ReplicationController. */
export function setReplicationControllerDefaults(rc: ReplicationControllerObject): void {
  const spec = (rc.spec ??= {});
  const templateLabels = spec.template?.metadata?.labels;
  if (templateLabels && Object.keys(templateLabels).length) {
    if (!spec.selector || !Object.keys(spec.selector).length) spec.selector = { ...templateLabels };
    if (!rc.metadata.labels || !Object.keys(rc.metadata.labels).length) rc.metadata.labels = { ...templateLabels };
  }
  spec.replicas ??= 1;
  setPodTemplateDefaults(spec.template);
}

/** ValidateReadOnlyPersistentDisks: a GCE PD mounts on many machines only read-only. */
function validateReadOnlyDisks(template: PodTemplateSpec, at: FieldPath): FieldError[] {
  return (template.spec?.volumes ?? []).flatMap((v, i) =>
    v.gcePersistentDisk && !v.gcePersistentDisk.readOnly
      ? [fieldErrors.invalid(at.index(i).child("gcePersistentDisk", "readOnly"), false, "must be true for replicated pods > 1; GCE PD can only be mounted on multiple machines if it is read-only")]
      : [],
  );
}

/** ValidatePodTemplateSpecForRC. */
function validateTemplate(template: PodTemplateSpec | undefined, selector: Record<string, string> | undefined, replicas: number, at: FieldPath): FieldError[] {
  if (!template) return [fieldErrors.required(at)];
  const errs: FieldError[] = [];
  if (selector && Object.keys(selector).length && !selectorMatches({ matchLabels: selector }, template.metadata?.labels)) {
    errs.push(fieldErrors.invalid(at.child("metadata", "labels"), template.metadata?.labels ?? {}, "`selector` does not match template `labels`"));
  }
  errs.push(...validatePodTemplateSpec(template, at));
  if (replicas > 1) errs.push(...validateReadOnlyDisks(template, at.child("spec", "volumes")));
  const restart = template.spec?.restartPolicy;
  if (restart !== "Always") errs.push(fieldErrors.notSupported(at.child("spec", "restartPolicy"), restart ?? "", ["Always"]));
  if (template.spec?.activeDeadlineSeconds !== undefined && template.spec.activeDeadlineSeconds !== null) {
    errs.push(fieldErrors.forbidden(at.child("spec", "activeDeadlineSeconds"), "activeDeadlineSeconds in ReplicationController is not Supported"));
  }
  return errs;
}

/** ValidateReplicationControllerSpec. */
export function validateReplicationController(rc: ReplicationControllerObject): FieldError[] {
  const sp = path("spec");
  const spec = rc.spec ?? {};
  const errs: FieldError[] = [...validateNonnegative(spec.minReadySeconds, sp.child("minReadySeconds"))];
  if (!spec.selector || !Object.keys(spec.selector).length) errs.push(fieldErrors.required(sp.child("selector")));
  else errs.push(...validateLabels(spec.selector, sp.child("selector")));
  errs.push(...validateNonnegative(spec.replicas, sp.child("replicas")));
  errs.push(...validateTemplate(spec.template, spec.selector, spec.replicas ?? 0, sp.child("template")));
  return errs;
}

const STATUS_COUNTS = ["replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "observedGeneration"] as const;

/** ValidateReplicationControllerStatus: counts not negative, and none above replicas. */
export function validateReplicationControllerStatus(status: ReplicationControllerStatus | undefined): FieldError[] {
  const sp = path("status");
  const errs = validateStatusCounts(status, STATUS_COUNTS, sp);
  const replicas = status?.replicas ?? 0;
  const notAbove = (field: "fullyLabeledReplicas" | "readyReplicas", than: number, thanName: string) =>
    (status?.[field] ?? 0) > than ? [fieldErrors.invalid(sp.child(field), status?.[field], `cannot be greater than status.${thanName}`)] : [];
  errs.push(...notAbove("fullyLabeledReplicas", replicas, "replicas"), ...notAbove("readyReplicas", replicas, "replicas"));
  if ((status?.availableReplicas ?? 0) > replicas) errs.push(fieldErrors.invalid(sp.child("availableReplicas"), status?.availableReplicas, "cannot be greater than status.replicas"));
  if ((status?.availableReplicas ?? 0) > (status?.readyReplicas ?? 0)) errs.push(fieldErrors.invalid(sp.child("availableReplicas"), status?.availableReplicas, "cannot be greater than readyReplicas"));
  return errs;
}

const columns: TableColumn<ReplicationControllerObject>[] = [
  { name: "Desired", type: "integer", description: "Replicas is the number of desired replicas. This is a pointer to distinguish between explicit zero and unspecified. Defaults to 1. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller", cell: (rc) => rc.spec?.replicas ?? 0 },
  { name: "Current", type: "integer", description: "Replicas is the most recently observed number of replicas. More info: https://kubernetes.io/docs/concepts/workloads/controllers/replicationcontroller#what-is-a-replicationcontroller", cell: (rc) => rc.status?.replicas ?? 0 },
  { name: "Ready", type: "integer", description: "The number of ready replicas for this replication controller.", cell: (rc) => rc.status?.readyReplicas ?? 0 },
  ageColumn(),
  ...templateColumns<ReplicationControllerObject>((rc) => rc.spec?.template?.spec),
  { name: "Selector", type: "string", priority: 1, description: "Selector is a label query over pods that should match the Replicas count. If Selector is empty, it is defaulted to the labels present on the Pod template. Label keys and values that must match in order to be controlled by this replication controller, if empty defaulted to labels on Pod template. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#label-selectors", cell: (rc) => formatLabels(rc.spec?.selector) },
];

export const replicationcontrollers: ResourceDefinition<ReplicationControllerObject> = {
  group: "",
  version: "v1",
  kind: "ReplicationController",
  plural: "replicationcontrollers",
  singular: "replicationcontroller",
  namespaced: true,
  shortNames: ["rc"],
  categories: ["all"],
  schema: "io.k8s.api.core.v1.ReplicationController",
  storageName: "controllers",
  hasStatus: true,
  tracksGeneration: true,
  scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".spec.selector" },
  defaults: setReplicationControllerDefaults,
  prepareForCreate(rc) {
    rc.status = { replicas: 0 };
  },
  validate: (rc) => validateReplicationController(rc),
  validateUpdate: (rc) => validateReplicationController(rc),
  validateStatusUpdate: (rc) => validateReplicationControllerStatus(rc.status),
  columns,
  selectableFields: (rc) => ({ "status.replicas": String(rc.status?.replicas ?? 0) }),
};
