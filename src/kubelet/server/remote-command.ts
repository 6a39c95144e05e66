/**
 * exec and attach (upstream's kubelet/cri/streaming/remotecommand): the
 * client's streams, decoded from WebSocket channels or SPDY streams, are
 * handed to the runtime; the outcome goes back on the error channel as
 * upstream reports it (v4+: a Status, NonZeroExitCode with the exit code).
 */
import { PassThrough } from "node:stream";
import type { WebSocket } from "ws";
import type { Pod } from "../../api/core/pod-types.js";
import type { Clock } from "../../util/clock.js";
import { RuntimeError } from "../runtime/runtime.js";
import type { TerminalSize } from "../runtime/streaming.js";
import { channelProtocol, endWritable, openChannelSession, type ChannelSession, type ExecStatus, statusJson } from "./channels/ws-channels.js";
import { findPod, runningContainer, type KubeletHost } from "./host.js";
import { HttpError } from "./http-util.js";
import type { SpdySession, SpdyStream } from "./spdy/session.js";

export interface RemoteCommandRequest {
  kind: "exec" | "attach";
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** Reads /exec|/attach/{ns}/{pod}/{container}?command=..&input=1&output=1&error=1&tty=1 (the API server's names; kubectl's stdin=true etc. also work). */
export function parseRemoteCommand(kind: "exec" | "attach", parts: string[], q: URLSearchParams): RemoteCommandRequest {
  const [namespace, pod, container] = parts;
  if (!namespace || !pod || !container) throw new HttpError(400, "missing namespace, pod or container in path");
  const flag = (short: string, long: string) => ["1", "true"].includes(q.get(short) ?? q.get(long) ?? "");
  const r: RemoteCommandRequest = { kind, namespace, pod, container, command: q.getAll("command"), stdin: flag("input", "stdin"), stdout: flag("output", "stdout"), stderr: flag("error", "stderr"), tty: flag("tty", "tty") };
  if (kind === "exec" && r.command.length === 0) throw new HttpError(400, "you must specify at least 1 command");
  if (!r.stdin && !r.stdout && !r.stderr) throw new HttpError(400, "you must specify at least 1 of stdin, stdout, stderr");
  if (r.tty && r.stderr) r.stderr = false; // a terminal merges stderr into stdout
  return r;
}

/** Finds the running container before upgrading: failures are plain HTTP errors, as upstream's GetExec answers. */
export async function resolveTarget(host: KubeletHost, r: RemoteCommandRequest): Promise<{ pod: Pod; containerId: string }> {
  const pod = findPod(host, r.namespace, r.pod);
  if (!pod) throw new HttpError(404, "pod does not exist");
  const c = await runningContainer(host, pod, r.container);
  if (!c) throw new HttpError(500, `container not found ("${r.container}")`);
  return { pod, containerId: c.id };
}

/** Runs the command (or attaches) and reports the outcome on the session. */
export async function runRemoteCommand(host: KubeletHost, r: RemoteCommandRequest, containerId: string, channels: ChannelSession): Promise<void> {
  let status: ExecStatus;
  try {
    if (r.kind === "exec") {
      const code = await host.runtime.exec(containerId, r.command, channels.session);
      status = code === 0 ? { status: "Success" } : { status: "Failure", reason: "NonZeroExitCode", message: `command terminated with non-zero exit code: exit status ${code}`, exitCode: code };
    } else {
      await host.runtime.attach(containerId, channels.session);
      status = { status: "Success" };
    }
  } catch (err) {
    const message = err instanceof RuntimeError ? err.message : (err as Error).message;
    status = { status: "Failure", reason: "InternalError", message: `Internal error occurred: error ${r.kind === "exec" ? "executing command in container" : "attaching to container"}: ${message}` };
  }
  await channels.finish(status);
}

/** A WebSocket that negotiated one of the channel protocols. */
export function websocketChannels(ws: WebSocket, r: RemoteCommandRequest, signal: AbortSignal): ChannelSession {
  const protocol = channelProtocol(ws.protocol || "channel.k8s.io")!;
  return openChannelSession(ws, protocol, { stdin: r.stdin, stdout: r.stdout, stderr: r.stderr, tty: r.tty, signal });
}

export const STREAM_CREATION_TIMEOUT_MS = 30_000;

/** SPDY protocols the kubelet speaks for exec/attach, newest first. */
export const SPDY_REMOTE_COMMAND_PROTOCOLS = ["v4.channel.k8s.io", "v3.channel.k8s.io", "v2.channel.k8s.io", "channel.k8s.io"];

/** Collects the client's SPDY streams (error, stdin, stdout, stderr, resize) into a session. */
export function spdyChannels(spdy: SpdySession, protocol: string, r: RemoteCommandRequest, signal: AbortSignal, clock: Clock): Promise<ChannelSession> {
  const version = protocol.startsWith("v") ? Number(protocol[1]) : 1;
  const expected = 1 + (r.stdin ? 1 : 0) + (r.stdout ? 1 : 0) + (r.stderr && !r.tty ? 1 : 0) + (r.tty && version >= 3 ? 1 : 0);
  const streams = new Map<string, SpdyStream>();
  return new Promise((resolve, reject) => {
    const onClose = () => reject(new Error("connection closed before the streams were created"));
    spdy.once("close", onClose);
    // Upstream's streamCreationTimeout: a client that never opens its streams is dropped.
    const timer = clock.setTimeout(() => {
      spdy.removeListener("close", onClose);
      spdy.close();
      reject(new Error(`timed out waiting for client to create streams`));
    }, STREAM_CREATION_TIMEOUT_MS);
    spdy.on("stream", (s) => {
      const type = s.header("streamtype") ?? "";
      s.reply();
      streams.set(type, s);
      if (streams.size < expected) return;
      timer.cancel();
      spdy.removeListener("close", onClose);
      const resizes: ((size: TerminalSize) => void)[] = [];
      const resize = streams.get("resize");
      if (resize) {
        let buf = "";
        resize.on("data", (c: Buffer) => {
          buf += c.toString();
          // A JSON object per resize, one after another.
          let end: number;
          while ((end = buf.indexOf("}")) >= 0) {
            try {
              const v = JSON.parse(buf.slice(0, end + 1)) as { Width?: number; Height?: number };
              for (const l of resizes) l({ width: v.Width ?? 0, height: v.Height ?? 0 });
            } catch {
              // ignored, as upstream drops malformed sizes
            }
            buf = buf.slice(end + 1);
          }
        });
      }
      const stdin = streams.get("stdin");
      const error = streams.get("error")!;
      resolve({
        session: {
          stdin: stdin ? stdin.pipe(new PassThrough()) : undefined,
          stdout: streams.get("stdout"),
          stderr: streams.get("stderr"),
          tty: r.tty,
          onResize: r.tty ? (l) => resizes.push(l) : undefined,
          signal,
        },
        async finish(status) {
          const body = version >= 4 ? statusJson(status) : status.status === "Success" ? "" : status.message ?? "";
          if (body) error.write(body);
          await Promise.all([...streams.values()].map((s) => endWritable(s)));
          await spdy.flushed();
          spdy.close();
        },
      });
    });
  });
}
