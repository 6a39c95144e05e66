/**
 * A Transport that calls an in-process API server's handle() directly: no
 * sockets, no TLS, the same request pipeline. The user is fixed at creation
 * (authentication has already "happened").
 */
import type { StreamSink } from "../apiserver/http/types.js";
import { bytesOf, collectStream, inProcessRequest } from "./in-process-request.js";
import { TransportStatusError } from "./transport-error.js";
import type { ApiRequest, ApiResponse, Transport, TransportRequest, TransportResponse, UserInfo, WatchEvent } from "./types.js";

export interface LoopbackServer {
  handle(req: ApiRequest): Promise<ApiResponse>;
}

/**
 * Loopback requests run in microtasks and never wait for I/O; a burst (or a
 * feedback loop between components) could starve HTTPS clients of the same
 * process. After this many requests without a turn of the event loop, the
 * next one waits for one.
 */
const REQUESTS_PER_TURN = 256;
let sinceTurn = 0;
let turnScheduled = false;

export function fairTurn(): Promise<void> | undefined {
  if (!turnScheduled) {
    turnScheduled = true;
    setImmediate(() => {
      sinceTurn = 0;
      turnScheduled = false;
    });
  }
  if (++sinceTurn <= REQUESTS_PER_TURN) return undefined;
  return new Promise<void>((resolve) => setImmediate(resolve));
}

export function createLoopbackTransport(server: LoopbackServer, user: UserInfo): Transport {
  const pending = new Set<AbortController>();

  const toApiRequest = (req: TransportRequest, signal: AbortSignal): ApiRequest => {
    const body = req.body === undefined ? undefined : typeof req.body === "string" ? Buffer.from(req.body) : req.body;
    return { ...inProcessRequest(req.method, req.path, req.headers, body, user, signal), acceptsObjects: req.acceptObjects };
  };

  return {
    async request(req: TransportRequest): Promise<TransportResponse> {
      await fairTurn();
      const ac = new AbortController();
      const res = await server.handle(toApiRequest(req, ac.signal));
      if (!res.stream) return { status: res.status, headers: res.headers, body: bytesOf(res.body), ...(res.object !== undefined ? { object: res.object } : {}) };
      return { status: res.status, headers: res.headers, body: await collectStream(res, ac.signal) };
    },

    stream(req, onChunk, onEnd, onEvent) {
      const ac = new AbortController();
      pending.add(ac);
      let ended = false;
      const end = (err?: Error) => {
        if (ended) return;
        ended = true;
        pending.delete(ac);
        onEnd(err);
      };
      void (async () => {
        const res = await server.handle(toApiRequest(req, ac.signal));
        if (res.status < 200 || res.status > 299 || !res.stream) {
          if (res.status >= 200 && res.status <= 299) onChunk(bytesOf(res.body));
          return end(res.status >= 200 && res.status <= 299 ? undefined : new TransportStatusError(res.status, bytesOf(res.body)));
        }
        const sink: StreamSink = {
          write: (chunk) => {
            if (!ended && !ac.signal.aborted) onChunk(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
            return true;
          },
          end: () => end(),
          drained: () => Promise.resolve(),
        };
        // Watch events pass as the server's frozen objects: one copy per process, however many informers.
        if (onEvent) sink.writeEvent = (type, object) => {
          if (!ended && !ac.signal.aborted) onEvent({ type, object } as WatchEvent);
          return true;
        };
        await res.stream(sink, ac.signal);
        end();
      })().catch((err: unknown) => end(err instanceof Error ? err : new Error(String(err))));
      return {
        close: () => {
          // The caller asked for the end: it hears nothing more.
          ended = true;
          pending.delete(ac);
          ac.abort();
        },
      };
    },

    async close() {
      for (const ac of pending) ac.abort();
      pending.clear();
    },
  };
}
