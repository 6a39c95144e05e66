/** The field-selector view of an object: metadata.name, metadata.namespace and the resource's own fields. */
import type { KubeObject, ResourceDefinition } from "../../api/types.js";

export function objectFields(def: ResourceDefinition, obj: KubeObject): Record<string, string> {
  const base: Record<string, string> = { "metadata.name": obj.metadata.name ?? "" };
  if (def.namespaced) base["metadata.namespace"] = obj.metadata.namespace ?? "";
  return def.selectableFields ? { ...base, ...def.selectableFields(obj) } : base;
}

/** The field names a field selector may use for this resource. */
export function allowedFields(def: ResourceDefinition, sample?: KubeObject): Set<string> {
  const probe: KubeObject = sample ?? { metadata: {} };
  const names = new Set(def.namespaceFieldLabel === false ? ["metadata.name"] : ["metadata.name", "metadata.namespace"]);
  if (def.selectableFields) {
    try {
      for (const k of Object.keys(def.selectableFields(probe))) names.add(k);
    } catch {
      // A hook that needs a real object still lists its fields on a real one.
    }
  }
  return names;
}
