/**
 * A webhook's HTTP answer read the way client-go's REST client reads it:
 * a 2xx body decoded as JSON; any other status turned into an error whose
 * text is the Status message the body carries, or the generic words of
 * upstream's NewGenericServerResponse (as the client's errorFromResponse).
 */
import { errorFromResponse } from "../../client/index.js";

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

/** The decoded body of a successful answer; throws with client-go's wording otherwise. */
export function decodeAnswer(a: HttpAnswer): unknown {
  if (a.status < 200 || a.status > 206) throw new Error(errorFromResponse(a.status, a.body, "POST").message);
  if (a.body.length === 0) throw new Error(`0-length response with status code: ${a.status} and content type: ${a.contentType}`);
  return parseJson(a.body.toString("utf8"));
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
