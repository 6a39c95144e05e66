/**
 * A webhook's HTTP answer read the way client-go's REST client reads it:
 * a 2xx body decoded as JSON; any other status turned into an error whose
 * text is the Status message the body carries, or the generic words of
 * upstream's NewGenericServerResponse.
 */
import { isRecord } from "./review.js";

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

/** The decoded body of a successful answer; throws with client-go's wording otherwise. */
export function decodeAnswer(a: HttpAnswer): unknown {
  if (a.status < 200 || a.status > 206) throw new Error(errorText(a));
  if (a.body.length === 0) throw new Error(`0-length response with status code: ${a.status} and content type: ${a.contentType}`);
  return parseJson(a.body.toString("utf8"));
}

function errorText(a: HttpAnswer): string {
  const text = a.body.toString("utf8");
  try {
    const v: unknown = JSON.parse(text);
    if (isRecord(v) && v.kind === "Status" && typeof v.message === "string") return v.message;
  } catch {
    // Not a Status: the generic words below.
  }
  const serverMessage = a.contentType.split(";")[0].trim().toLowerCase() === "text/plain" ? text.slice(0, 1024).trim() : "unknown";
  switch (a.status) {
    case 400:
      return "the server rejected our request for an unknown reason";
    case 401:
      return "the server has asked for the client to provide credentials";
    case 403:
    case 415:
      return serverMessage;
    case 404:
      return "the server could not find the requested resource";
    case 405:
      return "the server does not allow this method on the requested resource";
    case 406:
      return serverMessage && serverMessage !== "unknown" ? serverMessage : "the server was unable to respond with a content type that the client supports";
    case 409:
      return "the server reported a conflict";
    case 422:
      return "the server rejected our request due to an error in our request";
    case 429:
      return "the server has received too many requests and has asked us to try again later";
    case 503:
      return "the server is currently unable to handle the request";
    case 504:
      return "the server was unable to return a response in the time allotted, but may still be processing the request";
    default:
      if (a.status >= 500) return `an error on the server (${JSON.stringify(serverMessage)}) has prevented the request from succeeding`;
      return `the server responded with the status code ${a.status} but did not return more information`;
  }
}

/** JSON.parse, failing in the words of Go's encoding/json as the REST client reports them. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const first = text.trimStart()[0] ?? "";
    const why = first && !/[{["\-0-9tfn]/.test(first) ? `invalid character '${first}' looking for beginning of value` : "unexpected end of JSON input";
    throw new Error(`couldn't get version/kind; json parse error: ${why}`);
  }
}
