/**
 * The kubelet's HTTPS API (upstream's pkg/kubelet/server), one port per
 * node on loopback (served by one TLS server per process, see
 * shared-tls-server.ts): /healthz, /pods, /containerLogs, /exec, /attach,
 * /portForward, /run, /stats/summary, /metrics and /metrics/resource.
 * Clients authenticate with a certificate from the cluster CA and are
 * authorized per request through the API server (auth.ts). Streaming
 * endpoints take WebSocket upgrades (channel protocols, kubectl's SPDY
 * tunnel) and SPDY/3.1 upgrades.
 */
import net, { type AddressInfo } from "node:net";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { TLSSocket } from "node:tls";
import { WebSocketServer, type WebSocket } from "ws";
import type { UserInfo } from "../../api/types.js";
import { deadlineIn } from "../runtime/runtime.js";
import { CHANNEL_PROTOCOLS, selectChannelProtocol } from "./channels/ws-channels.js";
import { serveContainerLogs } from "./container-logs.js";
import { certificateUser, forbiddenMessage, requestAttributes, type KubeletAuthorizer } from "./auth.js";
import { findPod, runningContainer, type KubeletHost } from "./host.js";
import { HttpError, writeJson, writeSocketError, writeTextError } from "./http-util.js";
import { PORT_FORWARD_PROTOCOL, TUNNELED_PORT_FORWARD_PROTOCOL, queryPorts, resolveSandbox, serveSpdyPortForward, serveWebSocketPortForward } from "./port-forward.js";
import { parseRemoteCommand, resolveTarget, runRemoteCommand, spdyChannels, SPDY_REMOTE_COMMAND_PROTOCOLS, websocketChannels } from "./remote-command.js";
import { SpdySession, socketTransport, type SpdyTransport } from "./spdy/session.js";
import { statsSummary } from "./stats-summary.js";
import { resourceMetrics, writePrometheusText } from "./resource-metrics.js";
import { serveMetrics } from "./metrics.js";
import { sharedTlsServer } from "./shared-tls-server.js";

export interface KubeletServerOptions {
  host: KubeletHost;
  authorizer: KubeletAuthorizer;
  tls: { certPem: string; keyPem: string; clientCAPem: string };
  /** Loopback by default. */
  address?: string;
  /** The first port to try (0: any free port). */
  port: number;
  /** When the port is taken, try the next ones, up to this many (sim nodes of one process). */
  portAttempts?: number;
  log?: (level: number, message: string) => void;
}

export interface RunningKubeletServer {
  port: number;
  close(): Promise<void>;
}

export async function startKubeletServer(o: KubeletServerOptions): Promise<RunningKubeletServer> {
  const address = o.address ?? "127.0.0.1";
  const shared = sharedTlsServer(o.tls, address);
  // The node's own port: a plain listener whose connections the process's shared TLS server serves.
  const listener = net.createServer();
  const sockets = new Set<Duplex>();
  const track = (s: Duplex) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  };
  listener.on("connection", (s: net.Socket) => {
    track(s);
    shared.accept(s);
  });
  const startTime = o.host.clock.now();
  const port = await listen(listener, address, o.port, o.port === 0 ? 1 : o.portAttempts ?? 1);
  const detach = shared.attach(port, {
    request: (req, res) => {
      void serveRequest(o, req, res, startTime).catch((err) => {
        if (err instanceof HttpError) writeTextError(res, err.status, err.message);
        else {
          o.log?.(0, `kubelet server: ${(err as Error).stack ?? err}`);
          writeTextError(res, 500, (err as Error).message);
        }
      });
    },
    upgrade: (req, socket, head) => {
      track(socket);
      socket.on("error", () => socket.destroy());
      void serveUpgrade(o, upgrades(), req, socket, head).catch((err) => {
        if (err instanceof HttpError) writeSocketError(socket, err.status, err.message);
        else writeSocketError(socket, 500, (err as Error).message);
      });
    },
  });
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        detach();
        listener.close(() => resolve());
        for (const s of sockets) s.destroy();
      }),
  };
}

/** Accepts WebSocket upgrades for every node: without a server or client tracking it holds no per-node state. */
let wss: WebSocketServer | undefined;
function upgrades(): WebSocketServer {
  wss ??= new WebSocketServer({ noServer: true, clientTracking: false, handleProtocols: (offered) => selectWsProtocol(offered) });
  return wss;
}

/**
 * Ports this process's kubelet servers hold, by address: the next sim node
 * skips them without a bind attempt, so N nodes cost N binds, not N²/2
 * failed ones. A closed server's port is free again.
 */
