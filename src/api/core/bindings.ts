import type { KubeObject, ResourceDefinition } from "../types.js";

/**
 * core/v1 bindings: the older spelling of pods/binding. POST
 * /api/v1/namespaces/{ns}/bindings binds the pod its metadata.name names;
 * nothing is stored under this resource.
 */
export const bindings: ResourceDefinition<KubeObject> = {
  group: "",
  version: "v1",
  kind: "Binding",
  plural: "bindings",
  singular: "binding",
  namespaced: true,
  verbs: ["create"],
  schema: "io.k8s.api.core.v1.Binding",
  tracksGeneration: false,
  createAsSubresource: { resource: "pods", subresource: "binding" },
};
