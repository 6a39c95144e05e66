/**
 * What the in-process transports (loopback, and the port server answering a
 * worker thread) share: a client's request made into the API server's
 * ApiRequest, and a streamed answer collected whole.
 */
import type { ApiRequest, ApiResponse, UserInfo } from "./types.js";

/** The request as the API server's pipeline takes it; the user is the transport's (authentication already happened). */
export function inProcessRequest(method: string, pathAndQuery: string, rawHeaders: Record<string, string> | undefined, body: Buffer | undefined, user: UserInfo | undefined, signal: AbortSignal): ApiRequest {
  const q = pathAndQuery.indexOf("?");
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(rawHeaders ?? {})) headers[k.toLowerCase()] = v;
  if (body && !headers["content-type"]) headers["content-type"] = "application/json";
  return {
    method: method.toUpperCase(),
    path: q < 0 ? pathAndQuery : pathAndQuery.slice(0, q),
    query: new URLSearchParams(q < 0 ? "" : pathAndQuery.slice(q + 1)),
    headers,
    body,
    user,
    signal,
  };
}

/** A streamed answer to a plain request (rare): its bytes, collected whole. */
export async function collectStream(res: ApiResponse, signal: AbortSignal): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await res.stream!(
    {
      write: (c) => (chunks.push(typeof c === "string" ? Buffer.from(c) : c), true),
      end: () => undefined,
      drained: () => Promise.resolve(),
    },
    signal,
  );
  return Buffer.concat(chunks);
}

export function bytesOf(body: Buffer | string | undefined): Buffer {
  return body === undefined ? Buffer.alloc(0) : typeof body === "string" ? Buffer.from(body) : body;
}
