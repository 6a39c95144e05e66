/**
 * A non-success HTTP answer to a streaming request, carried to the REST
 * client so it can turn the body into an ApiError like any other failure.
 */
export class TransportStatusError extends Error {
  constructor(
    readonly status: number,
    readonly body: Buffer,
  ) {
    super(`the server responded with status ${status}`);
    this.name = "TransportStatusError";
  }
}
