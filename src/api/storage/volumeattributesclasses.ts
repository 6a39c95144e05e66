/**
 * storage.k8s.io/v1 VolumeAttributesClass (cluster-scoped): mutable volume
 * attributes for a CSI driver. Upstream's ValidateVolumeAttributesClass
 * (driver name as a provisioner, at least one parameter, both unchangeable
 * once created) and its table.
 */
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { jsonEqual } from "../validation/immutable.js";
import { isQualifiedName } from "../validation/names.js";

export type VolumeAttributesClassObject = KubeObject & { driverName?: string; parameters?: Record<string, string> };

const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * 1024;

export function validateVolumeAttributesClass(vac: VolumeAttributesClassObject): FieldError[] {
  const errs: FieldError[] = [];
  const driver = vac.driverName ?? "";
  if (!driver) errs.push(fieldErrors.required("driverName", driver));
  else for (const m of isQualifiedName(driver.toLowerCase())) errs.push(fieldErrors.invalid("driverName", driver.toLowerCase(), m));
  const params = Object.entries(vac.parameters ?? {});
  if (params.length > MAX_PARAMETERS) return [...errs, fieldErrors.tooLong("parameters", "", MAX_PARAMETERS)];
  let size = 0;
  for (const [k, v] of params) {
    if (!k) errs.push(fieldErrors.invalid("parameters", k, "field can not be empty."));
    size += k.length + v.length;
  }
  if (size > MAX_PARAMETERS_SIZE) errs.push(fieldErrors.tooLong("parameters", "", MAX_PARAMETERS_SIZE));
  if (params.length === 0) errs.push(fieldErrors.required("parameters", "must contain at least one key/value pair"));
  return errs;
}

export function validateVolumeAttributesClassUpdate(vac: VolumeAttributesClassObject, old: VolumeAttributesClassObject): FieldError[] {
  const errs: FieldError[] = [];
  if ((vac.driverName ?? "") !== (old.driverName ?? "")) errs.push(fieldErrors.forbidden("driverName", "updates to driverName are forbidden."));
  if (!jsonEqual(vac.parameters ?? {}, old.parameters ?? {})) errs.push(fieldErrors.forbidden("parameters", "updates to parameters are forbidden."));
  return [...errs, ...validateVolumeAttributesClass(vac)];
}

export const volumeattributesclasses: ResourceDefinition<VolumeAttributesClassObject> = {
  group: "storage.k8s.io",
  version: "v1",
  kind: "VolumeAttributesClass",
  plural: "volumeattributesclasses",
  singular: "volumeattributesclass",
  namespaced: false,
  shortNames: ["vac"],
  schema: "io.k8s.api.storage.v1.VolumeAttributesClass",
  tracksGeneration: false,
  validate: (vac) => validateVolumeAttributesClass(vac),
  validateUpdate: (vac, old) => validateVolumeAttributesClassUpdate(vac, old),
  columns: [
    { name: "DriverName", type: "string", description: "Name of the CSI driver This field is immutable.", cell: (vac) => vac.driverName ?? "" },
    ageColumn<VolumeAttributesClassObject>(),
  ],
};
