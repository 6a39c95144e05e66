/**
 * Patch failures and how the API server reports them. Upstream turns a
 * failed patch into one of four responses; the message a client sees is
 * not always the detailed one (a failed JSON patch reads only "the server
 * rejected our request ..."), so PatchError keeps both.
 */
import { ApiError, badRequest, tooLarge } from "../../api/errors.js";

/**
 * - BadRequest: 400 with the message (malformed patch, bad directive format).
 * - Invalid: 422 with upstream's generic message (failed JSON patch operation,
 *   lists of lists in a strategic merge patch).
 * - TooLarge: 413 with the message.
 * - Unknown: 500 with the message and no reason, as upstream reports errors
 *   that are not Status errors (e.g. a missing merge key).
 */
export type PatchErrorKind = "BadRequest" | "Invalid" | "TooLarge" | "Unknown";

export class PatchError extends Error {
  constructor(
    readonly kind: PatchErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "PatchError";
  }
}

/** Upstream's message for a 422 built by NewGenericServerResponse. */
export const REJECTED_MESSAGE = "the server rejected our request due to an error in our request";

export function toApiError(err: PatchError): ApiError {
  switch (err.kind) {
    case "BadRequest":
      return badRequest(err.message);
    case "Invalid":
      return new ApiError(422, "Invalid", REJECTED_MESSAGE);
    case "TooLarge":
      return tooLarge(err.message);
    case "Unknown":
      return new ApiError(500, "", err.message);
  }
}
