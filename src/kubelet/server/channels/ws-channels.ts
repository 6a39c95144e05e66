/**
 * Kubernetes' WebSocket channel protocols (upstream's wsstream): every
 * message starts with a channel byte, then data; the base64 variants send
 * text frames whose first character is '0' + channel.
 *
 *   channel.k8s.io       v1: stdin 0, stdout 1, stderr 2, error 3 (text)
 *   v2.channel.k8s.io    as v1
 *   v3.channel.k8s.io    adds resize on 4 ({"Width":80,"Height":24})
 *   v4.channel.k8s.io    error carries a metav1.Status as JSON (exit codes)
 *   v5.channel.k8s.io    adds close: [255, channel] ends a stream half
 *
 * Example: stdout "hi\n" on v5 is the binary message 01 68 69 0a.
 */
import { PassThrough, Writable } from "node:stream";
import type { WebSocket } from "ws";
import type { StreamSession, TerminalSize } from "../../runtime/streaming.js";

export const STDIN = 0;
export const STDOUT = 1;
export const STDERR = 2;
export const ERROR = 3;
export const RESIZE = 4;
export const CLOSE = 255;

/** Newest first: the order a server prefers them in. */
export const CHANNEL_PROTOCOLS = [
  "v5.channel.k8s.io",
  "v4.channel.k8s.io",
  "v4.base64.channel.k8s.io",
  "v3.channel.k8s.io",
  "v2.channel.k8s.io",
  "channel.k8s.io",
  "base64.channel.k8s.io",
] as const;

export interface ChannelProtocol {
  name: string;
  version: number;
  base64: boolean;
}

export function channelProtocol(name: string): ChannelProtocol | undefined {
  if (!(CHANNEL_PROTOCOLS as readonly string[]).includes(name)) return undefined;
  const m = /^v(\d)\./.exec(name);
  return { name, version: m ? Number(m[1]) : 1, base64: name.includes("base64") };
}

/** Picks the first of the server's protocols the client offered; "channel.k8s.io" when it offered none. */
export function selectChannelProtocol(offered: Set<string>): string | false {
  if (offered.size === 0) return "channel.k8s.io";
  return CHANNEL_PROTOCOLS.find((p) => offered.has(p)) ?? false;
}

export function encodeChannelMessage(protocol: ChannelProtocol, channel: number, data: Buffer): Buffer | string {
  if (protocol.base64) return String.fromCharCode(48 + channel) + data.toString("base64");
  const out = Buffer.allocUnsafe(data.length + 1);
  out[0] = channel;
  data.copy(out, 1);
  return out;
}

export function decodeChannelMessage(protocol: ChannelProtocol, message: Buffer, isBinary: boolean): { channel: number; data: Buffer } | undefined {
  if (message.length === 0) return undefined;
  if (protocol.base64 && !isBinary) return { channel: message[0] - 48, data: Buffer.from(message.subarray(1).toString("latin1"), "base64") };
  return { channel: message[0], data: message.subarray(1) };
}

export interface ChannelSessionOptions {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
  signal: AbortSignal;
}

/** A channel-protocol WebSocket as a runtime's StreamSession, plus the error channel to report on. */
export interface ChannelSession {
  session: StreamSession;
  /** Once the output is flushed, writes the final result on the error channel (a Status on v4+, its message before) and closes. */
  finish(status: ExecStatus): Promise<void>;
}

/** The outcome of an exec or attach, as upstream's remotecommand server reports it. */
export interface ExecStatus {
  status: "Success" | "Failure";
  message?: string;
  reason?: string;
  exitCode?: number;
}

export function statusJson(s: ExecStatus): string {
  const out: Record<string, unknown> = { metadata: {}, status: s.status };
  if (s.message) out.message = s.message;
  if (s.reason) out.reason = s.reason;
  if (s.exitCode !== undefined) out.details = { causes: [{ reason: "ExitCode", message: String(s.exitCode) }] };
  else if (s.status === "Failure" && s.reason === "InternalError") out.details = { causes: [{ message: s.message }] };
  if (s.status === "Failure" && s.reason === "InternalError") out.code = 500;
  return JSON.stringify(out);
}

/** Ends a writable and resolves once everything written before has gone out. */
export function endWritable(w: Writable): Promise<void> {
  if (w.writableFinished || w.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    w.once("finish", resolve);
    w.once("close", resolve);
    w.once("error", () => resolve());
    w.end();
  });
}

export function openChannelSession(ws: WebSocket, protocol: ChannelProtocol, o: ChannelSessionOptions): ChannelSession {
  const send = (channel: number, data: Buffer) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeChannelMessage(protocol, channel, data));
  };
  const writer = (channel: number) =>
    new Writable({
      write(chunk: Buffer, _enc, cb) {
        if (ws.readyState !== ws.OPEN) return cb();
        // Backpressure: the next write waits until this message has gone out on the socket.
        ws.send(encodeChannelMessage(protocol, channel, Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)), () => cb());
      },
    });
  const stdin = o.stdin ? new PassThrough() : undefined;
  const resizeListeners: ((size: TerminalSize) => void)[] = [];
  const resizes: TerminalSize[] = [];
  ws.on("message", (raw: Buffer, isBinary: boolean) => {
    const msg = decodeChannelMessage(protocol, Buffer.isBuffer(raw) ? raw : Buffer.from(raw as ArrayBuffer), isBinary);
    if (!msg) return;
    if (msg.channel === STDIN && stdin) stdin.write(msg.data);
    else if (msg.channel === RESIZE && o.tty) {
      try {
        const v = JSON.parse(msg.data.toString()) as { Width?: number; Height?: number };
        const size = { width: v.Width ?? 0, height: v.Height ?? 0 };
        resizes.push(size);
        for (const l of resizeListeners) l(size);
      } catch {
        // A malformed resize is ignored, as upstream logs and drops it.
      }
    } else if (protocol.version >= 5 && msg.channel === CLOSE && msg.data[0] === STDIN) stdin?.end();
  });
  ws.on("close", () => stdin?.end());
  const stdout = o.stdout ? writer(STDOUT) : undefined;
  const stderr = o.stderr && !o.tty ? writer(STDERR) : undefined;
  const session: StreamSession = {
    stdin,
    stdout,
    stderr,
    tty: o.tty,
    onResize: o.tty
      ? (l) => {
          resizeListeners.push(l);
          for (const s of resizes) l(s);
        }
      : undefined,
    signal: o.signal,
  };
  return {
    session,
    async finish(status) {
      await Promise.all([stdout, stderr].map((w) => w && endWritable(w)));
      const body = protocol.version >= 4 ? statusJson(status) : status.status === "Success" ? "" : status.message ?? "";
      if (body) send(ERROR, Buffer.from(body));
      ws.close(1000);
    },
  };
}
