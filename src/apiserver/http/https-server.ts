/**
 * The HTTPS listener: HTTP/2 with HTTP/1.1 fallback on one port, client
 * certificates requested but not required (anonymous requests reach the
 * pipeline, which answers 401 where needed), bodies capped at 3 MiB.
 *
 * HTTP/1.1 upgrade requests (exec, attach, port-forward: WebSocket or
 * SPDY) arrive as the server's "upgrade" event (an Http2SecureServer with
 * allowHTTP1 runs Node's HTTP/1.1 parser for those connections); they take
 * the same authentication and pipeline, with the socket in req.upgrade.
 */
import http2 from "node:http2";
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { tooLarge } from "../../api/errors.js";
import { unauthorized } from "../../api/errors.js";
import type { RequestAuthentication } from "../authn/request-authenticator.js";
import { errorResponse } from "../server.js";
import type { ApiRequest, ApiResponse, StreamSink } from "./types.js";

export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

export interface HttpsServerOptions {
  host: string;
  port: number;
  key: string;
  cert: string;
  /** CA bundle used to verify client certificates. */
  clientCA: string;
  /** Who sent the request; may remove the credentials it consumed from headers. */
  authenticate(socket: TLSSocket, headers: Record<string, string | undefined>): Promise<RequestAuthentication>;
  /** Told why a credential was refused (the client only sees 401 Unauthorized). */
  onUnauthorized?(reason: string, req: { method: string; path: string; remoteAddress?: string }): void;
  handle(req: ApiRequest): Promise<ApiResponse>;
}

export interface RunningHttpsServer {
  port: number;
  close(): Promise<void>;
}

type AnyRequest = IncomingMessage | http2.Http2ServerRequest;
type AnyResponse = ServerResponse | http2.Http2ServerResponse;

export async function startHttpsServer(opts: HttpsServerOptions): Promise<RunningHttpsServer> {
  const server = http2.createSecureServer({
    allowHTTP1: true,
    key: opts.key,
    cert: opts.cert,
    ca: opts.clientCA,
    requestCert: true,
    rejectUnauthorized: false,
    settings: { maxConcurrentStreams: 1000 },
  });
  const sessions = new Set<http2.ServerHttp2Session>();
  const sockets = new Set<TLSSocket>();
  server.on("session", (s) => {
    sessions.add(s);
    s.on("close", () => sessions.delete(s));
  });
  server.on("secureConnection", (s: TLSSocket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("request", (req: AnyRequest, res: AnyResponse) => void serve(opts, req, res));
  server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => void serveUpgrade(opts, req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sessions) s.destroy();
        for (const s of sockets) s.destroy();
      }),
  };
}

async function serve(opts: HttpsServerOptions, req: AnyRequest, res: AnyResponse): Promise<void> {
  const abort = new AbortController();
  // Aborting builds a DOMException: only do it when the client leaves before the answer is complete.
  res.on("close", () => {
    if (!res.writableFinished) abort.abort();
  });
  let response: ApiResponse;
  try {
    const headers = lowerHeaders(req.headers);
    const url = new URL(req.url ?? "/", "https://skiff.invalid");
    const body = await readBody(req);
    // HTTP/2 requests see a per-stream proxy of the socket; the session's is stable, so
    // the authenticator's per-connection verdict cache works.
    const h2 = (req as http2.Http2ServerRequest).stream;
    const socket = (h2 ? h2.session?.socket : req.socket) as TLSSocket;
    response = await authenticateAndHandle(opts, socket, { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers, headerValues: distinctHeaders(req.rawHeaders), body, remoteAddress: socket?.remoteAddress, signal: abort.signal });
  } catch (err) {
    response = errorResponse(err);
  }
  await writeResponse(req, res, response, abort.signal);
}

/** Authenticates a request (401 for refused credentials) and runs it through the pipeline with its user. */
async function authenticateAndHandle(opts: HttpsServerOptions, socket: TLSSocket, req: Omit<ApiRequest, "user">): Promise<ApiResponse> {
  const authn = await opts.authenticate(socket, req.headers as Record<string, string | undefined>);
  if (authn.status === "unauthorized") {
    opts.onUnauthorized?.(authn.reason, { method: req.method, path: req.path, remoteAddress: req.remoteAddress });
    return errorResponse(unauthorized());
  }
  return opts.handle({ ...req, user: authn.user });
}

