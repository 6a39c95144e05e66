import type { Secret } from "kubernetes-types/core/v1.js";
import type { KubeObject, ResourceDefinition } from "../types.js";
import { fieldErrors, type FieldError } from "../validation/field.js";
import { configMapKeyErrors } from "./configmaps.js";
import { validateImmutable, jsonEqual } from "../validation/immutable.js";
import { ageColumn } from "../printers.js";

export type SecretObject = Secret & KubeObject;

const MAX_SECRET_BYTES = 1024 * 1024;
export const SERVICE_ACCOUNT_NAME_ANNOTATION = "kubernetes.io/service-account.name";

function decoded(s: SecretObject, key: string): Buffer | undefined {
  const v = s.data?.[key];
  return v === undefined ? undefined : Buffer.from(v, "base64");
}

/** Go's json.Unmarshal into a map: an object is required. */
function jsonObjectError(bytes: Buffer): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    return bytes.length === 0 ? "unexpected end of JSON input" : (err as Error).message;
  }
  if (parsed === null) return undefined;
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? "array" : typeof parsed === "string" ? "string" : typeof parsed === "number" ? "number" : "bool";
    return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
  }
  return undefined;
}

/** Upstream's ValidateSecret. */
export function validateSecret(s: SecretObject): FieldError[] {
  const errs: FieldError[] = [];
  let total = 0;
  for (const [k, v] of Object.entries(s.data ?? {})) {
    for (const m of configMapKeyErrors(k)) errs.push(fieldErrors.invalid(`data[${k}]`, k, m));
    total += Buffer.from(String(v), "base64").length;
  }
  if (total > MAX_SECRET_BYTES) errs.push(fieldErrors.tooLong("data", "", MAX_SECRET_BYTES));
  const has = (k: string) => s.data !== undefined && k in s.data;
  switch (s.type) {
    case "kubernetes.io/service-account-token":
      if (!s.metadata.annotations?.[SERVICE_ACCOUNT_NAME_ANNOTATION]) errs.push(fieldErrors.required(`metadata.annotations[${SERVICE_ACCOUNT_NAME_ANNOTATION}]`));
      break;
    case "kubernetes.io/dockercfg":
    case "kubernetes.io/dockerconfigjson": {
      const key = s.type === "kubernetes.io/dockercfg" ? ".dockercfg" : ".dockerconfigjson";
      const bytes = decoded(s, key);
      if (!bytes) {
        errs.push(fieldErrors.required(`data[${key}]`));
        break;
      }
      const why = jsonObjectError(bytes);
      if (why) errs.push(fieldErrors.invalid(`data[${key}]`, "<secret contents redacted>", why));
      break;
    }
    case "kubernetes.io/basic-auth":
      if (!has("username") && !has("password")) errs.push(fieldErrors.required("data[username]"), fieldErrors.required("data[password]"));
      break;
    case "kubernetes.io/ssh-auth":
      if (!decoded(s, "ssh-privatekey")?.length) errs.push(fieldErrors.required("data[ssh-privatekey]"));
      break;
    case "kubernetes.io/tls":
      if (!has("tls.crt")) errs.push(fieldErrors.required("data[tls.crt]"));
      if (!has("tls.key")) errs.push(fieldErrors.required("data[tls.key]"));
      break;
  }
  return errs;
}

export const secrets: ResourceDefinition<SecretObject> = {
  group: "",
  version: "v1",
  kind: "Secret",
  plural: "secrets",
  singular: "secret",
  namespaced: true,
  schema: "io.k8s.api.core.v1.Secret",
  tracksGeneration: false,
  defaults(s) {
    if (!s.type) (s as { type?: string }).type = "Opaque";
    // stringData is write-only: it is folded into data (and wins over it), as upstream's conversion does.
    if (s.stringData) {
      const data: Record<string, string> = { ...(s.data ?? {}) };
      for (const [k, v] of Object.entries(s.stringData)) data[k] = Buffer.from(String(v), "utf8").toString("base64");
      (s as { data?: Record<string, string> }).data = data;
      delete (s as { stringData?: unknown }).stringData;
    }
  },
  validate: (s) => validateSecret(s),
  validateUpdate(s, old) {
    const errs = validateImmutable(s.type, old.type, "type");
    if (old.immutable) {
      if (!s.immutable) errs.push(fieldErrors.forbidden("immutable", "field is immutable when `immutable` is set"));
      if (!jsonEqual(s.data ?? {}, old.data ?? {})) errs.push(fieldErrors.forbidden("data", "field is immutable when `immutable` is set"));
    }
    return [...errs, ...validateSecret(s)];
  },
  columns: [
    { name: "Type", type: "string", description: "Used to facilitate programmatic handling of secret data. More info: https://kubernetes.io/docs/concepts/configuration/secret/#secret-types", cell: (s) => s.type ?? "" },
    { name: "Data", type: "string", description: "Data contains the secret data. Each key must consist of alphanumeric characters, '-', '_' or '.'. The serialized form of the secret data is a base64 encoded string, representing the arbitrary (possibly non-string) data value here. Described in https://tools.ietf.org/html/rfc4648#section-4", cell: (s) => Object.keys(s.data ?? {}).length },
    ageColumn<SecretObject>(),
  ],
  selectableFields: (s) => ({ type: s.type ?? "" }),
};
