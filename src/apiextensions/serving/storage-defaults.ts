/**
 * Defaulting on read: upstream's storage codec defaults every custom resource
 * it decodes from etcd with the schema of the version it was stored in, so
 * defaults added to a CRD later show on get, list and watch without a write.
 */
import type { CustomResourceDefinition } from "../../api/apiextensions/index.js";
import type { KubeObject } from "../../api/types.js";
import { applySchemaDefaults, type JSONSchemaProps } from "../schema/index.js";

export type StoredDefaulter = (obj: KubeObject) => KubeObject;

export function storedDefaulter(crd: CustomResourceDefinition): StoredDefaulter {
  const prefix = `${crd.spec.group}/`;
  const schemas = new Map<string, JSONSchemaProps>();
  for (const v of crd.spec.versions ?? []) {
    const s = v.schema?.openAPIV3Schema;
    if (s) schemas.set(v.name, s);
  }
  return (obj) => {
    const apiVersion = typeof obj.apiVersion === "string" ? obj.apiVersion : "";
    if (!apiVersion.startsWith(prefix)) return obj;
    const schema = schemas.get(apiVersion.slice(prefix.length));
    if (schema) applySchemaDefaults(schema, obj);
    return obj;
  };
}
