/**
 * apps/v1 ReplicaSets: one replica by default, the shared selector/template
 * rules, immutable selector, scale subresource, table and the status.replicas
 * field selector.
 */
import type { ReplicaSet, ReplicaSetStatus } from "kubernetes-types/apps/v1.js";
import { setPodTemplateDefaults } from "../core/pod-defaults.js";
import { selectorColumn, templateColumns } from "../core/pod-template.js";
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { path, type FieldError } from "../validation/field.js";
import { validateSelectorAndTemplate, validateStatusCounts } from "./workload-validation.js";
import { validateImmutable } from "../validation/immutable.js";
import { validateNonnegative } from "../validation/numbers.js";

export type ReplicaSetObject = Omit<ReplicaSet, "status"> & { status?: ReplicaSetStatus } & KubeObject;

export function validateReplicaSet(rs: ReplicaSetObject): FieldError[] {
  const sp = path("spec");
  return [
    ...validateNonnegative(rs.spec?.replicas, sp.child("replicas")),
    ...validateNonnegative(rs.spec?.minReadySeconds, sp.child("minReadySeconds")),
    ...validateSelectorAndTemplate(rs.spec, sp, { selectorNoun: "deployment", deadlineNoun: "ReplicaSet" }),
  ];
}

const STATUS_COUNTS = ["replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas", "terminatingReplicas", "observedGeneration"] as const;

const columns: TableColumn<ReplicaSetObject>[] = [
  { name: "Desired", type: "integer", description: "Replicas is the number of desired pods.", cell: (rs) => rs.spec?.replicas ?? 0 },
  { name: "Current", type: "integer", description: "Replicas is the most recently observed number of non-terminating pods.", cell: (rs) => rs.status?.replicas ?? 0 },
  { name: "Ready", type: "integer", description: "The number of non-terminating pods targeted by this ReplicaSet with a Ready Condition.", cell: (rs) => rs.status?.readyReplicas ?? 0 },
  ageColumn(),
  ...templateColumns<ReplicaSetObject>((rs) => rs.spec?.template?.spec),
  selectorColumn<ReplicaSetObject>((rs) => rs.spec?.selector, "Selector is a label query over pods that should match the replica count."),
];

export const replicasets: ResourceDefinition<ReplicaSetObject> = {
  group: "apps",
  version: "v1",
  kind: "ReplicaSet",
  plural: "replicasets",
  singular: "replicaset",
  namespaced: true,
  shortNames: ["rs"],
  categories: ["all"],
  schema: "io.k8s.api.apps.v1.ReplicaSet",
  hasStatus: true,
  tracksGeneration: true,
  scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".spec.selector" },
  defaults(rs) {
    const spec = (rs.spec ??= { selector: {} });
    spec.replicas ??= 1;
    setPodTemplateDefaults(spec.template);
  },
  prepareForCreate(rs) {
    rs.status = { replicas: 0 };
  },
  validate: (rs) => validateReplicaSet(rs),
  validateUpdate: (rs, old) => [...validateReplicaSet(rs), ...validateImmutable(rs.spec?.selector, old.spec?.selector, path("spec", "selector"))],
  validateStatusUpdate: (rs) => validateStatusCounts(rs.status, STATUS_COUNTS, path("status")),
  columns,
  selectableFields: (rs) => ({ "status.replicas": String(rs.status?.replicas ?? 0) }),
};
