/**
 * exec, attach and port-forward for sim containers (streaming.ts).
 *
 * - exec runs argv with the sim shell in the container's filesystem and
 *   environment; with a terminal, input is echoed and output gets CR LF.
 * - attach follows the container's output from now on and feeds its stdin
 *   (a container created with stdin; stdinOnce closes it when the first
 *   client's stdin ends).
 * - portForward answers HTTP/1.1 on the ports the pod's running containers
 *   listen on (web-server.ts: declared TCP ports, nginx/httpd's 80 from
 *   their web root, agnhost's); other ports are refused as containerd
 *   refuses them.
 */
import type { Duplex, Readable } from "node:stream";
import { RuntimeError } from "../runtime.js";
import type { StreamSession } from "../streaming.js";
import { startProcess } from "./container-process.js";
import { argvOf, containerFs, type ContainerHost, type SimContainer } from "./sim-container.js";
import type { SimSandbox } from "./sim-runtime.js";
import { isKnownProgram } from "./shell/interpreter.js";
import { EMPTY_INPUT, type Input, type Output } from "./shell/types.js";
import { ttyInput, ttyOutput } from "./terminal.js";
import { listenerOn, type HttpHandler, type ListeningContainer } from "./web-server.js";

export interface SimStreamingDeps {
  host: ContainerHost;
  sandbox(id: string): SimSandbox;
  container(id: string): SimContainer;
}

/** A Readable as the shell's Input; ends when the stream ends or the signal aborts. */
export function readableInput(stream: Readable, signal: AbortSignal): Input {
  const it = stream[Symbol.asyncIterator]();
  const aborted = new Promise<null>((resolve) => signal.addEventListener("abort", () => resolve(null), { once: true }));
  return {
    async read() {
      if (signal.aborted) return null;
      const next = await Promise.race([it.next(), aborted]);
      if (next === null || next.done) return null;
      return typeof next.value === "string" ? Buffer.from(next.value) : (next.value as Uint8Array);
    },
  };
}

const writer = (w: NodeJS.WritableStream | undefined): Output => (d) => void w?.write(typeof d === "string" ? d : Buffer.from(d));

function running(deps: SimStreamingDeps, id: string): SimContainer {
  const c = deps.container(id);
  if (c.state !== "CONTAINER_RUNNING") throw new RuntimeError("Unknown", `container ${id} is in ${c.state} state`);
  return c;
}

