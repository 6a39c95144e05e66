/** Request bodies: JSON or YAML objects, with upstream's errors for bad input. */
import { yaml } from "../../util/lazy-yaml.js";
import { ApiError, badRequest } from "../../api/errors.js";
import type { KubeObject, ResourceDefinition } from "../../api/types.js";
import { apiVersionOf } from "../../api/types.js";
import { decodeKubernetesProtobuf, ProtobufDecodeError, PROTOBUF_MEDIA_TYPE } from "../protobuf/index.js";

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
      return yaml().parse(text, { maxAliasCount: 100 });
    } catch (err) {
      throw badRequest(`error converting YAML to JSON: yaml: ${(err as Error).message.split("\n")[0]}`);
    }
  }
  if (mt && !mt.endsWith("json") && mt !== "*/*") {
    throw new ApiError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(err as Error).message}`);
  }
}

/** A body that must be an object of this resource's kind. */
export function decodeObject(def: ResourceDefinition, body: Buffer | undefined, contentType: string | undefined): KubeObject {
  const v = parseBody(body, contentType, { apiVersion: apiVersionOf(def), kind: def.kind });
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw badRequest(`Object 'Kind' is missing in '${JSON.stringify(v)}'`);
  const obj = v as KubeObject;
  const expected = apiVersionOf(def);
  if (obj.kind !== undefined && obj.kind !== def.kind) {
    throw badRequest(`the object provided is unrecognized (must be of type ${def.kind}): couldn't get version/kind; json parse error: kind ${obj.kind} does not match ${def.kind}`);
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== expected) {
    throw badRequest(`the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`);
  }
  if (obj.metadata !== undefined && (obj.metadata === null || typeof obj.metadata !== "object" || Array.isArray(obj.metadata))) {
    throw badRequest(`json: cannot unmarshal ${Array.isArray(obj.metadata) ? "array" : typeof obj.metadata} into Go struct field ${def.kind}.metadata of type v1.ObjectMeta`);
  }
  obj.metadata ??= {};
  return obj;
}
