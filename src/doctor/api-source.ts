/**
 * A ViewSource over the API: lists in pages, discovery from /api and /apis,
 * and GETs through the API server (nodes/proxy, /metrics) with a deadline
 * so that an endpoint that never answers costs one timeout, not the run.
 */
import { X509Certificate } from "node:crypto";
import http from "node:http";
import tls from "node:tls";
import { isApiError } from "../api/errors.js";
import type { KubeObject } from "../api/types.js";
import type { CoreEvent } from "../client/event-types.js";
import { EVENTS } from "../client/resources.js";
import type { Client, GVR } from "../client/types.js";
import type { Clock } from "../util/clock.js";
import type { ViewSource } from "./cluster-view.js";
import type { ProxyResult } from "./types.js";

/** Objects per list page: pages of a few MiB at most, so no response crowds the connection. */
const PAGE = 500;
/**
 * Requests in flight at once over the one HTTP/2 connection: many checks
 * run side by side, and a server buffers what it has not sent yet (Node's
 * HTTP/2 resets a session whose buffers pass its limit).
 */
export const MAX_IN_FLIGHT = 16;
export const PROXY_TIMEOUT_MS = 5000;

export interface ApiSourceOptions {
  /** The API server's URL, for its serving certificate (https only). */
  server?: string;
  /** The name to ask for in TLS (kubeconfig's tls-server-name). */
  tlsServerName?: string;
  proxyTimeoutMs?: number;
  /** Where the local cluster's components listen on 127.0.0.1 (Skiff's DIR/ports.json), by name. */
  componentPorts?: Record<string, number>;
}

export function apiSource(client: Client, clock: Clock, opts: ApiSourceOptions = {}): ViewSource {
  const proxyTimeoutMs = opts.proxyTimeoutMs ?? PROXY_TIMEOUT_MS;
  const limited = createLimiter(MAX_IN_FLIGHT);
  return {
    async localGet(component: string, path: string) {
      const port = opts.componentPorts?.[component];
      if (!port) return undefined;
      return new Promise<ProxyResult>((resolve) => {
        const req = http.get({ host: "127.0.0.1", port, path, timeout: proxyTimeoutMs }, (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const body = Buffer.concat(chunks).toString("utf8");
            const status = res.statusCode ?? 0;
            resolve(status >= 200 && status < 300 ? { ok: true, status, body } : { ok: false, status, error: body.trim() });
          });
        });
        req.on("timeout", () => req.destroy(new Error(`no answer within ${proxyTimeoutMs / 1000}s`)));
        req.on("error", (err) => resolve({ ok: false, error: err.message }));
      });
    },
    servingCertificate: () => (opts.server ? peerCertificate(opts.server, opts.tlsServerName, clock, proxyTimeoutMs) : Promise.resolve(undefined)),
    async list(gvr: GVR) {
      const items: KubeObject[] = [];
      let cont: string | undefined;
      try {
        do {
          const page = await limited(() => client.list(gvr, { limit: PAGE, continue: cont, sharedObjects: true }));
          items.push(...page.items);
          cont = page.metadata.continue || undefined;
        } while (cont);
      } catch (err) {
        if (isApiError(err, "NotFound")) return [];
        throw err;
      }
      return items;
    },
    async eventsAbout(ref) {
      const selector = [`involvedObject.kind=${ref.kind}`, `involvedObject.name=${ref.name}`, ...(ref.namespace ? [`involvedObject.namespace=${ref.namespace}`] : [])].join(",");
      return (await limited(() => client.list<CoreEvent>(EVENTS, { namespace: ref.namespace, fieldSelector: selector }))).items;
    },
    async groupVersions() {
      const out = new Set<string>();
      const core = await limited(() => client.raw("GET", "/api"));
      if (core.status === 200) for (const v of (JSON.parse(core.body.toString("utf8")) as { versions?: string[] }).versions ?? []) out.add(v);
      const groups = await limited(() => client.raw("GET", "/apis"));
      if (groups.status === 200) {
        const list = JSON.parse(groups.body.toString("utf8")) as { groups?: { versions?: { groupVersion: string }[] }[] };
        for (const g of list.groups ?? []) for (const v of g.versions ?? []) out.add(v.groupVersion);
      }
      return out;
    },
    get(path: string) {
      return limited(() => new Promise<ProxyResult>((resolve) => {
        const timer = clock.setTimeout(() => resolve({ ok: false, error: `no answer within ${proxyTimeoutMs / 1000}s` }), proxyTimeoutMs);
        client.raw("GET", path, undefined, { accept: "*/*" }).then(
          (res) => {
            timer.cancel();
            const body = res.body.toString("utf8");
            resolve(res.status >= 200 && res.status < 300 ? { ok: true, status: res.status, body } : { ok: false, status: res.status, error: statusMessage(body) });
          },
          (err: unknown) => {
            timer.cancel();
            resolve({ ok: false, error: err instanceof Error ? err.message : String(err) });
          },
        );
      }));
    },
  };
}

/** The message of a Status answer, else the body as text. */
function statusMessage(body: string): string {
  try {
    const s = JSON.parse(body) as { kind?: string; message?: string };
    if (s.kind === "Status" && s.message) return s.message;
  } catch {
    // not JSON: the body is the message
  }
  return body.trim();
}

/** The leaf certificate a TLS server presents (not verified: we only read its dates). */
function peerCertificate(server: string, servername: string | undefined, clock: Clock, timeoutMs: number): Promise<X509Certificate | undefined> {
  const url = new URL(server);
  if (url.protocol !== "https:") return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const host = url.hostname.replace(/^\[|\]$/g, "");
    const socket = tls.connect({ host, port: Number(url.port || 443), servername: servername ?? (/^[\d.:]+$/.test(host) ? undefined : host), rejectUnauthorized: false, ALPNProtocols: ["http/1.1"] });
    const done = (cert: X509Certificate | undefined) => {
      timer.cancel();
      socket.destroy();
      resolve(cert);
    };
    const timer = clock.setTimeout(() => done(undefined), timeoutMs);
    socket.once("secureConnect", () => {
      const raw = socket.getPeerCertificate();
      done(raw?.raw ? new X509Certificate(raw.raw) : undefined);
    });
    socket.once("error", () => done(undefined));
  });
}

/** Runs at most n of the given tasks at once, the others queued in order. */
export function createLimiter(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const queue: Array<() => void> = [];
  const next = () => {
    if (running >= n) return;
    const start = queue.shift();
    if (start) start();
  };
  return (task) =>
    new Promise((resolve, reject) => {
      queue.push(() => {
        running++;
        task()
          .then(resolve, reject)
          .finally(() => {
            running--;
            next();
          });
      });
      next();
    });
}