async function serveUpgrade(opts: HttpsServerOptions, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const abort = new AbortController();
  socket.on("close", () => abort.abort());
  socket.on("error", () => socket.destroy());
  let response: ApiResponse;
  try {
    const headers = lowerHeaders(req.headers);
    const url = new URL(req.url ?? "/", "https://skiff.invalid");
    response = await authenticateAndHandle(opts, socket as TLSSocket, { method: req.method ?? "GET", path: url.pathname, query: url.searchParams, headers, headerValues: distinctHeaders(req.rawHeaders), remoteAddress: (socket as TLSSocket).remoteAddress, signal: abort.signal, upgrade: { socket, head } });
  } catch (err) {
    response = errorResponse(err);
  }
  if (response.upgraded) return;
  writeRawResponse(socket, response);
}

/** An answer to an upgrade request that was not upgraded, written as HTTP/1.1 on the socket. */
function writeRawResponse(socket: Duplex, r: ApiResponse): void {
  if (socket.destroyed) return;
  const body = r.body === undefined ? Buffer.alloc(0) : typeof r.body === "string" ? Buffer.from(r.body) : r.body;
  const lines = [`HTTP/1.1 ${r.status} ${STATUS_CODES[r.status] ?? ""}`];
  for (const [k, v] of Object.entries(r.headers)) for (const one of Array.isArray(v) ? v : [v]) lines.push(`${k}: ${one}`);
  lines.push(`content-length: ${body.length}`, "connection: close");
  socket.end(Buffer.concat([Buffer.from(`${lines.join("\r\n")}\r\n\r\n`), body]));
}

function lowerHeaders(h: AnyRequest["headers"]): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(h)) {
    if (k.startsWith(":")) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  }
  return out;
}

/**
 * The Impersonate-* headers' values kept apart (Node joins a repeated header
 * with ", ", and a group name may hold one). Only those: credentials the
 * authenticator removed from headers must not survive here.
 */
function distinctHeaders(raw: readonly string[] | undefined): Record<string, string[]> | undefined {
  if (!raw?.length) return undefined;
  let out: Record<string, string[]> | undefined;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (!name.startsWith("impersonate-")) continue;
    ((out ??= {})[name] ??= []).push(raw[i + 1]);
  }
  return out;
}

function readBody(req: AnyRequest): Promise<Buffer | undefined> {
  if (req.method === "GET" || req.method === "HEAD") {
    req.resume();
    return Promise.resolve(undefined);
  }
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_REQUEST_BODY_BYTES) {
    req.resume();
    return Promise.reject(tooLarge());
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > MAX_REQUEST_BODY_BYTES) {
        failed = true;
        reject(tooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => !failed && resolve(Buffer.concat(chunks)));
    req.on("error", (e) => !failed && reject(e));
  });
}

async function writeResponse(req: AnyRequest, res: AnyResponse, r: ApiResponse, signal: AbortSignal): Promise<void> {
  if (res.writableEnded || res.destroyed) return;
  const headers: Record<string, string | string[]> = { ...r.headers };
  const isH2 = (req as http2.Http2ServerRequest).httpVersionMajor === 2;
  if (isH2) delete headers["transfer-encoding"];
  if (!r.stream) {
    const body = r.body === undefined ? undefined : typeof r.body === "string" ? Buffer.from(r.body) : r.body;
    if (body) headers["content-length"] = String(body.length);
    (res as ServerResponse).writeHead(r.status, headers);
    (res as ServerResponse).end(req.method === "HEAD" ? undefined : body);
    return;
  }
  (res as ServerResponse).writeHead(r.status, headers);
  (res as ServerResponse).flushHeaders?.();
  // Writes within one turn of the event loop go out as one chunk: a burst of watch
  // events becomes one DATA frame per watcher instead of one per event.
  let pending: Buffer[] = [];
  let scheduled = false;
  let backedUp = false;
  // One listener for the stream's life: a drain that comes before anyone waits must still count.
  let waiters: (() => void)[] = [];
  res.on("drain", () => {
    backedUp = false;
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve();
  });
  res.on("close", () => {
    const w = waiters;
    waiters = [];
    for (const resolve of w) resolve();
  });
  const flush = () => {
    scheduled = false;
    if (!pending.length || res.destroyed || res.writableEnded) return void (pending = []);
    const data = pending.length === 1 ? pending[0] : Buffer.concat(pending);
    pending = [];
    backedUp = !(res as ServerResponse).write(data);
  };
  const sink: StreamSink = {
    write: (chunk) => {
      if (res.destroyed) return false;
      pending.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
      return !backedUp;
    },
    end: () => {
      flush();
      if (!res.writableEnded && !res.destroyed) (res as ServerResponse).end();
    },
    drained: () => (backedUp ? new Promise<void>((resolve) => waiters.push(resolve)) : Promise.resolve()),
  };
  try {
    await r.stream(sink, signal);
  } catch (err) {
    console.error("skiff apiserver: stream failed:", err);
    sink.end();
  }
}
