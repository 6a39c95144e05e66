/**
 * Continue tokens as upstream encodes them: base64 of
 * {"v":"meta.k8s.io/v1","rv":<revision>,"start":"<key after prefix>\u0000"}.
 */
import { ApiError, badRequest } from "../../api/errors.js";

export interface ContinueToken {
  revision: number;
  /** The key (relative to the resource prefix) to continue strictly after. */
  after: string;
}

export function encodeContinue(revision: number, lastKeyRelative: string): string {
  return Buffer.from(JSON.stringify({ v: "meta.k8s.io/v1", rv: revision, start: `${lastKeyRelative}\u0000` })).toString("base64");
}

export function decodeContinue(token: string): ContinueToken {
  let parsed: { v?: string; rv?: number; start?: string };
  try {
    parsed = JSON.parse(Buffer.from(token, "base64").toString("utf8"));
  } catch {
    throw badRequest("continue key is not valid: illegal base64 data or json");
  }
  if (parsed.v !== "meta.k8s.io/v1") throw badRequest(`continue key is not valid: server does not recognize this encoded key`);
  if (typeof parsed.rv !== "number" || typeof parsed.start !== "string") throw badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  if (parsed.start.includes("..") || parsed.start.startsWith("/")) throw badRequest("continue key is not valid: key must be relative");
  const start = parsed.start.endsWith("\u0000") ? parsed.start.slice(0, -1) : parsed.start;
  return { revision: parsed.rv, after: start };
}

export function continueExpired(): ApiError {
  return new ApiError(
    410,
    "Expired",
    "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.",
  );
}
