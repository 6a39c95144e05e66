/**
 * storage.k8s.io/v1 VolumeAttachment (cluster-scoped): a request to attach
 * a volume to a node, with status written by the attacher. Upstream's
 * ValidateVolumeAttachment (spec immutable after creation) and table.
 */
import type { VolumeAttachment } from "kubernetes-types/storage/v1.js";
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { fieldErrors, path, type FieldError } from "../validation/field.js";
import { isDNS1123Subdomain, isQualifiedName } from "../validation/names.js";

export type VolumeAttachmentObject = VolumeAttachment & KubeObject;

export function validateVolumeAttachment(va: VolumeAttachmentObject): FieldError[] {
  const sp = path("spec");
  const spec = va.spec;
  const errs: FieldError[] = [];
  if (!spec?.attacher) errs.push(fieldErrors.required(sp.child("attacher"), ""));
  else for (const m of isQualifiedName(spec.attacher.toLowerCase())) errs.push(fieldErrors.invalid(sp.child("attacher"), spec.attacher, m));
  const src = spec?.source ?? {};
  const sources = [src.persistentVolumeName !== undefined, src.inlineVolumeSpec !== undefined].filter(Boolean).length;
  if (sources !== 1) errs.push(fieldErrors.required(sp.child("source"), "must specify exactly one of inlineVolumeSpec and persistentVolumeName"));
  if (src.persistentVolumeName !== undefined) {
    if (!src.persistentVolumeName) errs.push(fieldErrors.required(sp.child("source", "persistentVolumeName"), "must specify non empty persistentVolumeName"));
    else for (const m of isDNS1123Subdomain(src.persistentVolumeName)) errs.push(fieldErrors.invalid(sp.child("source", "persistentVolumeName"), src.persistentVolumeName, m));
  }
  if (!spec?.nodeName) errs.push(fieldErrors.required(sp.child("nodeName"), ""));
  return errs;
}

const columns: TableColumn<VolumeAttachmentObject>[] = [
  { name: "Attacher", type: "string", format: "name", description: "attacher indicates the name of the volume driver that MUST handle this request. This is the name returned by GetPluginName().", cell: (va) => va.spec?.attacher ?? "" },
  { name: "PV", type: "string", description: "persistentVolumeName represents the name of the persistent volume to attach.", cell: (va) => va.spec?.source?.persistentVolumeName ?? "" },
  { name: "Node", type: "string", description: "nodeName represents the node that the volume should be attached to.", cell: (va) => va.spec?.nodeName ?? "" },
  { name: "Attached", type: "boolean", description: "attached indicates the volume is successfully attached. This field must only be set by the entity completing the attach operation, i.e. the external-attacher.", cell: (va) => va.status?.attached ?? false },
  ageColumn(),
];

export const volumeattachments: ResourceDefinition<VolumeAttachmentObject> = {
  group: "storage.k8s.io",
  version: "v1",
  kind: "VolumeAttachment",
  plural: "volumeattachments",
  singular: "volumeattachment",
  namespaced: false,
  schema: "io.k8s.api.storage.v1.VolumeAttachment",
  hasStatus: true,
  tracksGeneration: false,
  prepareForCreate(va) {
    delete va.status;
  },
  validate: (va) => validateVolumeAttachment(va),
  validateUpdate: (va, old) =>
    JSON.stringify(va.spec) === JSON.stringify(old.spec) ? [] : [fieldErrors.invalid("spec", va.spec, "field is immutable")],
  columns,
};
