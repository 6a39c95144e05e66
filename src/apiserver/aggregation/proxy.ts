/**
 * Proxying a request to the extension API server behind an APIService
 * (upstream's proxyHandler): refused with 503 "service unavailable" while
 * the APIService is not Available, else sent over TLS to a ready endpoint
 * of its Service with the user in X-Remote-User, X-Remote-Group,
 * X-Remote-Extra-* and X-Remote-Uid (any such headers the client sent are
 * dropped first). Answers stream back as they come (watches); upgrades
 * (exec-like 101s) are spliced byte for byte. Errors are written as Go's
 * http.Error writes them, plain text, as upstream's proxy does; clients
 * report a 503 as "the server is currently unable to handle the request".
 */
import http from "node:http";
import type tls from "node:tls";
import type { UserInfo } from "../../api/types.js";
import { DialError } from "../../network/dialer.js";
import { ServiceResolveError, type ServiceResolver } from "../../network/service-resolver.js";
import type { Clock } from "../../util/clock.js";
import type { ApiRequest, ApiResponse } from "../http/types.js";
import { pipeUpgrade } from "../proxy/upgrade.js";
import { isAvailable, type APIService } from "./apiservice-helpers.js";
import { BackendError, connectBackend, type ClientCertificate } from "./backend-tls.js";

/** upstream's aggregatedDiscoveryTimeout for /apis/<group>/<version>. */
export const DISCOVERY_TIMEOUT_MS = 5_000;
/** Answers with a declared length up to this size are read whole (and keep their length); others stream. */
const BUFFERED_BODY_LIMIT = 1 << 20;

/** Request headers that belong to the client's hop or that the proxy sets itself. */
const DROPPED = new Set(["host", "authorization", "content-length", "transfer-encoding", "connection", "keep-alive", "proxy-connection", "te", "trailer", "x-remote-user", "x-remote-group", "x-remote-uid"]);
const UPGRADE_KEPT = new Set(["connection", "upgrade"]);
const RESPONSE_DROPPED = new Set(["connection", "transfer-encoding", "keep-alive", "content-length"]);

export interface ProxyDeps {
  resolver: ServiceResolver;
  clientCertificate?: ClientCertificate;
  clock: Clock;
}

export async function proxyToAPIService(req: ApiRequest, svc: APIService, deps: ProxyDeps): Promise<ApiResponse> {
  if (!isAvailable(svc)) return goHttpError(503, "service unavailable");
  if (!req.user) return goHttpError(500, "missing user");
  const ref = svc.spec!.service!;
  const backend = { namespace: ref.namespace ?? "", name: ref.name ?? "", port: ref.port ?? 443, caBundle: svc.spec?.caBundle, insecureSkipTLSVerify: svc.spec?.insecureSkipTLSVerify };
  const abort = new AbortController();
  const onClientGone = () => abort.abort();
  req.signal.addEventListener("abort", onClientGone, { once: true });
  const timer = isDiscoveryPath(req.path) ? deps.clock.setTimeout(() => abort.abort(), DISCOVERY_TIMEOUT_MS) : undefined;
  const release = () => {
    timer?.cancel();
    req.signal.removeEventListener("abort", onClientGone);
  };
  let socket: tls.TLSSocket;
  let host: string;
  try {
    const conn = await connectBackend(deps.resolver, backend, deps.clientCertificate, abort.signal);
    socket = conn.socket;
    host = conn.endpoint.host.includes(":") ? `[${conn.endpoint.host}]:${conn.endpoint.port}` : `${conn.endpoint.host}:${conn.endpoint.port}`;
  } catch (err) {
    release();
    // Upstream logs why and answers "service unavailable" when the Service cannot be resolved.
    if (err instanceof ServiceResolveError) return goHttpError(503, "service unavailable");
    if (abort.signal.aborted && timer) return goHttpError(503, "context deadline exceeded");
    if (err instanceof DialError || err instanceof BackendError) return goHttpError(503, err.message);
    throw err;
  }
  const qs = req.query.toString();
  const pathAndQuery = `${req.path}${qs ? `?${qs}` : ""}`;
  const headers = forwardedHeaders(req, req.user, host);
  if (req.upgrade) {
    release();
    try {
      return await pipeUpgrade(socket, req.method, pathAndQuery, headers, req.upgrade);
    } catch (err) {
      socket.destroy();
      return goHttpError(503, (err as Error).message);
    }
  }
  return plainRequest(socket, req, pathAndQuery, headers, abort, release, !!timer);
}

