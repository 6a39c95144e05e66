/**
 * Reaching a conversion webhook: a Service reference (resolved to a ready
 * endpoint and dialled through the simulated network, exactly as the
 * aggregation proxy reaches an APIService) or a URL, over TLS verified
 * against the clientConfig's caBundle. One POST per conversion, given up
 * after the webhook timeout; failures read as Go's url.Error:
 * `Post "https://<name>.<namespace>.svc:443/convert?timeout=30s": ...`.
 */
import http from "node:http";
import type tls from "node:tls";
import type { WebhookClientConfig } from "kubernetes-types/apiextensions/v1.js";
import { connectBackend, secureSocket } from "../../apiserver/aggregation/backend-tls.js";
import type { Dialer } from "../../network/dialer.js";
import type { ServiceResolver } from "../../network/service-resolver.js";
import type { Clock } from "../../util/clock.js";
import type { HttpAnswer } from "./http-answer.js";

/** Upstream's fixed conversion webhook timeout. */
export const WEBHOOK_TIMEOUT_MS = 30_000;

export interface TransportDeps {
  resolver: ServiceResolver;
  dialer: Dialer;
  clock: Clock;
}

export interface WebhookTarget {
  /** The URL as Go's error messages show it. */
  url: string;
  /** Request path and query. */
  path: string;
  /** The Host header. */
  host: string;
  /** How long an answer may take (also sent as the ?timeout= query). */
  timeoutMs: number;
  connect(signal: AbortSignal): Promise<tls.TLSSocket>;
}

/** Where a webhook is reached; admission webhooks pass their timeoutSeconds, conversion webhooks have a fixed 30 s. */
export function webhookTarget(cfg: WebhookClientConfig, deps: TransportDeps, timeoutSeconds = WEBHOOK_TIMEOUT_MS / 1000): WebhookTarget {
  const timeoutMs = timeoutSeconds * 1000;
  const timeoutQuery = `timeout=${timeoutSeconds}s`;
  const caPem = cfg.caBundle ? Buffer.from(cfg.caBundle, "base64").toString("utf8") : undefined;
  if (cfg.service) {
    const { namespace, name } = cfg.service;
    const port = cfg.service.port ?? 443;
    const path = `${withLeadingSlash(cfg.service.path ?? "")}?${timeoutQuery}`;
    const host = `${name}.${namespace}.svc:${port}`;
    return {
      url: `https://${host}${path}`,
      path,
      host,
      timeoutMs,
      connect: async (signal) => (await connectBackend(deps.resolver, { namespace, name, port, caBundle: cfg.caBundle }, undefined, signal)).socket,
    };
  }
  if (!cfg.url) throw new Error("webhook clientConfig has neither service nor url");
  const u = new URL(cfg.url);
  u.searchParams.append("timeout", `${timeoutSeconds}s`);
  const hostname = u.hostname.replace(/^\[|\]$/g, "");
  const port = u.port ? Number(u.port) : 443;
  return {
    url: u.toString(),
    path: `${u.pathname}${u.search}`,
    host: u.host,
    timeoutMs,
    async connect(signal) {
      const raw = await deps.dialer.dial(hostname, port, signal);
      return secureSocket(raw, { host: hostname, port }, { serverName: hostname, caPem }, signal);
    },
  };
}

/** POSTs body as JSON; rejects with `Post "<url>": <cause>` when no answer arrives. */
export async function postJson(target: WebhookTarget, body: unknown, clock: Clock): Promise<HttpAnswer> {
  const abort = new AbortController();
  const timer = clock.setTimeout(() => abort.abort(), target.timeoutMs);
  const fail = (err: unknown) => new Error(`Post ${JSON.stringify(target.url)}: ${abort.signal.aborted ? "context deadline exceeded" : (err as Error).message}`);
  try {
    let socket: tls.TLSSocket;
    try {
      socket = await target.connect(abort.signal);
    } catch (err) {
      throw fail(err);
    }
    return await exchange(socket, target, Buffer.from(JSON.stringify(body)), abort.signal).catch((err: unknown) => {
      throw fail(err);
    });
  } finally {
    timer.cancel();
  }
}

function exchange(socket: tls.TLSSocket, target: WebhookTarget, payload: Buffer, signal: AbortSignal): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request({
      method: "POST",
      path: target.path,
      headers: { host: target.host, "content-type": "application/json", accept: "application/json, */*", "content-length": payload.length, connection: "close" },
      createConnection: () => socket,
    });
    const onAbort = () => req.destroy(new Error("context deadline exceeded"));
    signal.addEventListener("abort", onAbort, { once: true });
    const done = () => {
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
    };
    req.once("error", (err) => {
      done();
      reject(err.message === "socket hang up" ? new Error("EOF") : err);
    });
    req.on("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.once("error", (err) => {
        done();
        reject(err);
      });
      res.once("end", () => {
        done();
        resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), body: Buffer.concat(chunks) });
      });
      // Cut off mid-body (the webhook went away, or the deadline passed).
      res.once("close", () => {
        if (res.complete) return;
        done();
        reject(new Error("unexpected EOF"));
      });
    });
    req.end(payload);
  });
}

function withLeadingSlash(p: string): string {
  return p.startsWith("/") ? p : `/${p}`;
}
