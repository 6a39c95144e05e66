/**
 * apps/v1 DaemonSets: upstream's defaults (RollingUpdate, maxUnavailable 1,
 * maxSurge 0, ten revisions kept), validation, immutable selector and table.
 */
import type { DaemonSet, DaemonSetStatus, DaemonSetUpdateStrategy } from "kubernetes-types/apps/v1.js";
import { setPodTemplateDefaults } from "../core/pod-defaults.js";
import { selectorColumn, templateColumns } from "../core/pod-template.js";
import { formatLabels, ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, path, type FieldError, type FieldPath } from "../validation/field.js";
import { validateSelectorAndTemplate, validateStatusCounts } from "./workload-validation.js";
import { validateImmutable } from "../validation/immutable.js";
import { validateNonnegative } from "../validation/numbers.js";
import { intOrPercentValue, notMoreThan100Percent, validateIntOrPercent } from "../validation/int-or-percent.js";

export type DaemonSetObject = Omit<DaemonSet, "status"> & { status?: DaemonSetStatus } & KubeObject;

export function setDaemonSetDefaults(ds: DaemonSetObject): void {
  const spec = (ds.spec ??= { selector: {}, template: {} });
  const us = (spec.updateStrategy ??= {});
  us.type ||= "RollingUpdate";
  if (us.type === "RollingUpdate") {
    const ru = (us.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  setPodTemplateDefaults(spec.template);
}

function validateUpdateStrategy(us: DaemonSetUpdateStrategy | undefined, p: FieldPath): FieldError[] {
  switch (us?.type) {
    case "OnDelete":
      return [];
    case "RollingUpdate": {
      const ru = us.rollingUpdate;
      if (!ru) return [fieldErrors.required(p.child("rollingUpdate"))];
      const rp = p.child("rollingUpdate");
      const errs = [
        ...validateIntOrPercent(ru.maxUnavailable, rp.child("maxUnavailable")),
        ...validateIntOrPercent(ru.maxSurge, rp.child("maxSurge")),
        ...notMoreThan100Percent(ru.maxUnavailable, rp.child("maxUnavailable")),
        ...notMoreThan100Percent(ru.maxSurge, rp.child("maxSurge")),
      ];
      const unavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
      const surge = intOrPercentValue(ru.maxSurge) !== 0;
      if (unavailable && surge) errs.push(fieldErrors.invalid(rp.child("maxSurge"), ru.maxSurge, "may not be set when maxUnavailable is non-zero"));
      else if (!unavailable && !surge) errs.push(fieldErrors.required(rp.child("maxUnavailable"), "cannot be 0 when maxSurge is 0"));
      return errs;
    }
    default:
      return [fieldErrors.notSupported(p.child("type"), us?.type ?? "", ["OnDelete", "RollingUpdate"])];
  }
}

export function validateDaemonSet(ds: DaemonSetObject): FieldError[] {
  const sp = path("spec");
  return [
    ...validateSelectorAndTemplate(ds.spec, sp, { selectorNoun: "daemonset", deadlineNoun: "DaemonSet" }),
    ...validateNonnegative(ds.spec?.minReadySeconds, sp.child("minReadySeconds")),
    ...validateUpdateStrategy(ds.spec?.updateStrategy, sp.child("updateStrategy")),
    ...validateNonnegative(ds.spec?.revisionHistoryLimit, sp.child("revisionHistoryLimit")),
  ];
}

const STATUS_COUNTS = ["currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled", "numberReady", "updatedNumberScheduled", "numberAvailable", "numberUnavailable", "observedGeneration"] as const;

const columns: TableColumn<DaemonSetObject>[] = [
  { name: "Desired", type: "integer", description: "The total number of nodes that should be running the daemon pod (including nodes correctly running the daemon pod).", cell: (d) => d.status?.desiredNumberScheduled ?? 0 },
  { name: "Current", type: "integer", description: "The number of nodes that are running at least 1 daemon pod and are supposed to run the daemon pod.", cell: (d) => d.status?.currentNumberScheduled ?? 0 },
  { name: "Ready", type: "integer", description: "numberReady is the number of nodes that should be running the daemon pod and have one or more of the daemon pod running with a Ready Condition.", cell: (d) => d.status?.numberReady ?? 0 },
  { name: "Up-to-date", type: "integer", description: "The total number of nodes that are running updated daemon pod", cell: (d) => d.status?.updatedNumberScheduled ?? 0 },
  { name: "Available", type: "integer", description: "The number of nodes that should be running the daemon pod and have one or more of the daemon pod running and available (ready for at least spec.minReadySeconds)", cell: (d) => d.status?.numberAvailable ?? 0 },
  { name: "Node Selector", type: "string", description: "NodeSelector is a selector which must be true for the pod to fit on a node.", cell: (d) => formatLabels(d.spec?.template?.spec?.nodeSelector) },
  ageColumn(),
  ...templateColumns<DaemonSetObject>((d) => d.spec?.template?.spec),
  selectorColumn<DaemonSetObject>((d) => d.spec?.selector, "A label query over pods that are managed by the daemon set."),
];

export const daemonsets: ResourceDefinition<DaemonSetObject> = {
  group: "apps",
  version: "v1",
  kind: "DaemonSet",
  plural: "daemonsets",
  singular: "daemonset",
  namespaced: true,
  shortNames: ["ds"],
  categories: ["all"],
  schema: "io.k8s.api.apps.v1.DaemonSet",
  hasStatus: true,
  tracksGeneration: true,
  defaults: setDaemonSetDefaults,
  prepareForCreate(ds) {
    ds.status = { currentNumberScheduled: 0, desiredNumberScheduled: 0, numberMisscheduled: 0, numberReady: 0 };
  },
  validate: (ds) => validateDaemonSet(ds),
  validateUpdate: (ds, old) => [...validateDaemonSet(ds), ...validateImmutable(ds.spec?.selector, old.spec?.selector, path("spec", "selector"))],
  validateStatusUpdate: (ds) => validateStatusCounts(ds.status, STATUS_COUNTS, path("status")),
  columns,
};
