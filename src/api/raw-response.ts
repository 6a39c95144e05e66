/**
 * A subresource handler's answer that is already an HTTP response (a
 * streamed log, a proxied kubelet reply, an upgraded connection), passed
 * to the client as is instead of being encoded as an object. The response
 * is the API server's ApiResponse; the api layer does not look inside.
 */
export class RawResponse {
  constructor(readonly response: unknown) {}
}
