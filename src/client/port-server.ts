/**
 * The API server's side of the port transport (port-transport.ts): answers
 * the requests that cross a MessagePort from another thread through the
 * server's handle(), exactly as the loopback transport calls it (same
 * pipeline: authz, admission, audit; the user the connection named, as
 * authentication had happened). Watches stream their encoded event lines
 * (the watch cache's, encoded once per event) until the other side has
 * that many bytes unacknowledged; then the watch waits as it would on a slow
 * HTTPS client. Requests share the loopback's fairness: a burst from the
 * other thread waits its turn behind HTTPS clients.
 */
import type { MessagePort } from "node:worker_threads";
import type { StreamSink } from "../apiserver/http/types.js";
import { fairTurn, type LoopbackServer } from "./loopback-transport.js";
import { bytesOf, collectStream, inProcessRequest } from "./in-process-request.js";
import { PortChannel, type PortMessage } from "./port-channel.js";
import type { ApiRequest, ApiResponse, UserInfo } from "./types.js";

export interface PortServer {
  /** Aborts every request and watch in flight and closes the port. */
  close(): void;
}

/** Unacknowledged watch bytes at which a watch waits for the other thread. */
export const STREAM_HIGH_WATER_BYTES = 8 * 1024 * 1024;

interface ServedStream {
  ac: AbortController;
  unacked: number;
  waiters: (() => void)[];
}

export function servePort(port: MessagePort, server: LoopbackServer): PortServer {
  const users = new Map<number, UserInfo>();
  const inFlight = new Set<AbortController>();
  const streams = new Map<number, ServedStream>();

  const wake = (st: ServedStream) => {
    const waiters = st.waiters;
    st.waiters = [];
    for (const w of waiters) w();
  };

  const abortAll = () => {
    for (const ac of inFlight) ac.abort();
    inFlight.clear();
    for (const st of streams.values()) {
      st.ac.abort();
      wake(st);
    }
    streams.clear();
  };

  const channel = new PortChannel(
    port,
    (msg, payload) => {
      const id = msg.id as number;
      switch (msg.t) {
        case "user":
          return void users.set(msg.u as number, msg.user as UserInfo);
        case "req":
          return void answer(id, msg, payload);
        case "watch":
          return void watch(id, msg, payload);
        case "close": {
          const st = streams.get(id);
          if (!st) return;
          streams.delete(id);
          st.ac.abort();
          wake(st);
          return;
        }
        case "ack": {
          const st = streams.get(id);
          if (!st) return;
          st.unacked -= msg.n as number;
          if (st.unacked < STREAM_HIGH_WATER_BYTES / 2) wake(st);
          return;
        }
      }
    },
    abortAll,
  );

  const toApiRequest = (msg: PortMessage, payload: Buffer, signal: AbortSignal): ApiRequest =>
    inProcessRequest(msg.m as string, msg.p as string, msg.h as Record<string, string>, msg.hasBody ? payload : undefined, users.get(msg.u as number), signal);

  const failure = (id: number, err: unknown) => channel.send({ t: "fail", id, e: err instanceof Error ? err.message : String(err) });

  async function answer(id: number, msg: PortMessage, payload: Buffer): Promise<void> {
    const ac = new AbortController();
    inFlight.add(ac);
    try {
      await fairTurn();
      const res = await server.handle(toApiRequest(msg, payload, ac.signal));
      const body = res.stream ? await collectStream(res, ac.signal) : bodyOf(res);
      if (!ac.signal.aborted) channel.send({ t: "res", id, s: res.status, h: res.headers }, body);
    } catch (err) {
      if (!ac.signal.aborted) failure(id, err);
    } finally {
      inFlight.delete(ac);
    }
  }

  async function watch(id: number, msg: PortMessage, payload: Buffer): Promise<void> {
    const st: ServedStream = { ac: new AbortController(), unacked: 0, waiters: [] };
    streams.set(id, st);
    const signal = st.ac.signal;
    let ended = false;
    const end = (status?: number, body?: Buffer) => {
      if (ended) return;
      ended = true;
      streams.delete(id);
      wake(st);
      if (!signal.aborted) channel.send(status === undefined ? { t: "end", id } : { t: "end", id, s: status }, body);
    };
    try {
      await fairTurn();
      if (signal.aborted) return;
      const res = await server.handle(toApiRequest(msg, payload, signal));
      const ok = res.status >= 200 && res.status <= 299;
      if (!ok || !res.stream) {
        if (ok && !signal.aborted) channel.send({ t: "data", id }, bodyOf(res));
        return end(ok ? undefined : res.status, ok ? undefined : bodyOf(res));
      }
      const sink: StreamSink = {
        write: (chunk) => {
          if (ended || signal.aborted) return true;
          const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
          channel.send({ t: "data", id }, bytes);
          st.unacked += bytes.length;
          return st.unacked < STREAM_HIGH_WATER_BYTES;
        },
        end: () => end(),
        drained: () => (ended || signal.aborted || st.unacked < STREAM_HIGH_WATER_BYTES ? Promise.resolve() : new Promise<void>((resolve) => st.waiters.push(resolve))),
      };
      await res.stream(sink, signal);
      end();
    } catch (err) {
      if (ended) return;
      ended = true;
      streams.delete(id);
      wake(st);
      if (!signal.aborted) failure(id, err);
    }
  }

  return {
    close() {
      abortAll();
      channel.close();
    },
  };
}

/** The answer's bytes; an answer made of an object only (for in-process callers) is encoded. */
function bodyOf(res: ApiResponse): Buffer {
  return res.body === undefined && res.object !== undefined ? Buffer.from(JSON.stringify(res.object)) : bytesOf(res.body);
}