/** /apis/<group>/<version>: a discovery request, held to a short timeout. */
function isDiscoveryPath(path: string): boolean {
  return path.replace(/^\/+|\/+$/g, "").split("/").length === 3;
}

/** Upstream's SetAuthProxyHeaders, after the client's own headers (minus hop and identity headers). */
export function forwardedHeaders(req: Pick<ApiRequest, "headers" | "upgrade">, user: UserInfo, host: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(req.headers)) {
    if (v === undefined) continue;
    if (DROPPED.has(k) && !(req.upgrade && UPGRADE_KEPT.has(k))) continue;
    if (k.startsWith("x-remote-extra-") || k.startsWith("impersonate-")) continue;
    out[k] = v;
  }
  out.host = host;
  out["X-Remote-User"] = user.username;
  if (user.uid) out["X-Remote-Uid"] = user.uid;
  if (user.groups.length) out["X-Remote-Group"] = [...user.groups];
  for (const [key, values] of Object.entries(user.extra ?? {})) {
    if (values.length) out[`X-Remote-Extra-${headerKeyEscape(key)}`] = [...values];
  }
  return out;
}

/** client-go's headerKeyEscape: bytes that may not appear in a header name are percent-encoded. */
function headerKeyEscape(key: string): string {
  let out = "";
  for (const b of Buffer.from(key, "utf8")) {
    const c = String.fromCharCode(b);
    out += /[A-Za-z0-9!#$&'*+\-.^_`|~]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

function plainRequest(
  socket: tls.TLSSocket,
  req: ApiRequest,
  pathAndQuery: string,
  headers: Record<string, string | string[]>,
  abort: AbortController,
  release: () => void,
  timed: boolean,
): Promise<ApiResponse> {
  headers.connection = "close";
  if (req.body?.length) headers["content-length"] = String(req.body.length);
  return new Promise((resolve) => {
    const r = http.request({ method: req.method, path: pathAndQuery, headers, createConnection: () => socket });
    const failed = (err: Error) => {
      release();
      socket.destroy();
      resolve(goHttpError(503, abort.signal.aborted && timed ? "context deadline exceeded" : err.message));
    };
    r.once("error", failed);
    const onAbort = () => r.destroy(new Error("context canceled"));
    abort.signal.addEventListener("abort", onAbort, { once: true });
    r.on("response", (res) => {
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && !RESPONSE_DROPPED.has(k)) out[k] = v;
      const status = res.statusCode ?? 502;
      const declared = Number(res.headers["content-length"] ?? NaN);
      if (req.method === "HEAD" || (Number.isFinite(declared) && declared <= BUFFERED_BODY_LIMIT)) {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.once("end", () => {
          abort.signal.removeEventListener("abort", onAbort);
          release();
          resolve({ status, headers: out, body: Buffer.concat(chunks) });
        });
        res.once("error", failed);
        return;
      }
      // A stream (watch, logs): no discovery timeout from here on, only the client's going away.
      release();
      abort.signal.removeEventListener("abort", onAbort);
      resolve({
        status,
        headers: out,
        stream: (sink, signal) =>
          new Promise<void>((done) => {
            const stop = () => {
              res.destroy();
              socket.destroy();
              done();
            };
            signal.addEventListener("abort", stop, { once: true });
            res.on("data", (c: Buffer) => {
              if (!sink.write(c)) {
                res.pause();
                void sink.drained().then(() => res.resume());
              }
            });
            res.once("end", () => {
              signal.removeEventListener("abort", stop);
              sink.end();
              done();
            });
            res.once("error", () => {
              signal.removeEventListener("abort", stop);
              sink.end();
              socket.destroy();
              done();
            });
          }),
      });
    });
    r.end(req.body);
  });
}

/** Go's http.Error: the message and a newline, as plain text. */
export function goHttpError(status: number, message: string): ApiResponse {
  return { status, headers: { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" }, body: `${message}\n` };
}
