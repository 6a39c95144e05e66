/**
 * A control plane component's secure port (kube-controller-manager's 10257,
 * kube-scheduler's 10259): HTTPS with a serving certificate from the cluster
 * CA, /healthz, /livez and /readyz for anyone (upstream's
 * --authorization-always-allow-paths), /metrics for users a client
 * certificate from the cluster CA names and the API server authorizes
 * (get on the non-resource path). Anyone else gets upstream's 403.
 */
import https from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";
import type { TLSSocket } from "node:tls";
import type { Registry } from "prom-client";
import type { UserInfo } from "../api/types.js";
import { certificateUser } from "../kubelet/server/auth.js";
import { exposition } from "../metrics/index.js";
import { healthResponse, type HealthChecks } from "./health.js";

export interface ComponentServerOptions {
  /** The component, for messages: "kube-scheduler". */
  component: string;
  bindAddress: string;
  port: number;
  tls: { certPem: string; keyPem: string; clientCAPem: string };
  registry: Registry;
  /** Checks of /healthz and /livez, and the further ones of /readyz. */
  health: { live: HealthChecks; ready: HealthChecks };
  /** Whether the API server lets user do verb on a non-resource path. */
  authorize(user: UserInfo, verb: string, path: string): Promise<boolean>;
}

export interface RunningComponentServer {
  port: number;
  close(): Promise<void>;
}

const ANONYMOUS: UserInfo = { username: "system:anonymous", groups: ["system:unauthenticated"] };
const alwaysAllowed = new Set(["/healthz", "/livez", "/readyz"]);

export async function startComponentServer(o: ComponentServerOptions): Promise<RunningComponentServer> {
  const server = https.createServer({ key: o.tls.keyPem, cert: o.tls.certPem, ca: o.tls.clientCAPem, requestCert: true, rejectUnauthorized: false });
  const sockets = new Set<Socket>();
  server.on("secureConnection", (s: TLSSocket) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    void serve(o, req, res).catch((err: unknown) => {
      if (!res.headersSent) writeText(res, 500, `${(err as Error).message}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (err: NodeJS.ErrnoException) => reject(listenError(o, err)));
    server.listen(o.port, o.bindAddress, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** As upstream's start-up failure: "failed to create listener: failed to listen on ...". */
function listenError(o: ComponentServerOptions, err: NodeJS.ErrnoException): Error {
  const hostPort = `${o.bindAddress.includes(":") ? `[${o.bindAddress}]` : o.bindAddress}:${o.port}`;
  const why = err.code === "EADDRINUSE" ? "bind: address already in use" : err.code === "EACCES" ? "bind: permission denied" : err.message;
  return new Error(`${o.component}: failed to create listener: failed to listen on ${hostPort}: listen tcp ${hostPort}: ${why}`);
}

async function serve(o: ComponentServerOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? "/", "https://component.invalid");
  const path = url.pathname;
  const verb = ({ GET: "get", HEAD: "get", POST: "post", PUT: "put", PATCH: "patch", DELETE: "delete" } as Record<string, string>)[req.method ?? "GET"] ?? String(req.method).toLowerCase();
  const root = `/${path.split("/")[1] ?? ""}`;
  if (!alwaysAllowed.has(root)) {
    const user = certificateUser(req.socket as TLSSocket) ?? ANONYMOUS;
    if (!(await o.authorize(user, verb, path))) return writeForbidden(res, user, verb, path);
  }
  if (verb === "get" && (root === "/healthz" || root === "/livez" || root === "/readyz")) {
    const checks = root === "/readyz" ? { ...o.health.live, ...o.health.ready } : o.health.live;
    const r = await healthResponse(root.slice(1), checks, path.split("/")[2], url.searchParams.has("verbose"));
    return writeText(res, r.status, r.body);
  }
  if (verb === "get" && path === "/metrics") {
    const { contentType, body } = await exposition(o.registry);
    res.writeHead(200, { "content-type": contentType });
    return void res.end(body);
  }
  writeText(res, 404, "404 page not found\n");
}

function writeText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
  res.end(body);
}

/** Upstream's responsewriters.Forbidden for a non-resource path. */
function writeForbidden(res: ServerResponse, user: UserInfo, verb: string, path: string): void {
  const message = `forbidden: User "${user.username}" cannot ${verb} path "${path}"`;
  const status = { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message, reason: "Forbidden", details: {}, code: 403 };
  res.writeHead(403, { "content-type": "application/json", "x-content-type-options": "nosniff" });
  res.end(`${JSON.stringify(status)}\n`);
}
