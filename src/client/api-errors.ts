/**
 * Turns a failed response into an ApiError: the server's Status when the
 * body is one, otherwise a generic error for the HTTP code with upstream's
 * wording (apimachinery's NewGenericServerResponse).
 */
import { ApiError, type Status, type StatusReason } from "../api/errors.js";

const GENERIC: Record<number, [StatusReason, string]> = {
  400: ["BadRequest", "the server rejected our request for an unknown reason"],
  401: ["Unauthorized", "the server has asked for the client to provide credentials"],
  403: ["Forbidden", ""],
  404: ["NotFound", "the server could not find the requested resource"],
  405: ["MethodNotAllowed", "the server does not allow this method on the requested resource"],
  406: ["NotAcceptable", "the server was unable to respond with a content type that the client supports"],
  409: ["Conflict", "the server reported a conflict"],
  410: ["Gone", "the server has asked for the client to retry"],
  415: ["UnsupportedMediaType", "the server was unable to handle the content type in the request"],
  422: ["Invalid", "the server rejected our request due to an error in our request"],
  429: ["TooManyRequests", "the server has received too many requests and has asked us to try again later"],
  503: ["ServiceUnavailable", "the server is currently unable to handle the request"],
  504: ["Timeout", "the server was unable to return a response in the time allotted, but may still be processing the request"],
};

/** An ApiError from a Status object (as found in a body or a watch ERROR event). */
export function errorFromStatus(s: Partial<Status>, fallbackCode = 500): ApiError {
  return new ApiError(s.code ?? fallbackCode, s.reason ?? "", s.message ?? "", s.details);
}

/** An ApiError for a failed response; method matters for 409 (POST means AlreadyExists). */
export function errorFromResponse(status: number, body: Buffer, method: string): ApiError {
  const text = body.toString("utf8");
  try {
    const parsed = JSON.parse(text) as Partial<Status>;
    if (parsed && parsed.kind === "Status") return errorFromStatus(parsed, status);
  } catch {
    // Not JSON: fall through to the generic error.
  }
  const known = GENERIC[status];
  if (known) {
    const reason: StatusReason = status === 409 && method.toUpperCase() === "POST" ? "AlreadyExists" : known[0];
    return new ApiError(status, reason, known[1] || text.trim() || "forbidden");
  }
  if (status >= 500) return new ApiError(status, "InternalError", `an error on the server (${JSON.stringify(text.trim() || "unknown")}) has prevented the request from succeeding`);
  return new ApiError(status, "", `the server responded with the status code ${status} but did not return more information`);
}
