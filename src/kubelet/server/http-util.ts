/** Plain HTTP answers of the kubelet's server, as Go's http.Error writes them. */
import type { ServerResponse } from "node:http";
import type { Duplex } from "node:stream";

/** An error the kubelet answers with a plain-text body. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Go's http.Error: text/plain, nosniff, the message and a newline. */
export function writeTextError(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
  res.end(message.endsWith("\n") ? message : `${message}\n`);
}

/** The same answer on a raw socket (an upgrade request that cannot be upgraded). */
export function writeSocketError(socket: Duplex, status: number, message: string): void {
  const body = message.endsWith("\n") ? message : `${message}\n`;
  const reason = { 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 500: "Internal Server Error" }[status] ?? "Error";
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

export function writeJson(res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

/** Streams a response through a sink with backpressure; headers go out before the first byte. */
export async function writeStreamed(
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  fn: (sink: { write(chunk: Buffer): boolean; drained(): Promise<void> }) => Promise<void>,
): Promise<void> {
  res.writeHead(status, headers);
  res.flushHeaders();
  await fn({
    write: (chunk) => (res.destroyed ? false : res.write(chunk)),
    drained: () => (res.destroyed ? Promise.resolve() : new Promise<void>((r) => { res.once("drain", r); res.once("close", r); })),
  });
  res.end();
}
