/**
 * apps/v1 StatefulSets: upstream's defaults (OrderedReady, RollingUpdate with
 * partition 0, Retain claims), validation, the short list of updatable spec
 * fields, scale subresource and table.
 */
import type { StatefulSet, StatefulSetSpec } from "kubernetes-types/apps/v1.js";
import { setPodTemplateDefaults } from "../core/pod-defaults.js";
import { templateColumns } from "../core/pod-template.js";
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";
import { validateDNS1123Subdomain } from "../validation/labels.js";
import { validateSelectorAndTemplate, validateStatusCounts } from "./workload-validation.js";
import { jsonEqual, validateImmutable } from "../validation/immutable.js";
import { validateNonnegative } from "../validation/numbers.js";
import { validateIntOrPercent } from "../validation/int-or-percent.js";

export type StatefulSetObject = StatefulSet & KubeObject;

const RETENTION = ["Retain", "Delete"];
const UPDATABLE = ["replicas", "ordinals", "template", "updateStrategy", "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds"] as const;

export function setStatefulSetDefaults(s: StatefulSetObject): void {
  const spec = (s.spec ??= { selector: {}, template: {}, serviceName: "" });
  spec.podManagementPolicy ||= "OrderedReady";
  const us = (spec.updateStrategy ??= {});
  if (!us.type) {
    us.type = "RollingUpdate";
    us.rollingUpdate ??= {};
  }
  if (us.type === "RollingUpdate" && us.rollingUpdate) us.rollingUpdate.partition ??= 0;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  retention.whenDeleted ||= "Retain";
  retention.whenScaled ||= "Retain";
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  for (const claim of spec.volumeClaimTemplates ?? []) {
    const cs = (claim.spec ??= {});
    cs.volumeMode ||= "Filesystem";
    (claim as { status?: { phase?: string } }).status ??= { phase: "Pending" };
  }
  setPodTemplateDefaults(spec.template);
}

export function validateStatefulSet(s: StatefulSetObject): FieldError[] {
  const spec = s.spec;
  const sp = path("spec");
  const errs: FieldError[] = [];
  const pmp = spec?.podManagementPolicy;
  if (!pmp) errs.push(fieldErrors.required(sp.child("podManagementPolicy")));
  else if (pmp !== "OrderedReady" && pmp !== "Parallel") errs.push(fieldErrors.invalid(sp.child("podManagementPolicy"), pmp, "must be 'OrderedReady' or 'Parallel'"));
  const us = spec?.updateStrategy;
  switch (us?.type) {
    case undefined:
    case "":
      errs.push(fieldErrors.required(sp.child("updateStrategy")));
      break;
    case "OnDelete":
      if (us.rollingUpdate) errs.push(fieldErrors.invalid(sp.child("updateStrategy", "rollingUpdate"), us.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
      break;
    case "RollingUpdate":
      if (us.rollingUpdate) {
        const rp = sp.child("updateStrategy", "rollingUpdate");
        errs.push(...validateNonnegative(us.rollingUpdate.partition, rp.child("partition")));
        errs.push(...validateIntOrPercent(us.rollingUpdate.maxUnavailable, rp.child("maxUnavailable")));
      }
      break;
    default:
      errs.push(fieldErrors.invalid(sp.child("updateStrategy"), us, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const rp = spec?.persistentVolumeClaimRetentionPolicy;
  for (const k of ["whenDeleted", "whenScaled"] as const) {
    const v = rp?.[k];
    if (v && !RETENTION.includes(v)) errs.push(fieldErrors.notSupported(sp.child("persistentVolumeClaimRetentionPolicy", k), v, RETENTION));
  }
  errs.push(...validateNonnegative(spec?.replicas, sp.child("replicas")));
  errs.push(...validateNonnegative(spec?.minReadySeconds, sp.child("minReadySeconds")));
  errs.push(...validateNonnegative(spec?.ordinals?.start, sp.child("ordinals", "start")));
  errs.push(...validateSelectorAndTemplate(spec, sp, { selectorNoun: "statefulset", deadlineNoun: "StatefulSet", deadlineForbidden: true }));
  (spec?.volumeClaimTemplates ?? []).forEach((c, i) => {
    const np = sp.child("volumeClaimTemplates").index(i).child("metadata", "name");
    if (!c.metadata?.name) errs.push(fieldErrors.required(np, "name or generateName is required"));
    else errs.push(...validateDNS1123Subdomain(c.metadata.name, np));
  });
  if (spec?.serviceName) errs.push(...validateDNS1123Subdomain(spec.serviceName, sp.child("serviceName")));
  return errs;
}

function validateUpdate(s: StatefulSetObject, old: StatefulSetObject): FieldError[] {
  const errs = [...validateStatefulSet(s), ...validateImmutable(s.spec?.selector, old.spec?.selector, path("spec", "selector"))];
  const rest = (spec: StatefulSetSpec | undefined) => {
    const copy: Record<string, unknown> = { ...(spec ?? {}) };
    for (const k of UPDATABLE) delete copy[k];
    delete copy.selector;
    return copy;
  };
  if (!jsonEqual(rest(s.spec), rest(old.spec))) {
    errs.push(
      fieldErrors.forbidden(
        path("spec"),
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}

const STATUS_COUNTS = ["replicas", "readyReplicas", "currentReplicas", "updatedReplicas", "availableReplicas", "observedGeneration"] as const;

const columns: TableColumn<StatefulSetObject>[] = [
  { name: "Ready", type: "string", description: "Number of the pod with ready state", cell: (s) => `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}` },
  ageColumn(),
  ...templateColumns<StatefulSetObject>((s) => s.spec?.template?.spec),
];

export const statefulsets: ResourceDefinition<StatefulSetObject> = {
  group: "apps",
  version: "v1",
  kind: "StatefulSet",
  plural: "statefulsets",
  singular: "statefulset",
  namespaced: true,
  shortNames: ["sts"],
  categories: ["all"],
  schema: "io.k8s.api.apps.v1.StatefulSet",
  hasStatus: true,
  tracksGeneration: true,
  scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".spec.selector" },
  defaults: setStatefulSetDefaults,
  prepareForCreate(s) {
    s.status = { replicas: 0, availableReplicas: 0 };
  },
  validate: (s) => validateStatefulSet(s),
  validateUpdate,
  validateStatusUpdate: (s) => validateStatusCounts(s.status, STATUS_COUNTS, path("status")),
  columns,
};
