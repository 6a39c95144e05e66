/**
 * apps/v1 ControllerRevisions: immutable snapshots of a StatefulSet's or
 * DaemonSet's template. Data is required and never changes.
 */
import type { ControllerRevision } from "kubernetes-types/apps/v1.js";
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";
import { validateImmutable } from "../validation/immutable.js";
import { validateNonnegative } from "../validation/numbers.js";

export type ControllerRevisionObject = ControllerRevision & KubeObject;

function validate(cr: ControllerRevisionObject): FieldError[] {
  const errs: FieldError[] = [];
  if (cr.data === undefined || cr.data === null) errs.push(fieldErrors.required(path("data"), "data is mandatory"));
  errs.push(...validateNonnegative(cr.revision, path("revision")));
  return errs;
}

/** "statefulset.apps/web": the controlling owner as kind.group/name (upstream's formatResourceName). */
export function controllerName(cr: ControllerRevisionObject): string {
  const ref = (cr.metadata.ownerReferences ?? []).find((r) => r.controller);
  if (!ref) return "<none>";
  const slash = ref.apiVersion.indexOf("/");
  const group = slash >= 0 ? ref.apiVersion.slice(0, slash) : "";
  const kind = group ? `${ref.kind}.${group}` : ref.kind;
  return `${kind.toLowerCase()}/${ref.name}`;
}

const columns: TableColumn<ControllerRevisionObject>[] = [
  { name: "Controller", type: "string", description: "Controller of the object", cell: (cr) => controllerName(cr) },
  { name: "Revision", type: "integer", description: "Revision indicates the revision of the state represented by Data.", cell: (cr) => cr.revision ?? 0 },
  ageColumn(),
];

export const controllerrevisions: ResourceDefinition<ControllerRevisionObject> = {
  group: "apps",
  version: "v1",
  kind: "ControllerRevision",
  plural: "controllerrevisions",
  singular: "controllerrevision",
  namespaced: true,
  schema: "io.k8s.api.apps.v1.ControllerRevision",
  tracksGeneration: false,
  validate,
  validateUpdate: (cr, old) => [...validate(cr), ...validateImmutable(cr.data, old.data, path("data"))],
  columns,
};
