/**
 * Reaching a pod's network from the kubelet, as the prober dials the pod
 * IP: one connection carried by the runtime's portForward (streaming.ts),
 * so any runtime that answers port-forwards also answers probes. A sim
 * runtime serves it from its containers; a CRI runtime would dial inside
 * the sandbox's network namespace.
 */
import { Duplex, PassThrough } from "node:stream";
import type { Clock } from "../../util/clock.js";
import type { StreamingRuntime } from "../runtime/streaming.js";

export type DialOutcome = { ok: true; response: Buffer } | { ok: false; refused: true; message: string } | { ok: false; refused: false; timedOut: true };

/**
 * Opens a connection to `port` of the sandbox, sends `request` (nothing for
 * a bare TCP check), closes its sending side and collects the answer until
 * the other side closes. Gives up after timeoutMs on the kubelet's clock.
 */
export async function dialPod(runtime: StreamingRuntime, clock: Clock, sandboxId: string, port: number, request: string, timeoutMs: number): Promise<DialOutcome> {
  const toServer = new PassThrough();
  const fromServer = new PassThrough();
  const chunks: Buffer[] = [];
  fromServer.on("data", (c: Buffer) => chunks.push(c));
  const conn = Duplex.from({ readable: toServer, writable: fromServer });
  // Destroying the connection when done reports an AbortError nobody needs.
  conn.on("error", () => undefined);
  const abort = new AbortController();
  const served = runtime.portForward(sandboxId, port, conn).then(
    () => ({ ok: true as const, response: Buffer.concat(chunks) }),
    (err: Error) => ({ ok: false as const, refused: true as const, message: err.message }),
  );
  toServer.end(request);
  const timeout = clock.sleep(timeoutMs, abort.signal).then(
    () => ({ ok: false as const, refused: false as const, timedOut: true as const }),
    () => new Promise<never>(() => undefined),
  );
  try {
    return await Promise.race([served, timeout]);
  } finally {
    abort.abort();
    conn.destroy();
  }
}

/** The status code of an HTTP/1.x response's status line, or undefined when it is not one. */
export function httpStatusOf(response: Buffer): number | undefined {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(response.subarray(0, 32).toString("latin1"));
  return m ? Number(m[1]) : undefined;
}
