/**
 * resource.k8s.io/v1 ResourceClaimTemplate: the claim a pod's
 * resourceClaims entry stamps out per pod. Upstream's validation (template
 * metadata, the claim spec under spec.spec; the whole spec immutable) and
 * table (NAME AGE).
 */
import { ageColumn } from "../printers.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { path, type FieldError } from "../validation/field.js";
import { validateImmutable } from "../validation/immutable.js";
import { validateAnnotations, validateLabels } from "../validation/labels.js";
import { authorizedForAdmin } from "./admin-access.js";
import { defaultClaimSpec, validateClaimSpec } from "./claim-validation.js";

type Json = Record<string, unknown>;
export type ResourceClaimTemplateObject = KubeObject & { spec?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: Json } };

function validateTemplate(t: ResourceClaimTemplateObject): FieldError[] {
  const meta = t.spec?.metadata ?? {};
  return [
    ...validateLabels(meta.labels, path("spec", "metadata", "labels")),
    ...validateAnnotations(meta.annotations, path("spec", "metadata", "annotations")),
    ...validateClaimSpec(t.spec?.spec, path("spec", "spec")),
  ];
}

export const resourceclaimtemplates: ResourceDefinition<ResourceClaimTemplateObject> = {
  group: "resource.k8s.io",
  version: "v1",
  kind: "ResourceClaimTemplate",
  plural: "resourceclaimtemplates",
  singular: "resourceclaimtemplate",
  namespaced: true,
  schema: "io.k8s.api.resource.v1.ResourceClaimTemplate",
  tracksGeneration: false,
  defaults(t) {
    t.spec ??= { spec: { devices: {} } };
    t.spec.spec ??= { devices: {} };
    defaultClaimSpec(t.spec.spec);
  },
  validate: async (t, ctx) => [
    ...(await authorizedForAdmin((t.spec?.spec?.devices as Record<string, unknown> | undefined)?.requests, t.metadata.namespace, path("spec", "spec", "devices", "requests"), ctx)),
    ...validateTemplate(t),
  ],
  validateUpdate: (t, old) => validateImmutable(t.spec, old.spec, path("spec")),
  columns: [ageColumn<ResourceClaimTemplateObject>()],
};
