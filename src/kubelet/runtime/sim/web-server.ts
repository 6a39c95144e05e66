/**
 * What answers on a sim pod's TCP ports, as its programs would:
 *
 * - a running container listens on the TCP ports it declares, and on the
 *   ports its image's program opens by itself: nginx and httpd on 80,
 *   agnhost netexec on --http-port (8080), agnhost serve-hostname on
 *   --port (9376);
 * - nginx and httpd answer with files of their web root in the container's
 *   filesystem (200, or 404 when absent: `mv index.html /tmp/` makes a
 *   probe on /index.html fail); netexec answers /hostname, /echo?msg= and
 *   /healthz; serve-hostname answers its hostname; anything else answers
 *   200 with a line naming pod, container and port.
 *
 * A port nobody listens on is refused (listenerOn returns undefined).
 */
import type { ShellFs } from "./shell/types.js";
import { imageBaseName, webServerOf, WEB_ROOTS } from "./image-root.js";

export interface HttpRequest {
  method: string;
  /** The request target as sent: path and query. */
  target: string;
}

export interface HttpResponse {
  status: number;
  contentType: string;
  body: string | Uint8Array;
}

export type HttpHandler = (req: HttpRequest) => HttpResponse;

/** A container of the pod, as the listener needs it. */
export interface ListeningContainer {
  name: string;
  image: string;
  argv: string[];
  running: boolean;
  declaredPorts: number[];
  hostname: string;
  fs(): ShellFs;
  /** Ports an in-process program answers itself (programs.ts). */
  programHandlers?: ReadonlyMap<number, HttpHandler>;
  /** Whether the container cannot serve now (a dependency it waits for is down: dependencies.ts). */
  unavailable?(): boolean;
}

export interface PodIdentity {
  namespace: string;
  name: string;
}

/** The ports a container's program opens by itself (its image and arguments). */
export function programPorts(image: string, argv: string[]): number[] {
  if (webServerOf(image)) return [80];
  if (imageBaseName(image) !== "agnhost") return [];
  const flag = (name: string, fallback: number) => {
    const eq = argv.find((a) => a.startsWith(`--${name}=`));
    const at = argv.indexOf(`--${name}`);
    const v = eq ? eq.slice(name.length + 3) : at >= 0 ? argv[at + 1] : undefined;
    const n = Number(v);
    return v !== undefined && Number.isInteger(n) && n > 0 && n < 65536 ? n : fallback;
  };
  if (argv.includes("netexec")) return [flag("http-port", 8080)];
  if (argv.includes("serve-hostname")) return [flag("port", 9376)];
  return [];
}

/** The handler of whatever listens on `port`, or undefined when the connection is refused. */
export function listenerOn(pod: PodIdentity, containers: ListeningContainer[], port: number, now: () => number): HttpHandler | undefined {
  const program = containers.find((c) => c.running && c.programHandlers?.has(port));
  if (program) return gated(program, program.programHandlers!.get(port)!);
  const own = containers.find((c) => c.running && programPorts(c.image, c.argv).includes(port));
  if (own) return gated(own, programHandler(pod, own, port, now));
  const declared = containers.find((c) => c.running && c.declaredPorts.includes(port));
  if (declared) return gated(declared, plainHandler(pod, declared.name, port));
  return undefined;
}

/** A container waiting for a dependency answers 503, as a server whose backend is down. */
function gated(c: ListeningContainer, handler: HttpHandler): HttpHandler {
  if (!c.unavailable) return handler;
  return (req) => (c.unavailable!() ? { status: 503, contentType: "text/plain; charset=utf-8", body: "Service Unavailable\n" } : handler(req));
}

function plainHandler(pod: PodIdentity, container: string, port: number): HttpHandler {
  const body = `sim: pod ${pod.namespace}/${pod.name} container ${container} port ${port}\n`;
  return () => ({ status: 200, contentType: "text/plain; charset=utf-8", body });
}

function programHandler(pod: PodIdentity, c: ListeningContainer, port: number, now: () => number): HttpHandler {
  const server = webServerOf(c.image);
  if (server) return (req) => serveFile(server, c.fs(), req);
  if (c.argv.includes("serve-hostname")) return () => ({ status: 200, contentType: "text/plain; charset=utf-8", body: c.hostname });
  return (req) => {
    const url = new URL(req.target, "http://sim");
    const ok = (body: string) => ({ status: 200, contentType: "text/plain; charset=utf-8", body });
    if (url.pathname === "/hostname") return ok(c.hostname);
    if (url.pathname === "/echo") return ok(url.searchParams.get("msg") ?? "");
    if (url.pathname === "/healthz") return ok("");
    if (url.pathname === "/") return ok(`NOW: ${new Date(now()).toISOString()}`);
    return plainHandler(pod, c.name, port)(req);
  };
}

const NGINX_404 = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
const HTTPD_404 = (path: string) =>
  `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL ${path} was not found on this server.</p>\n</body></html>\n`;

/** A file of the web root (a directory's index.html), or the server's 404 page. */
function serveFile(server: "nginx" | "httpd", fs: ShellFs, req: HttpRequest): HttpResponse {
  let path: string;
  try {
    path = decodeURIComponent(new URL(req.target, "http://sim").pathname);
  } catch {
    return { status: 400, contentType: "text/html", body: "<html><body><h1>400 Bad Request</h1></body></html>\n" };
  }
  const parts: string[] = [];
  for (const p of path.split("/")) {
    if (p === "" || p === ".") continue;
    if (p === "..") parts.pop();
    else parts.push(p);
  }
  let file = `${WEB_ROOTS[server]}/${parts.join("/")}`.replace(/\/$/, "");
  if (fs.stat(file)?.type === "dir") file = `${file}/index.html`;
  const data = fs.stat(file)?.type === "file" ? fs.readFile(file) : undefined;
  if (!data) return { status: 404, contentType: "text/html", body: server === "nginx" ? NGINX_404 : HTTPD_404(path) };
  return { status: 200, contentType: file.endsWith(".html") ? "text/html" : "text/plain", body: data };
}
