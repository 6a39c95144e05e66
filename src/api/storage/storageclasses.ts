import type { StorageClass } from "kubernetes-types/storage/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { isQualifiedName } from "../validation/names.js";
import { ageColumn } from "../printers.js";
import { validateImmutable } from "../validation/immutable.js";

export type StorageClassObject = StorageClass & KubeObject;

export const DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
export const BETA_DEFAULT_CLASS_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";

const RECLAIM_POLICIES = ["Delete", "Retain"];
const BINDING_MODES = ["Immediate", "WaitForFirstConsumer"];
const MAX_PARAMETERS_SIZE = 256 * 1024;

/** Upstream's storageutil.IsDefaultAnnotation. */
export function isDefaultStorageClass(sc: KubeObject): boolean {
  const a = sc.metadata.annotations ?? {};
  return a[DEFAULT_CLASS_ANNOTATION] === "true" || a[BETA_DEFAULT_CLASS_ANNOTATION] === "true";
}

/** The Name cell upstream prints: "standard (default)" for the default class. */
export function storageClassDisplayName(sc: StorageClassObject): string {
  const name = sc.metadata.name ?? "";
  return isDefaultStorageClass(sc) ? `${name} (default)` : name;
}

function validateClass(sc: StorageClassObject): FieldError[] {
  const errs: FieldError[] = [];
  const prov = sc.provisioner ?? "";
  if (!prov) errs.push(fieldErrors.required("provisioner", prov));
  else for (const m of isQualifiedName(prov.toLowerCase())) errs.push(fieldErrors.invalid("provisioner", prov.toLowerCase(), m));
  let size = 0;
  for (const [k, v] of Object.entries(sc.parameters ?? {})) {
    if (!k) errs.push(fieldErrors.invalid("parameters", k, "field can not be empty."));
    size += k.length + v.length;
  }
  if (size > MAX_PARAMETERS_SIZE) errs.push(fieldErrors.tooLong("parameters", "", MAX_PARAMETERS_SIZE));
  if (sc.reclaimPolicy !== undefined && !RECLAIM_POLICIES.includes(sc.reclaimPolicy)) errs.push(fieldErrors.notSupported("reclaimPolicy", sc.reclaimPolicy, RECLAIM_POLICIES));
  if (sc.volumeBindingMode === undefined) errs.push(fieldErrors.required("volumeBindingMode"));
  else if (!BINDING_MODES.includes(sc.volumeBindingMode)) errs.push(fieldErrors.notSupported("volumeBindingMode", sc.volumeBindingMode, BINDING_MODES));
  return errs;
}

/** Upstream's ValidateStorageClassUpdate: what a provisioner was promised stays as it was. */
function validateClassUpdate(sc: StorageClassObject, old: StorageClassObject): FieldError[] {
  const errs = validateClass(sc);
  if (JSON.stringify(sc.parameters ?? {}) !== JSON.stringify(old.parameters ?? {})) errs.push(fieldErrors.forbidden("parameters", "updates to parameters are forbidden."));
  if (sc.provisioner !== old.provisioner) errs.push(fieldErrors.forbidden("provisioner", "updates to provisioner are forbidden."));
  if (sc.reclaimPolicy !== old.reclaimPolicy) errs.push(fieldErrors.forbidden("reclaimPolicy", "updates to reclaimPolicy are forbidden."));
  errs.push(...validateImmutable(sc.volumeBindingMode, old.volumeBindingMode, "volumeBindingMode"));
  return errs;
}

/** storage.k8s.io/v1 StorageClass (cluster-scoped). */
export const storageclasses: ResourceDefinition<StorageClassObject> = {
  group: "storage.k8s.io",
  version: "v1",
  kind: "StorageClass",
  plural: "storageclasses",
  singular: "storageclass",
  namespaced: false,
  shortNames: ["sc"],
  schema: "io.k8s.api.storage.v1.StorageClass",
  nameColumn: { cell: storageClassDisplayName },
  tracksGeneration: false,
  defaults(sc) {
    if (sc.reclaimPolicy === undefined) sc.reclaimPolicy = "Delete";
    if (sc.volumeBindingMode === undefined) sc.volumeBindingMode = "Immediate";
  },
  validate: (sc) => validateClass(sc),
  validateUpdate: (sc, old) => validateClassUpdate(sc, old),
  columns: [
    { name: "Provisioner", type: "string", description: "provisioner indicates the type of the provisioner.", cell: (sc) => sc.provisioner ?? "" },
    { name: "ReclaimPolicy", type: "string", description: "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.", cell: (sc) => sc.reclaimPolicy ?? "Delete" },
    { name: "VolumeBindingMode", type: "string", description: "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.", cell: (sc) => sc.volumeBindingMode ?? "Immediate" },
    { name: "AllowVolumeExpansion", type: "string", description: "allowVolumeExpansion shows whether the storage class allow volume expand.", cell: (sc) => sc.allowVolumeExpansion ?? false },
    ageColumn<StorageClassObject>(),
  ],
};
