/**
 * apps/v1 Deployments: upstream's defaults (one replica, RollingUpdate
 * 25%/25%, ten old ReplicaSets kept, 600s progress deadline), validation,
 * immutable selector, scale subresource and table.
 */
import type { Deployment, DeploymentStrategy } from "kubernetes-types/apps/v1.js";
import { setPodTemplateDefaults } from "../core/pod-defaults.js";
import { selectorColumn, templateColumns } from "../core/pod-template.js";
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, path, type FieldError, type FieldPath } from "../validation/field.js";
import { selectorString } from "../validation/label-selector.js";
import { validateSelectorAndTemplate } from "./workload-validation.js";
import { validateImmutable } from "../validation/immutable.js";
import { validateNonnegative } from "../validation/numbers.js";
import { intOrPercentValue, notMoreThan100Percent, validateIntOrPercent } from "../validation/int-or-percent.js";

export type DeploymentObject = Deployment & KubeObject;

export function setDeploymentDefaults(d: DeploymentObject): void {
  const spec = (d.spec ??= { selector: {}, template: {} });
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  strategy.type ||= "RollingUpdate";
  if (strategy.type === "RollingUpdate") {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= "25%";
    ru.maxSurge ??= "25%";
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  setPodTemplateDefaults(spec.template);
}

function validateStrategy(s: DeploymentStrategy | undefined, p: FieldPath): FieldError[] {
  switch (s?.type) {
    case "Recreate":
      return s.rollingUpdate ? [fieldErrors.forbidden(p.child("rollingUpdate"), "may not be specified when strategy `type` is 'Recreate'")] : [];
    case "RollingUpdate": {
      const ru = s.rollingUpdate;
      if (!ru) return [fieldErrors.required(p.child("rollingUpdate"), "this should be defaulted and never be nil")];
      const rp = p.child("rollingUpdate");
      const errs = [...validateIntOrPercent(ru.maxUnavailable, rp.child("maxUnavailable")), ...validateIntOrPercent(ru.maxSurge, rp.child("maxSurge"))];
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(fieldErrors.invalid(rp.child("maxUnavailable"), ru.maxUnavailable, "may not be 0 when `maxSurge` is 0"));
      }
      errs.push(...notMoreThan100Percent(ru.maxUnavailable, rp.child("maxUnavailable")));
      return errs;
    }
    default:
      return [fieldErrors.notSupported(p, s ?? null, ["Recreate", "RollingUpdate"])];
  }
}

export function validateDeployment(d: DeploymentObject): FieldError[] {
  const spec = d.spec;
  const sp = path("spec");
  const errs = [...validateNonnegative(spec?.replicas, sp.child("replicas"))];
  errs.push(...validateSelectorAndTemplate(spec, sp, { selectorNoun: "deployment", deadlineNoun: "ReplicaSet" }));
  errs.push(...validateStrategy(spec?.strategy, sp.child("strategy")));
  errs.push(...validateNonnegative(spec?.minReadySeconds, sp.child("minReadySeconds")));
  errs.push(...validateNonnegative(spec?.revisionHistoryLimit, sp.child("revisionHistoryLimit")));
  const pds = spec?.progressDeadlineSeconds;
  if (pds !== undefined && pds !== null) {
    if (pds <= 0) errs.push(fieldErrors.invalid(sp.child("progressDeadlineSeconds"), pds, "must be greater than 0"));
    if (pds <= (spec?.minReadySeconds ?? 0)) errs.push(fieldErrors.invalid(sp.child("progressDeadlineSeconds"), pds, "must be greater than minReadySeconds"));
  }
  return errs;
}

const columns: TableColumn<DeploymentObject>[] = [
  { name: "Ready", type: "string", description: "Number of the pod with ready state", cell: (d) => `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}` },
  { name: "Up-to-date", type: "integer", description: "Total number of non-terminated pods targeted by this deployment that have the desired template spec.", cell: (d) => d.status?.updatedReplicas ?? 0 },
  { name: "Available", type: "integer", description: "Total number of available pods (ready for at least minReadySeconds) targeted by this deployment.", cell: (d) => d.status?.availableReplicas ?? 0 },
  ageColumn(),
  ...templateColumns<DeploymentObject>((d) => d.spec?.template?.spec),
  // Deployments print the bare selector string, without "<none>" (upstream's printDeployment).
  { ...selectorColumn<DeploymentObject>((d) => d.spec?.selector, "Label selector for pods."), cell: (d) => selectorString(d.spec?.selector) },
];

export const deployments: ResourceDefinition<DeploymentObject> = {
  group: "apps",
  version: "v1",
  kind: "Deployment",
  plural: "deployments",
  singular: "deployment",
  namespaced: true,
  shortNames: ["deploy"],
  categories: ["all"],
  schema: "io.k8s.api.apps.v1.Deployment",
  hasStatus: true,
  tracksGeneration: true,
  scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".spec.selector" },
  defaults: setDeploymentDefaults,
  prepareForCreate(d) {
    d.status = {};
  },
  validate: (d) => validateDeployment(d),
  validateUpdate: (d, old) => [...validateDeployment(d), ...validateImmutable(d.spec?.selector, old.spec?.selector, path("spec", "selector"))],
  columns,
};
