/**
 * storage.k8s.io/v1 CSIStorageCapacity (namespaced): storage a class has
 * in a topology segment. Upstream's ValidateCSIStorageCapacity and table.
 */
import type { CSIStorageCapacity } from "kubernetes-types/storage/v1.js";
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { validateImmutable } from "../validation/immutable.js";
import { validateLabelSelector } from "../validation/label-selector.js";
import { isDNS1123Subdomain } from "../validation/names.js";
import { tryParseQuantity } from "../validation/core-quantity.js";

export type CSIStorageCapacityObject = CSIStorageCapacity & KubeObject;

export function validateCSIStorageCapacity(c: CSIStorageCapacityObject): FieldError[] {
  const errs: FieldError[] = [];
  if (c.nodeTopology) errs.push(...validateLabelSelector(c.nodeTopology, "nodeTopology"));
  if (!c.storageClassName) errs.push(fieldErrors.required("storageClassName", ""));
  else for (const m of isDNS1123Subdomain(c.storageClassName)) errs.push(fieldErrors.invalid("storageClassName", c.storageClassName, m));
  for (const f of ["capacity", "maximumVolumeSize"] as const) {
    const v = c[f];
    if (v === undefined) continue;
    const q = tryParseQuantity(v);
    if (!q) errs.push(fieldErrors.invalid(f, v, "must be a valid quantity"));
    else if (q.sign() < 0) errs.push(fieldErrors.invalid(f, v, "must be greater than or equal to 0"));
  }
  return errs;
}

const columns: TableColumn<CSIStorageCapacityObject>[] = [
  { name: "StorageClassName", type: "string", description: "storageClassName represents the name of the StorageClass that the reported capacity applies to. It must meet the same requirements as the name of a StorageClass object (non-empty, DNS subdomain). If that object no longer exists, the CSIStorageCapacity object is obsolete and should be removed by its creator. This field is immutable.", cell: (c) => c.storageClassName ?? "" },
  { name: "Capacity", type: "string", description: "capacity is the value reported by the CSI driver in its GetCapacityResponse for a GetCapacityRequest with topology and parameters that match the previous fields.", cell: (c) => (c.capacity === undefined ? "<unset>" : String(c.capacity)) },
  ageColumn(),
];

export const csistoragecapacities: ResourceDefinition<CSIStorageCapacityObject> = {
  group: "storage.k8s.io",
  version: "v1",
  kind: "CSIStorageCapacity",
  plural: "csistoragecapacities",
  singular: "csistoragecapacity",
  namespaced: true,
  schema: "io.k8s.api.storage.v1.CSIStorageCapacity",
  tracksGeneration: false,
  validate: (c) => validateCSIStorageCapacity(c),
  validateUpdate: (c, old) => [
    ...validateCSIStorageCapacity(c),
    ...validateImmutable(c.storageClassName, old.storageClassName, "storageClassName"),
    ...validateImmutable(c.nodeTopology, old.nodeTopology, "nodeTopology"),
  ],
  columns,
};
