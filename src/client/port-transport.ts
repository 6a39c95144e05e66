/**
 * Transports into an API server in another thread of this process: each
 * request crosses a MessagePort as method, path, headers and body bytes to
 * a port server (port-server.ts), which runs it through the server's
 * handle() as the loopback transport does (authz, admission, audit, as the
 * user given here). Responses come back as status, headers and body bytes;
 * a watch comes back as its encoded event lines, which the REST client
 * decodes as it would over HTTPS. Consumed stream bytes are acknowledged,
 * so a busy thread holds back its own watches only.
 *
 * One connection per port; one transport per user over it.
 */
import type { MessagePort } from "node:worker_threads";
import { PortChannel, type PortMessage } from "./port-channel.js";
import { SharedEventDecoder } from "./shared-event-decoder.js";
import { TransportStatusError } from "./transport-error.js";
import type { Transport, TransportRequest, TransportResponse, UserInfo, WatchEvent } from "./types.js";

export interface PortConnection {
  /** A transport whose requests the server runs as user. */
  transport(user: UserInfo): Transport;
  /** Ends every stream, fails pending requests, and closes the port. */
  close(): void;
}

interface PendingRequest {
  resolve(res: TransportResponse): void;
  reject(err: Error): void;
}

interface OpenStream {
  onChunk(chunk: Buffer): void;
  onEnd(err?: Error): void;
}

export function connectPort(port: MessagePort): PortConnection {
  let nextId = 1;
  let closed = false;
  const requests = new Map<number, PendingRequest>();
  const streams = new Map<number, OpenStream>();
  const users = new Map<UserInfo, number>();
  /** Stream bytes handed to their consumer since the last acknowledgement, per stream. */
  const consumed = new Map<number, number>();
  let ackScheduled = false;

  const acknowledge = () => {
    ackScheduled = false;
    for (const [id, n] of consumed) if (streams.has(id)) channel.send({ t: "ack", id, n });
    consumed.clear();
  };

  const channel = new PortChannel(
    port,
    (msg, payload) => {
      const id = msg.id as number;
      switch (msg.t) {
        case "res": {
          const r = requests.get(id);
          if (!r) return;
          requests.delete(id);
          return r.resolve({ status: msg.s as number, headers: msg.h as TransportResponse["headers"], body: payload });
        }
        case "fail": {
          const r = requests.get(id);
          if (r) {
            requests.delete(id);
            return r.reject(new Error(msg.e as string));
          }
          const s = streams.get(id);
          if (s) {
            streams.delete(id);
            s.onEnd(new Error(msg.e as string));
          }
          return;
        }
        case "data": {
          const s = streams.get(id);
          if (!s) return;
          s.onChunk(payload);
          consumed.set(id, (consumed.get(id) ?? 0) + payload.length);
          if (!ackScheduled) {
            ackScheduled = true;
            // After this batch's other messages: one acknowledgement per stream and batch.
            queueMicrotask(acknowledge);
          }
          return;
        }
        case "end": {
          const s = streams.get(id);
          if (!s) return;
          streams.delete(id);
          consumed.delete(id);
          return s.onEnd(msg.s === undefined ? undefined : new TransportStatusError(msg.s as number, payload));
        }
      }
    },
    () => shutDown(),
  );

  const shutDown = () => {
    if (closed) return;
    closed = true;
    const err = new Error("the connection to the API server was closed");
    for (const r of requests.values()) r.reject(err);
    requests.clear();
    const open = [...streams.values()];
    streams.clear();
    for (const s of open) s.onEnd(err);
  };

  const userId = (user: UserInfo): number => {
    let u = users.get(user);
    if (u === undefined) {
      users.set(user, (u = users.size + 1));
      channel.send({ t: "user", u, user });
    }
    return u;
  };

  const message = (t: string, id: number, u: number, req: TransportRequest): [PortMessage, Buffer | undefined] => {
    const body = req.body === undefined ? undefined : typeof req.body === "string" ? Buffer.from(req.body) : req.body;
    return [{ t, id, u, m: req.method, p: req.path, h: req.headers ?? {}, ...(body ? { hasBody: true } : {}) }, body];
  };

  return {
    transport(user: UserInfo): Transport {
      const mine = new Set<number>();
      return {
        request(req) {
          if (closed) return Promise.reject(new Error("the connection to the API server was closed"));
          const id = nextId++;
          const [msg, body] = message("req", id, userId(user), req);
          return new Promise<TransportResponse>((resolve, reject) => {
            requests.set(id, { resolve, reject });
            channel.send(msg, body);
          });
        },

        stream(req, onChunk, onEnd, onEvent) {
          const id = nextId++;
          // A consumer that takes events gets them decoded once per thread and shared (a malformed line ends the stream).
          const decoder = onEvent ? new SharedEventDecoder() : undefined;
          let ended = false;
          if (closed) {
            queueMicrotask(() => onEnd(new Error("the connection to the API server was closed")));
            return { close: () => undefined };
          }
          mine.add(id);
          streams.set(id, {
            onChunk: (chunk) => {
              if (ended) return;
              if (!decoder) return onChunk(chunk);
              let events: WatchEvent[];
              try {
                events = decoder.push(chunk);
              } catch (err) {
                ended = true;
                mine.delete(id);
                streams.delete(id);
                consumed.delete(id);
                channel.send({ t: "close", id });
                return onEnd(err as Error);
              }
              for (const ev of events) if (!ended) onEvent!(ev);
            },
            onEnd: (err) => {
              if (ended) return;
              ended = true;
              mine.delete(id);
              onEnd(err);
            },
          });
          const [msg, body] = message("watch", id, userId(user), req);
          channel.send(msg, body);
          return {
            close: () => {
              // The caller asked for the end: it hears nothing more.
              if (ended) return;
              ended = true;
              mine.delete(id);
              streams.delete(id);
              consumed.delete(id);
              channel.send({ t: "close", id });
            },
          };
        },

        async close() {
          for (const id of mine) {
            streams.delete(id);
            consumed.delete(id);
            channel.send({ t: "close", id });
          }
          mine.clear();
        },
      };
    },

    close() {
      channel.close();
      shutDown();
    },
  };
}
