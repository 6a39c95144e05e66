import type { PersistentVolume } from "kubernetes-types/core/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { canonicalizeResourceList, tryParseQuantity } from "../validation/core-quantity.js";
import { validateNonNegativeQuantity } from "../validation/core-common.js";
import { storageClassOf, validateAccessModes, accessModesString } from "../validation/core-storage.js";
import { rfc3339, ageColumn } from "../printers.js";
import { validateImmutable, jsonEqual } from "../validation/immutable.js";

export type PersistentVolumeObject = PersistentVolume & KubeObject;
type Mutable = { status?: PersistentVolume["status"] };

const reclaimPolicies = ["Delete", "Recycle", "Retain"];
const volumeModes = ["Block", "Filesystem"];
/** Spec fields that are not a volume source. */
const nonSourceFields = new Set(["accessModes", "capacity", "claimRef", "mountOptions", "nodeAffinity", "persistentVolumeReclaimPolicy", "storageClassName", "volumeMode", "volumeAttributesClassName"]);

function volumeSources(pv: PersistentVolumeObject): string[] {
  return Object.keys(pv.spec ?? {}).filter((k) => !nonSourceFields.has(k) && (pv.spec as Record<string, unknown>)[k] != null);
}

/** Upstream's ValidatePersistentVolume (the common rules). */
export function validatePersistentVolume(pv: PersistentVolumeObject): FieldError[] {
  const spec = pv.spec ?? {};
  const errs = validateAccessModes(spec.accessModes, "spec.accessModes");
  const capacity = spec.capacity ?? {};
  if (!Object.keys(capacity).length) errs.push(fieldErrors.required("spec.capacity"));
  else if (!("storage" in capacity) || Object.keys(capacity).length > 1) errs.push(fieldErrors.notSupported("spec.capacity", capacity, ["storage"]));
  for (const [k, v] of Object.entries(capacity)) errs.push(...validateNonNegativeQuantity(v, `spec.capacity[${k}]`));
  if (spec.persistentVolumeReclaimPolicy && !reclaimPolicies.includes(spec.persistentVolumeReclaimPolicy)) {
    errs.push(fieldErrors.notSupported("spec.persistentVolumeReclaimPolicy", spec.persistentVolumeReclaimPolicy, reclaimPolicies));
  }
  if (spec.volumeMode && !volumeModes.includes(spec.volumeMode)) errs.push(fieldErrors.notSupported("spec.volumeMode", spec.volumeMode, volumeModes));
  const sources = volumeSources(pv);
  if (sources.length === 0) errs.push(fieldErrors.required("spec", "must specify a volume type"));
  for (const s of sources.slice(1)) errs.push(fieldErrors.forbidden(`spec.${s}`, "may not specify more than 1 volume type"));
  return errs;
}

function validateUpdate(pv: PersistentVolumeObject, old: PersistentVolumeObject): FieldError[] {
  const errs = validatePersistentVolume(pv);
  const sourceOf = (v: PersistentVolumeObject) => Object.fromEntries(volumeSources(v).map((k) => [k, (v.spec as Record<string, unknown>)[k]]));
  if (!jsonEqual(sourceOf(pv), sourceOf(old))) errs.push(fieldErrors.forbidden("spec.persistentvolumesource", "spec.persistentvolumesource is immutable after creation"));
  errs.push(...validateImmutable(pv.spec?.volumeMode, old.spec?.volumeMode, "volumeMode"));
  if (old.spec?.nodeAffinity) errs.push(...validateImmutable(pv.spec?.nodeAffinity, old.spec.nodeAffinity, "nodeAffinity"));
  return errs;
}

export const persistentvolumes: ResourceDefinition<PersistentVolumeObject> = {
  group: "",
  version: "v1",
  kind: "PersistentVolume",
  plural: "persistentvolumes",
  singular: "persistentvolume",
  namespaced: false,
  shortNames: ["pv"],
  schema: "io.k8s.api.core.v1.PersistentVolume",
  hasStatus: true,
  tracksGeneration: false,
  defaults(pv) {
    const spec = (pv.spec ??= {});
    if (!spec.persistentVolumeReclaimPolicy) spec.persistentVolumeReclaimPolicy = "Retain";
    if (!spec.volumeMode) spec.volumeMode = "Filesystem";
    if (spec.hostPath && spec.hostPath.type === undefined) spec.hostPath.type = "";
    canonicalizeResourceList(spec.capacity as Record<string, unknown> | undefined);
    if (!pv.status?.phase) (pv as Mutable).status = { ...(pv.status ?? {}), phase: "Pending" };
  },
  prepareForCreate(pv, ctx) {
    (pv as Mutable).status = { phase: "Pending", lastPhaseTransitionTime: rfc3339(ctx.now) };
  },
  prepareForStatusUpdate(pv, old, ctx) {
    if (pv.status?.phase !== old.status?.phase) (pv as Mutable).status = { ...pv.status, lastPhaseTransitionTime: rfc3339(ctx.now) };
  },
  validate: (pv) => validatePersistentVolume(pv),
  validateUpdate: (pv, old) => validateUpdate(pv, old),
  validateStatusUpdate: (pv) => validatePersistentVolume(pv),
  columns: [
    { name: "Capacity", type: "string", description: "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity", cell: (pv) => tryParseQuantity(pv.spec?.capacity?.storage ?? "0")?.toString() ?? "" },
    { name: "Access Modes", type: "string", description: "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes", cell: (pv) => accessModesString(pv.spec?.accessModes) },
    { name: "Reclaim Policy", type: "string", description: "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming", cell: (pv) => pv.spec?.persistentVolumeReclaimPolicy ?? "" },
    { name: "Status", type: "string", description: "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase", cell: (pv) => (pv.metadata.deletionTimestamp ? "Terminating" : pv.status?.phase ?? "") },
    { name: "Claim", type: "string", description: "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding", cell: (pv) => (pv.spec?.claimRef ? `${pv.spec.claimRef.namespace ?? ""}/${pv.spec.claimRef.name ?? ""}` : "") },
    { name: "StorageClass", type: "string", description: "StorageClass of the pv", cell: (pv) => storageClassOf(pv) },
    { name: "VolumeAttributesClass", type: "string", description: "VolumeAttributesClass of the pv", cell: (pv) => (pv.spec as { volumeAttributesClassName?: string } | undefined)?.volumeAttributesClassName ?? "<unset>" },
    { name: "Reason", type: "string", description: "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.", cell: (pv) => pv.status?.reason ?? "" },
    ageColumn<PersistentVolumeObject>(),
    { name: "VolumeMode", type: "string", priority: 1, description: "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.", cell: (pv) => pv.spec?.volumeMode ?? "<unset>" },
  ],
  selectableFields: (pv) => ({ name: pv.metadata.name ?? "" }),
};
