/**
 * Upgrade proxying (upstream's UpgradeAwareHandler): the request goes to the
 * backend as HTTP/1.1 with the client's Upgrade headers; the backend's
 * response head is relayed to the client, and after a 101 both connections
 * are piped to each other until either closes. A non-101 answer is relayed
 * as is and both connections end.
 */
import type { Duplex } from "node:stream";
import type { ApiResponse } from "../http/types.js";

const MAX_HEAD_BYTES = 64 * 1024;

export function pipeUpgrade(
  backend: Duplex,
  method: string,
  pathAndQuery: string,
  headers: Record<string, string | string[]>,
  client: { socket: Duplex; head: Buffer },
): Promise<ApiResponse> {
  const lines = [`${method} ${pathAndQuery} HTTP/1.1`];
  for (const [k, v] of Object.entries(headers)) for (const one of Array.isArray(v) ? v : [v]) lines.push(`${k}: ${one}`);
  backend.write(`${lines.join("\r\n")}\r\n\r\n`);
  if (client.head.length) backend.write(client.head);
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf("\r\n\r\n");
      if (end < 0) {
        if (buffered.length > MAX_HEAD_BYTES) fail(new Error("the backend's response head is too large"));
        return;
      }
      backend.removeListener("data", onData);
      backend.removeListener("error", fail);
      backend.removeListener("close", closed);
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(buffered.subarray(0, end).toString("latin1"))?.[1] ?? 502);
      client.socket.write(buffered);
      if (status === 101) {
        backend.pipe(client.socket);
        client.socket.pipe(backend);
      } else {
        // Relay the rest of the answer, then end both.
        backend.pipe(client.socket);
      }
      const teardown = () => {
        backend.destroy();
        client.socket.destroy();
      };
      backend.on("error", teardown);
      client.socket.on("error", teardown);
      backend.on("close", () => client.socket.end());
      client.socket.on("close", () => backend.destroy());
      resolve({ status, headers: {}, upgraded: true });
    };
    const fail = (err: Error) => {
      backend.destroy();
      reject(err);
    };
    const closed = () => fail(new Error("the backend closed the connection before answering"));
    backend.on("data", onData);
    backend.once("error", fail);
    backend.once("close", closed);
  });
}
