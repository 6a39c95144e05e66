/**
 * Resources whose create is another resource's subresource (core/v1
 * `bindings` is pods/binding of the pod the Binding names), as upstream's
 * legacy binding REST: the body's metadata.name picks the object.
 */
import { ApiError } from "../../api/errors.js";
import { apiVersionOf, type KubeObject } from "../../api/types.js";
import { fieldErrors, invalid } from "../../api/validation/field.js";
import type { ApiRequest } from "../http/types.js";
import type { ResourceRequestInfo } from "../request-info.js";
import type { ResourceRegistry } from "../registry/registry.js";
import { parseBody } from "./body.js";

/** The request re-addressed to the target's subresource; undefined when reg is not such a resource. */
export function asSubresourceCreate(reg: ResourceRegistry, info: ResourceRequestInfo, req: ApiRequest): ResourceRequestInfo | undefined {
  const via = reg.def.createAsSubresource;
  if (!via) return undefined;
  if (info.verb !== "create" || info.name !== undefined || info.subresource !== undefined) {
    throw new ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
  }
  if (reg.def.namespaced && !info.namespace) throw new ApiError(404, "NotFound", "the server could not find the requested resource");
  const body = parseBody(req.body, req.headers["content-type"], { apiVersion: apiVersionOf(reg.def), kind: reg.def.kind }) as Partial<KubeObject> | null;
  const bodyNamespace = body?.metadata?.namespace;
  if (reg.def.namespaced && bodyNamespace && bodyNamespace !== info.namespace) {
    throw new ApiError(400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");
  }
  const name = body?.metadata?.name;
  if (!name) throw invalid({ group: reg.def.group, kind: reg.def.kind }, "", [fieldErrors.required("metadata.name", "name or generateName is required")]);
  return { ...info, resource: via.resource, name, subresource: via.subresource, path: `${info.path}/${name}` };
}
