/**
 * storage.k8s.io/v1 CSINode (cluster-scoped, named after its node): the
 * CSI drivers installed on a node. Upstream's ValidateCSINode (driver names
 * unique and qualified, node IDs required) and its DRIVERS table.
 */
import type { CSINode } from "kubernetes-types/storage/v1.js";
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";
import { isQualifiedName } from "../validation/names.js";

export type CSINodeObject = CSINode & KubeObject;

const NODE_ID_MAX = 192;

export function validateCSINode(n: CSINodeObject): FieldError[] {
  const dp = path("spec", "drivers");
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  (n.spec?.drivers ?? []).forEach((d, i) => {
    const at = dp.index(i);
    if (!d.name) errs.push(fieldErrors.required(at.child("name"), ""));
    else for (const m of isQualifiedName(d.name.toLowerCase())) errs.push(fieldErrors.invalid(at.child("name"), d.name, m));
    if (seen.has(d.name)) errs.push(fieldErrors.duplicate(at.child("name"), d.name));
    seen.add(d.name);
    if (!d.nodeID) errs.push(fieldErrors.required(at.child("nodeID"), ""));
    else if (d.nodeID.length > NODE_ID_MAX) errs.push(fieldErrors.tooLong(at.child("nodeID"), d.nodeID, NODE_ID_MAX));
    if ((d.allocatable?.count ?? 0) < 0) errs.push(fieldErrors.invalid(at.child("allocatable", "count"), d.allocatable?.count, "must be greater than or equal to 0"));
  });
  return errs;
}

const columns: TableColumn<CSINodeObject>[] = [
  { name: "Drivers", type: "integer", description: "Drivers indicates the number of CSI drivers registered on the node", cell: (n) => n.spec?.drivers?.length ?? 0 },
  ageColumn(),
];

export const csinodes: ResourceDefinition<CSINodeObject> = {
  group: "storage.k8s.io",
  version: "v1",
  kind: "CSINode",
  plural: "csinodes",
  singular: "csinode",
  namespaced: false,
  schema: "io.k8s.api.storage.v1.CSINode",
  tracksGeneration: false,
  defaults(n) {
    n.spec ??= { drivers: [] };
  },
  validate: (n) => validateCSINode(n),
  columns,
};
