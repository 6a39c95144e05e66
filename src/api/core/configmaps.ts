import type { ConfigMap } from "kubernetes-types/core/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { ageColumn } from "../printers.js";
import { fieldErrors, type FieldError } from "../validation/field.js";

type ConfigMapObject = ConfigMap & KubeObject;

const MAX_TOTAL_BYTES = 1024 * 1024;
const keyRe = /^[-._a-zA-Z0-9]+$/;

/** Upstream's IsConfigMapKey. */
export function configMapKeyErrors(key: string): string[] {
  const errs: string[] = [];
  if (key.length > 253) errs.push("must be no more than 253 characters");
  if (!keyRe.test(key)) errs.push("a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')");
  if (key === ".") errs.push("must not be '.'");
  else if (key === "..") errs.push("must not be '..'");
  else if (key.startsWith("..")) errs.push("must not start with '..'");
  return errs;
}

function validateData(cm: ConfigMapObject): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(cm.data ?? {})) {
    for (const m of configMapKeyErrors(k)) errs.push(fieldErrors.invalid(`data[${k}]`, k, m));
    total += k.length + Buffer.byteLength(String(v));
  }
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) {
    for (const m of configMapKeyErrors(k)) errs.push(fieldErrors.invalid(`binaryData[${k}]`, k, m));
    if (cm.data && k in cm.data) errs.push(fieldErrors.invalid(`binaryData[${k}]`, k, "duplicate of key present in data"));
    total += k.length + Buffer.from(String(v), "base64").length;
  }
  if (total > MAX_TOTAL_BYTES) errs.push(fieldErrors.tooLong("", "", MAX_TOTAL_BYTES));
  return errs;
}

export const configmaps: ResourceDefinition<ConfigMapObject> = {
  group: "",
  version: "v1",
  kind: "ConfigMap",
  plural: "configmaps",
  singular: "configmap",
  namespaced: true,
  shortNames: ["cm"],
  schema: "io.k8s.api.core.v1.ConfigMap",
  tracksGeneration: false,
  validate: (cm) => validateData(cm),
  validateUpdate(cm, old) {
    const errs = validateData(cm);
    if (old.immutable) {
      if (!cm.immutable) errs.push(fieldErrors.forbidden("immutable", "field is immutable when `immutable` is set"));
      if (JSON.stringify(cm.data ?? {}) !== JSON.stringify(old.data ?? {}) || JSON.stringify(cm.binaryData ?? {}) !== JSON.stringify(old.binaryData ?? {})) {
        errs.push(fieldErrors.forbidden("data", "field is immutable when `immutable` is set"));
      }
    }
    return errs;
  },
  columns: [
    { name: "Data", type: "integer", description: "Number of data entries in the ConfigMap.", cell: (cm) => Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length },
    ageColumn(),
  ],
};
