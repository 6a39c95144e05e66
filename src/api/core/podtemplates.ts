/**
 * core/v1 PodTemplates: a stored pod template. Upstream's
 * ValidatePodTemplate (the template as any workload's), generation bumped
 * on template changes, and the table of printers.go (CONTAINERS, IMAGES and
 * POD LABELS in the default view).
 */
import type { PodTemplate } from "kubernetes-types/core/v1.js";
import { formatLabels } from "../printers.js";
import type { KubeObject, ResourceDefinition, TableColumn } from "../types.js";
import { path, type FieldError } from "../validation/field.js";
import { setPodTemplateDefaults } from "./pod-defaults.js";
import { containerImages, containerNames } from "./pod-template.js";
import type { PodTemplateSpec } from "./pod-types.js";
import { validatePodTemplateSpec } from "./pod-validation.js";

export type PodTemplateObject = Omit<PodTemplate, "template"> & { template?: PodTemplateSpec } & KubeObject;

export function validatePodTemplate(pt: PodTemplateObject): FieldError[] {
  return validatePodTemplateSpec(pt.template ?? {}, path("template"));
}

const columns: TableColumn<PodTemplateObject>[] = [
  { name: "Containers", type: "string", description: "Names of each container in the template.", cell: (pt) => containerNames(pt.template?.spec) },
  { name: "Images", type: "string", description: "Images referenced by each container in the template.", cell: (pt) => containerImages(pt.template?.spec) },
  { name: "Pod Labels", type: "string", description: "The labels for the pod template.", cell: (pt) => formatLabels(pt.template?.metadata?.labels) },
];

export const podtemplates: ResourceDefinition<PodTemplateObject> = {
  group: "",
  version: "v1",
  kind: "PodTemplate",
  plural: "podtemplates",
  singular: "podtemplate",
  namespaced: true,
  schema: "io.k8s.api.core.v1.PodTemplate",
  tracksGeneration: true,
  defaults(pt) {
    pt.template ??= {};
    setPodTemplateDefaults(pt.template);
  },
  validate: (pt) => validatePodTemplate(pt),
  columns,
};