export function createSimStreaming(deps: SimStreamingDeps) {
  const { host } = deps;

  const exec = async (containerId: string, cmd: string[], session: StreamSession): Promise<number> => {
    const c = running(deps, containerId);
    let stdout = writer(session.stdout);
    const stderr = session.tty ? stdout : writer(session.stderr);
    if (!isKnownProgram(cmd[0])) {
      // runc's answer, as kubectl shows it; a shell would have said "not found".
      stderr(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd[0] ?? ""}": executable file not found in $PATH: unknown\n`);
      return 127;
    }
    const raw = stdout;
    if (session.tty) stdout = ttyOutput(raw);
    let stdin: Input = session.stdin ? readableInput(session.stdin, session.signal) : EMPTY_INPUT;
    if (session.tty && session.stdin) stdin = ttyInput(stdin, raw);
    const proc = startProcess(
      { argv: cmd, env: c.env, fs: containerFs(host, c), cwd: c.config.workingDir || "/", hostname: c.hostname, tty: session.tty, stdin, net: host.network?.(c) },
      { clock: host.clock, scheduler: host.scheduler, startAt: host.clock.now(), streams: { stdout, stderr: session.tty ? stdout : stderr } },
    );
    const onAbort = () => proc.kill();
    session.signal.addEventListener("abort", onAbort, { once: true });
    const gone = new Promise<undefined>((resolve) => c.exitWaiters.add(() => resolve(undefined)));
    try {
      const code = await Promise.race([proc.done, gone]);
      if (code === undefined) proc.kill();
      return code ?? 137;
    } finally {
      session.signal.removeEventListener("abort", onAbort);
    }
  };

  const execCollect = async (containerId: string, cmd: string[], timeoutSeconds: number) => {
    let out = "";
    let err = "";
    const abort = new AbortController();
    const session: StreamSession = {
      stdout: { write: (d: string | Uint8Array) => ((out += d.toString()), true) } as unknown as NodeJS.WritableStream as StreamSession["stdout"],
      stderr: { write: (d: string | Uint8Array) => ((err += d.toString()), true) } as unknown as NodeJS.WritableStream as StreamSession["stderr"],
      tty: false,
      signal: abort.signal,
    };
    const timeout = timeoutSeconds > 0 ? host.scheduler.waitUntil(host.clock.now() + timeoutSeconds * 1000, abort.signal).then(() => "timeout" as const) : new Promise<never>(() => undefined);
    const result = await Promise.race([exec(containerId, cmd, session), timeout.catch(() => "done" as const)]);
    abort.abort();
    if (result === "timeout") throw new RuntimeError("Unknown", `command ${JSON.stringify(cmd.join(" "))} timed out`);
    return { exitCode: result as number, stdout: out, stderr: err };
  };

  const attach = async (containerId: string, session: StreamSession): Promise<void> => {
    const c = running(deps, containerId);
    const raw = writer(session.stdout);
    const out = session.tty ? ttyOutput(raw) : raw;
    const err = session.tty ? out : writer(session.stderr);
    const stop = c.log?.onWrite((stream, data) => (stream === "stdout" ? out : err)(data));
    const ended = new Promise<void>((resolve) => {
      c.exitWaiters.add(resolve);
      session.signal.addEventListener("abort", () => resolve(), { once: true });
    });
    if (c.stdin && session.stdin) {
      const queue = c.stdin;
      let input = readableInput(session.stdin, session.signal);
      if (session.tty) input = ttyInput(input, raw);
      void (async () => {
        for (let chunk = await input.read(); chunk !== null; chunk = await input.read()) queue.push(chunk);
        if (c.config.stdinOnce && !session.signal.aborted) queue.end();
      })();
    }
    try {
      await ended;
    } finally {
      stop?.();
    }
  };

  /** What listens on the pod's port (a running container's declared or program port), if anything. */
  const listener = (podSandboxId: string, port: number): HttpHandler | undefined => {
    const s = deps.sandbox(podSandboxId);
    if (s.state !== "SANDBOX_READY") return undefined;
    const declared = (name: string) => (s.config.portMappings ?? []).filter((m) => (m.protocol ?? "TCP") === "TCP" && (m.containerName === undefined || m.containerName === name)).map((m) => m.containerPort);
    const containers: ListeningContainer[] = [...s.containers].map((id) => {
      const c = deps.container(id);
      return { name: c.metadata.name, image: c.image, argv: argvOf(c), running: c.state === "CONTAINER_RUNNING", declaredPorts: declared(c.metadata.name), hostname: c.hostname, fs: () => containerFs(host, c), programHandlers: c.programHandlers, unavailable: host.dependenciesDown && (() => host.dependenciesDown!(c)) };
    });
    return listenerOn(s.metadata, containers, port, () => host.clock.now());
  };

  const portForward = async (podSandboxId: string, port: number, conn: Duplex): Promise<void> => {
    const handler = listener(podSandboxId, port);
    if (!handler) {
      throw new RuntimeError(
        "Unknown",
        `failed to execute portforward in network namespace "/var/run/netns/cni-${podSandboxId.slice(0, 8)}-${podSandboxId.slice(8, 12)}-${podSandboxId.slice(12, 16)}-${podSandboxId.slice(16, 20)}-${podSandboxId.slice(20, 32)}": failed to connect to localhost:${port} inside namespace "${podSandboxId}", IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `,
      );
    }
    await serveHttp(conn, handler, () => host.clock.now());
  };

  return { exec, execCollect, attach, portForward, listener };
}

const REASONS: Record<number, string> = { 200: "OK", 301: "Moved Permanently", 400: "Bad Request", 404: "Not Found", 500: "Internal Server Error", 503: "Service Unavailable" };

/** A tiny HTTP/1.1 server on one connection: each request gets the handler's answer; keep-alive until either side closes. */
export function serveHttp(conn: Duplex, handler: HttpHandler, now: () => number): Promise<void> {
  return new Promise<void>((resolve) => {
    let buffered = Buffer.alloc(0);
    let closed = false;
    const finish = () => {
      if (closed) return;
      closed = true;
      resolve();
    };
    conn.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (;;) {
        const end = buffered.indexOf("\r\n\r\n");
        if (end < 0) return;
        const head = buffered.subarray(0, end).toString("latin1");
        const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffered.length < end + 4 + length) return;
        buffered = buffered.subarray(end + 4 + length);
        const [method = "GET", target = "/", version = "HTTP/1.1"] = head.split("\r\n")[0].split(" ");
        const close = /\r\nconnection:\s*close/i.test(head) || version === "HTTP/1.0";
        const res = handler({ method, target });
        const body = typeof res.body === "string" ? Buffer.from(res.body) : Buffer.from(res.body);
        conn.write(
          `HTTP/1.1 ${res.status} ${REASONS[res.status] ?? ""}\r\nContent-Type: ${res.contentType}\r\nContent-Length: ${body.length}\r\nDate: ${new Date(now()).toUTCString()}\r\n${close ? "Connection: close\r\n" : ""}\r\n`,
        );
        if (method !== "HEAD") conn.write(body);
        if (close) {
          conn.end();
          finish();
          return;
        }
      }
    });
    conn.on("end", () => {
      conn.end();
      finish();
    });
    conn.on("close", finish);
    conn.on("error", finish);
  });
}