const heldPorts = new Map<string, Set<number>>();

async function listen(server: net.Server, address: string, first: number, attempts: number): Promise<number> {
  const held = heldPorts.get(address) ?? new Set<number>();
  heldPorts.set(address, held);
  for (let i = 0; ; i++) {
    const port = first === 0 ? 0 : first + i;
    if (port !== 0 && held.has(port)) {
      if (i + 1 >= attempts) throw Object.assign(new Error(`listen EADDRINUSE: address already in use ${address}:${port}`), { code: "EADDRINUSE" });
      continue;
    }
    try {
      await new Promise<void>((resolve, reject) => {
        const onListening = () => {
          server.removeListener("error", onError);
          resolve();
        };
        const onError = (err: Error) => {
          server.removeListener("listening", onListening);
          reject(err);
        };
        server.once("error", onError);
        server.once("listening", onListening);
        server.listen(port, address);
      });
      const bound = (server.address() as AddressInfo).port;
      held.add(bound);
      server.once("close", () => held.delete(bound));
      return bound;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE" || i + 1 >= attempts) throw err;
    }
  }
}

function selectWsProtocol(offered: Set<string>): string | false {
  if (offered.has(TUNNELED_PORT_FORWARD_PROTOCOL)) return TUNNELED_PORT_FORWARD_PROTOCOL;
  if (offered.has(PORT_FORWARD_PROTOCOL)) return PORT_FORWARD_PROTOCOL;
  return selectChannelProtocol(offered);
}

/** Authentication then authorization, as upstream's InstallAuthFilter. */
async function authorize(o: KubeletServerOptions, req: IncomingMessage, path: string): Promise<UserInfo> {
  const user = certificateUser(req.socket as TLSSocket);
  if (!user) throw new HttpError(401, "Unauthorized");
  const attrs = requestAttributes(req.method ?? "GET", path);
  let allowed: boolean;
  try {
    allowed = await o.authorizer.authorize(user, attrs);
  } catch {
    throw new HttpError(500, `Authorization error (user=${user.username}, verb=${attrs.verb}, resource=nodes, subresource=${attrs.subresource})`);
  }
  if (!allowed) throw new HttpError(403, forbiddenMessage(user, attrs));
  return user;
}

function splitPath(path: string): string[] {
  return path.split("/").filter(Boolean).map(decodeURIComponent);
}

async function serveRequest(o: KubeletServerOptions, req: IncomingMessage, res: ServerResponse, startTime: number): Promise<void> {
  const url = new URL(req.url ?? "/", "https://kubelet.invalid");
  await authorize(o, req, url.pathname);
  const [root, ...rest] = splitPath(url.pathname);
  const abort = new AbortController();
  res.on("close", () => abort.abort());
  const { host } = o;
  const method = req.method ?? "GET";
  if (method === "GET" && url.pathname === "/healthz") return void writeTextOk(res);
  if (method === "GET" && url.pathname === "/configz") return writeJson(res, { kubeletconfig: host.config?.() ?? {} });
  if (method === "GET" && url.pathname === "/pods") return writeJson(res, { kind: "PodList", apiVersion: "v1", metadata: {}, items: host.pods() });
  if (method === "GET" && root === "containerLogs") return serveContainerLogs(host, rest, url.searchParams, res, abort.signal);
  if (method === "GET" && url.pathname === "/metrics") return serveMetrics(host, res);
  if (method === "GET" && url.pathname === "/stats/summary") return writeJson(res, await statsSummary(host, startTime));
  if (method === "GET" && url.pathname === "/metrics/resource") return writePrometheusText(res, await resourceMetrics(host, startTime));
  if (method === "POST" && root === "run") return serveRun(host, rest, url.searchParams, await readBody(req), res);
  if (root === "exec" || root === "attach" || root === "portForward") throw new HttpError(400, "Upgrade request required");
  throw new HttpError(404, "404 page not found");
}

function writeTextOk(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/plain; charset=utf-8", "x-content-type-options": "nosniff" });
  res.end("ok");
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString()));
    req.on("error", reject);
  });
}

/** POST /run/{ns}/{pod}/{container} with cmd=...: the command's combined output (upstream's getRun). */
async function serveRun(host: KubeletHost, parts: string[], q: URLSearchParams, body: string, res: ServerResponse): Promise<void> {
  const [namespace, podName, container] = parts;
  const pod = findPod(host, namespace ?? "", podName ?? "");
  if (!pod) throw new HttpError(404, "pod does not exist");
  const cmd = (new URLSearchParams(body).get("cmd") ?? q.get("cmd") ?? "").split(/\s+/).filter(Boolean);
  const c = await runningContainer(host, pod, container ?? "");
  if (!c) throw new HttpError(500, `container not found ("${container}")`);
  const r = await host.runtime.execSync(c.id, cmd, 0, deadlineIn(host.clock, host.callTimeoutMs));
  res.writeHead(200, { "content-type": "text/plain; charset=utf-8" });
  res.end(r.stdout + r.stderr);
}

