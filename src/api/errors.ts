/**
 * API errors in upstream's Status form. Every failure a client can see is an
 * ApiError; its toStatus() is what goes on the wire.
 */
export type StatusReason =
  | "BadRequest"
  | "Unauthorized"
  | "Forbidden"
  | "NotFound"
  | "AlreadyExists"
  | "Conflict"
  | "Gone"
  | "Expired"
  | "Invalid"
  | "ServerTimeout"
  | "Timeout"
  | "TooManyRequests"
  | "MethodNotAllowed"
  | "NotAcceptable"
  | "RequestEntityTooLarge"
  | "UnsupportedMediaType"
  | "InternalError"
  | "ServiceUnavailable"
  | "";

export interface StatusCause {
  reason?: string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: "Status";
  apiVersion: "v1";
  metadata: Record<string, never>;
  status: "Failure" | "Success";
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: StatusReason,
    message: string,
    readonly details?: StatusDetails,
  ) {
    super(message);
    this.name = "ApiError";
  }

  toStatus(): Status {
    const s: Status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: this.message, reason: this.reason, code: this.code };
    if (this.details && Object.keys(this.details).length) s.details = this.details;
    if (!this.reason) delete s.reason;
    return s;
  }
}

/** A group/resource pair as upstream prints it: "pods", "deployments.apps". */
export interface GroupResource {
  group: string;
  resource: string;
}

export function qualifiedResource(gr: GroupResource): string {
  return gr.group ? `${gr.resource}.${gr.group}` : gr.resource;
}

export function notFound(gr: GroupResource, name: string): ApiError {
  return new ApiError(404, "NotFound", `${qualifiedResource(gr)} "${name}" not found`, {
    name,
    group: gr.group || undefined,
    kind: gr.resource,
  });
}

export function alreadyExists(gr: GroupResource, name: string): ApiError {
  return new ApiError(409, "AlreadyExists", `${qualifiedResource(gr)} "${name}" already exists`, {
    name,
    group: gr.group || undefined,
    kind: gr.resource,
  });
}

export const CONFLICT_MESSAGE = "the object has been modified; please apply your changes to the latest version and try again";

export function conflict(gr: GroupResource, name: string, why: string = CONFLICT_MESSAGE): ApiError {
  return new ApiError(409, "Conflict", `Operation cannot be fulfilled on ${qualifiedResource(gr)} "${name}": ${why}`, {
    name,
    group: gr.group || undefined,
    kind: gr.resource,
  });
}

export function badRequest(message: string): ApiError {
  return new ApiError(400, "BadRequest", message);
}

export function methodNotAllowed(message = "the server does not allow this method on the requested resource"): ApiError {
  return new ApiError(405, "MethodNotAllowed", message);
}

export function notAcceptable(message: string): ApiError {
  return new ApiError(406, "NotAcceptable", message);
}

export function unsupportedMediaType(contentType: string): ApiError {
  return new ApiError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
}

export function unauthorized(): ApiError {
  return new ApiError(401, "Unauthorized", "Unauthorized");
}

export function forbidden(gr: GroupResource, name: string, why: string): ApiError {
  const subject = name ? `${qualifiedResource(gr)} "${name}"` : qualifiedResource(gr);
  return new ApiError(403, "Forbidden", `${subject} is forbidden: ${why}`, { name: name || undefined, group: gr.group || undefined, kind: gr.resource });
}

export function gone(message: string): ApiError {
  return new ApiError(410, "Expired", message);
}

/** The 410 a watch or list gets for a compacted resourceVersion. */
export function tooOldResourceVersion(requested: number, current: number): ApiError {
  return new ApiError(410, "Expired", `too old resource version: ${requested} (${current})`);
}

/** A resourceVersion newer than the store has reached (504, with the cause clients test for). */
export function tooLargeResourceVersion(requested: number, current: number): ApiError {
  return new ApiError(504, "Timeout", `Too large resource version: ${requested}, current: ${current}`, { causes: [{ reason: "ResourceVersionTooLarge", message: "Too large resource version" }], retryAfterSeconds: 1 });
}

export function tooLarge(message = "Request entity too large: limit is 3145728"): ApiError {
  return new ApiError(413, "RequestEntityTooLarge", message);
}

export function internalError(err: unknown): ApiError {
  const msg = err instanceof Error ? err.message : String(err);
  return new ApiError(500, "InternalError", `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
}

export function serviceUnavailable(message: string): ApiError {
  return new ApiError(503, "ServiceUnavailable", message);
}

export function timeoutError(message: string, retryAfterSeconds = 0): ApiError {
  return new ApiError(504, "Timeout", message, { retryAfterSeconds });
}

export function isApiError(err: unknown, reason?: StatusReason): err is ApiError {
  return err instanceof ApiError && (reason === undefined || err.reason === reason);
}
