import type { PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { canonicalizeResourceList, tryParseQuantity } from "../validation/core-quantity.js";
import { validateResourceList } from "../validation/core-common.js";
import { path } from "../validation/field.js";
import { storageClassOf, validateAccessModes, accessModesString } from "../validation/core-storage.js";
import { jsonEqual } from "../validation/immutable.js";
import { ageColumn } from "../printers.js";

export type PersistentVolumeClaimObject = PersistentVolumeClaim & KubeObject;
type Mutable = { status?: PersistentVolumeClaim["status"] };

const volumeModes = ["Block", "Filesystem"];

/** Upstream's ValidatePersistentVolumeClaimSpec (the common rules). */
export function validateClaim(pvc: PersistentVolumeClaimObject): FieldError[] {
  const spec = pvc.spec ?? {};
  const errs = validateAccessModes(spec.accessModes, "spec.accessModes", "at least 1 access mode is required");
  const requests = spec.resources?.requests ?? {};
  const storage = requests.storage;
  if (storage === undefined) errs.push(fieldErrors.required("spec.resources[storage]"));
  else {
    const q = tryParseQuantity(storage);
    if (!q) errs.push(fieldErrors.invalid("spec.resources[storage]", storage, "must be a valid resource quantity"));
    else if (q.sign() <= 0) errs.push(fieldErrors.invalid("spec.resources[storage]", storage, "must be greater than zero"));
  }
  errs.push(...validateResourceList(spec.resources?.requests, path("spec", "resources", "requests")));
  errs.push(...validateResourceList(spec.resources?.limits, path("spec", "resources", "limits")));
  if (spec.volumeMode && !volumeModes.includes(spec.volumeMode)) errs.push(fieldErrors.notSupported("spec.volumeMode", spec.volumeMode, volumeModes));
  return errs;
}

/**
 * Upstream's ValidatePersistentVolumeClaimUpdate: the spec is frozen except
 * a first volumeName, storage requests and the attributes class.
 */
function validateClaimUpdate(pvc: PersistentVolumeClaimObject, old: PersistentVolumeClaimObject): FieldError[] {
  const errs = validateClaim(pvc);
  const comparable = (c: PersistentVolumeClaimObject, volumeName: string | undefined) => {
    const spec = structuredClone(c.spec ?? {}) as Record<string, unknown> & { resources?: { requests?: Record<string, string> } };
    if (spec.resources?.requests) delete spec.resources.requests.storage;
    delete spec.volumeAttributesClassName;
    spec.volumeName = volumeName;
    return spec;
  };
  const volumeName = old.spec?.volumeName ? old.spec.volumeName : pvc.spec?.volumeName;
  if (!jsonEqual(comparable(pvc, pvc.spec?.volumeName), comparable(old, volumeName))) {
    errs.push(fieldErrors.forbidden("spec", "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims"));
  }
  const next = tryParseQuantity(pvc.spec?.resources?.requests?.storage);
  const prev = tryParseQuantity(old.spec?.resources?.requests?.storage);
  const capacity = tryParseQuantity(old.status?.capacity?.storage ?? "0");
  // Shrinking is allowed only to recover from a failed expansion, never to or below the actual size.
  if (next && prev && capacity && next.cmp(prev) < 0 && next.cmp(capacity) <= 0) {
    errs.push(fieldErrors.forbidden("spec.resources.requests.storage", "field can not be less than status.capacity"));
  }
  return errs;
}

export const persistentvolumeclaims: ResourceDefinition<PersistentVolumeClaimObject> = {
  group: "",
  version: "v1",
  kind: "PersistentVolumeClaim",
  plural: "persistentvolumeclaims",
  singular: "persistentvolumeclaim",
  namespaced: true,
  shortNames: ["pvc"],
  schema: "io.k8s.api.core.v1.PersistentVolumeClaim",
  hasStatus: true,
  tracksGeneration: false,
  defaults(pvc) {
    const spec = (pvc.spec ??= {});
    if (!spec.volumeMode) spec.volumeMode = "Filesystem";
    canonicalizeResourceList(spec.resources?.requests as Record<string, unknown> | undefined);
    canonicalizeResourceList(spec.resources?.limits as Record<string, unknown> | undefined);
    canonicalizeResourceList(pvc.status?.capacity as Record<string, unknown> | undefined);
    if (!pvc.status?.phase) (pvc as Mutable).status = { ...(pvc.status ?? {}), phase: "Pending" };
  },
  prepareForCreate(pvc) {
    (pvc as Mutable).status = { phase: "Pending" };
  },
  validate: (pvc) => validateClaim(pvc),
  validateUpdate: (pvc, old) => validateClaimUpdate(pvc, old),
  columns: [
    { name: "Status", type: "string", description: "phase represents the current phase of PersistentVolumeClaim.", cell: (c) => (c.metadata.deletionTimestamp ? "Terminating" : c.status?.phase ?? "") },
    { name: "Volume", type: "string", description: "volumeName is the binding reference to the PersistentVolume backing this claim.", cell: (c) => c.spec?.volumeName ?? "" },
    { name: "Capacity", type: "string", description: "capacity represents the actual resources of the underlying volume.", cell: (c) => (c.spec?.volumeName ? tryParseQuantity(c.status?.capacity?.storage ?? "0")?.toString() ?? "" : "") },
    { name: "Access Modes", type: "string", description: "accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1", cell: (c) => (c.spec?.volumeName ? accessModesString(c.status?.accessModes) : "") },
    { name: "StorageClass", type: "string", description: "StorageClass of the pvc", cell: (c) => storageClassOf(c) },
    { name: "VolumeAttributesClass", type: "string", description: "VolumeAttributesClass of the pvc", cell: (c) => (c.spec as { volumeAttributesClassName?: string } | undefined)?.volumeAttributesClassName ?? "<unset>" },
    ageColumn<PersistentVolumeClaimObject>(),
    { name: "VolumeMode", type: "string", priority: 1, description: "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.", cell: (c) => c.spec?.volumeMode ?? "<unset>" },
  ],
  selectableFields: (pvc) => ({ name: pvc.metadata.name ?? "" }),
};
