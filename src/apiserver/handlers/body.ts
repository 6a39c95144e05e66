/** Request bodies: JSON or YAML objects, with upstream's errors for bad input. */
import { ApiError, badRequest } from "../../api/errors.js";
import type { KubeObject, ResourceDefinition } from "../../api/types.js";
import { apiVersionOf } from "../../api/types.js";
import { decodeKubernetesProtobuf, ProtobufDecodeError, PROTOBUF_MEDIA_TYPE } from "../protobuf/index.js";
import { builtinProtoRegistry, packageIdOf } from "../protobuf/registry.js";
import { goJsonSyntaxError, summarizeBody } from "../encoding/go-json-error.js";
import { attachDecodeFindings, parseYamlNoting } from "../encoding/strict-decoding.js";

export function mediaType(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/**
 * Parses a body as JSON, YAML when the content type says so, or Kubernetes
 * protobuf (what typed clients such as kubectl create send). `expected`
 * fills in an envelope's missing apiVersion/kind as upstream does from the endpoint.
 */
export function parseBody(body: Buffer | undefined, contentType: string | undefined, expected?: { apiVersion: string; kind: string }): unknown {
  if (mediaType(contentType) === PROTOBUF_MEDIA_TYPE) {
    if (!body?.length) throw badRequest("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
    try {
      return decodeKubernetesProtobuf(body, expected).object;
    } catch (err) {
      if (err instanceof ProtobufDecodeError) throw badRequest(err.message);
      throw err;
    }
  }
  const text = body?.toString("utf8") ?? "";
  if (!text.trim()) throw badRequest("the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf");
  const mt = mediaType(contentType);
  if (mt === "application/yaml" || mt === "application/apply-patch+yaml") {
    try {
      return parseYamlNoted(text);
    } catch (err) {
      throw badRequest(`error converting YAML to JSON: yaml: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  if (mt && !mt.endsWith("json") && mt !== "*/*") {
    throw new ApiError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  }
  try {
    return parseJsonNoted(text);
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

/** JSON.parse, keeping the text for strict decoding's duplicate check. */
function parseJsonNoted(text: string): unknown {
  const v: unknown = JSON.parse(text);
  attachDecodeFindings(v, { format: "json", text });
  return v;
}

/** A lenient YAML parse (a repeated key wins) that notes the repeats for strict decoding. */
function parseYamlNoted(text: string): unknown {
  const { value, duplicateLines } = parseYamlNoting(text);
  if (duplicateLines.length) attachDecodeFindings(value, { format: "yaml", duplicateLines });
  return value;
}

/** A body that must be an object of this resource's kind; upstream's decode errors otherwise. */
export function decodeObject(def: ResourceDefinition, body: Buffer | undefined, contentType: string | undefined): KubeObject {
  const expected = apiVersionOf(def);
  const v = readObjectBody(def, body, contentType, expected);
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(v)}'`);
  const obj = v as KubeObject;
  if (obj.kind !== undefined && obj.kind !== "" && obj.kind !== def.kind) throw badRequest(kindMismatch(def, obj.kind, obj.apiVersion || expected));
  if (obj.apiVersion !== undefined && obj.apiVersion !== expected) {
    throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`);
  }
  if (obj.metadata !== undefined && (obj.metadata === null || typeof obj.metadata !== "object" || Array.isArray(obj.metadata))) {
    throw badRequest(`json: cannot unmarshal ${Array.isArray(obj.metadata) ? "array" : typeof obj.metadata} into Go struct field ${def.kind}.metadata of type v1.ObjectMeta`);
  }
  obj.metadata ??= {};
  return obj;
}

/**
 * Parses a create/update body. A body whose kind cannot even be read is
 * upstream's "the object provided is unrecognized", quoting the parser's
 * error and the body's start (transformDecodeError).
 */
function readObjectBody(def: ResourceDefinition, body: Buffer | undefined, contentType: string | undefined, expected: string): unknown {
  const mt = mediaType(contentType);
  const isJson = mt !== PROTOBUF_MEDIA_TYPE && mt !== "application/yaml" && mt !== "application/apply-patch+yaml" && (!mt || mt.endsWith("json") || mt === "*/*");
  const unrecognized = (reason: string) => badRequest(`the object provided is unrecognized (must be of type ${def.kind}): ${reason} (${summarizeBody(body ?? Buffer.alloc(0))})`);
  if (isJson) {
    const text = body?.toString("utf8") ?? "";
    try {
      return parseJsonNoted(text);
    } catch {
      throw unrecognized(`couldn't get version/kind; json parse error: ${goJsonSyntaxError(text) ?? "unexpected end of JSON input"}`);
    }
  }
  if (mt === "application/yaml" && body?.length) {
    try {
      return parseYamlNoted(body.toString("utf8"));
    } catch (err) {
      throw unrecognized(`error converting YAML to JSON: yaml: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  return parseBody(body, contentType, { apiVersion: expected, kind: def.kind });
}

/** Upstream's words for a body of another kind: it decodes, then cannot convert. */
function kindMismatch(def: ResourceDefinition, kind: string, apiVersion: string): string {
  const version = apiVersion.includes("/") ? apiVersion.slice(apiVersion.indexOf("/") + 1) : apiVersion;
  const prefix = `${kind} in version ${JSON.stringify(version)} cannot be handled as a ${def.kind}`;
  if (!builtinProtoRegistry().kind(apiVersion, kind)) return `${prefix}: no kind ${JSON.stringify(kind)} is registered for version ${JSON.stringify(apiVersion)} in scheme "pkg/api/legacyscheme/scheme.go:30"`;
  const internal = (packageIdOf(apiVersionOf(def)) ?? "core").split(".")[0];
  return `${prefix}: converting (${version}.${kind}) to (${internal}.${def.kind}): unknown conversion`;
}