async function serveUpgrade(o: KubeletServerOptions, wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
  const url = new URL(req.url ?? "/", "https://kubelet.invalid");
  await authorize(o, req, url.pathname);
  const [root, ...rest] = splitPath(url.pathname);
  const upgrade = (req.headers.upgrade ?? "").toLowerCase();
  const abort = new AbortController();
  socket.on("close", () => abort.abort());
  const { host } = o;
  if (root === "exec" || root === "attach") {
    const r = parseRemoteCommand(root, rest, url.searchParams);
    const { containerId } = await resolveTarget(host, r);
    if (upgrade === "websocket") {
      const ws = await acceptWebSocket(wss, req, socket, head);
      return runRemoteCommand(host, r, containerId, websocketChannels(ws, r, abort.signal));
    }
    if (upgrade === "spdy/3.1") {
      const protocol = negotiateStreamProtocol(req, SPDY_REMOTE_COMMAND_PROTOCOLS);
      const spdy = acceptSpdy(socket, protocol);
      // After the 101 a failure cannot be an HTTP answer any more: the connection just ends.
      const channels = await spdyChannels(spdy, protocol, r, abort.signal, host.clock).catch(() => undefined);
      if (!channels) return void socket.destroy();
      return runRemoteCommand(host, r, containerId, channels);
    }
    throw new HttpError(400, "Upgrade request required");
  }
  if (root === "portForward") {
    const [namespace, podName] = rest;
    const { sandboxId } = await resolveSandbox(host, namespace ?? "", podName ?? "");
    if (upgrade === "websocket") {
      const ports = queryPorts(url.searchParams);
      const ws = await acceptWebSocket(wss, req, socket, head);
      if (ws.protocol === TUNNELED_PORT_FORWARD_PROTOCOL) return serveSpdyPortForward(host, new SpdySession(websocketTransport(ws), true), sandboxId);
      if (ports.length === 0) return void ws.close(1011, "query parameter \"port\" is required");
      return serveWebSocketPortForward(host, ws, sandboxId, ports);
    }
    if (upgrade === "spdy/3.1") {
      const protocol = negotiateStreamProtocol(req, [PORT_FORWARD_PROTOCOL]);
      return serveSpdyPortForward(host, acceptSpdy(socket, protocol), sandboxId);
    }
    throw new HttpError(400, "Upgrade request required");
  }
  throw new HttpError(404, "404 page not found");
}

function acceptWebSocket(wss: WebSocketServer, req: IncomingMessage, socket: Duplex, head: Buffer): Promise<WebSocket> {
  return new Promise((resolve) => wss.handleUpgrade(req, socket, head, resolve));
}

/** Upstream's httpstream.Handshake: the newest X-Stream-Protocol-Version both sides speak. */
function negotiateStreamProtocol(req: IncomingMessage, supported: string[]): string {
  const raw = req.headers["x-stream-protocol-version"];
  const offered = (Array.isArray(raw) ? raw : raw ? [raw] : []).flatMap((v) => v.split(",").map((s) => s.trim())).filter(Boolean);
  const chosen = supported.find((p) => offered.includes(p));
  if (!chosen) throw new HttpError(403, `unable to upgrade: unable to negotiate protocol: client supports ${JSON.stringify(offered).replace(/,/g, " ")}, server supports ${JSON.stringify(supported).replace(/,/g, " ")}`);
  return chosen;
}

function acceptSpdy(socket: Duplex, protocol: string): SpdySession {
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: ${protocol}\r\n\r\n`);
  return new SpdySession(socketTransport(socket), true);
}

/** SPDY frames in WebSocket binary messages (client-go's tunneling connection). */
function websocketTransport(ws: WebSocket): SpdyTransport {
  return {
    write: (chunk) => ws.readyState === ws.OPEN && ws.send(chunk, { binary: true }),
    onData: (l) => ws.on("message", (m: Buffer) => l(Buffer.isBuffer(m) ? m : Buffer.from(m as ArrayBuffer))),
    onClose: (l) => ws.on("close", l),
    close: () => ws.close(1000),
  };
}

export { CHANNEL_PROTOCOLS };
