/**
 * /portForward/{namespace}/{pod} (upstream's kubelet/cri/streaming/portforward):
 *
 * - SPDY (an `Upgrade: SPDY/3.1` or kubectl 1.35's WebSocket tunnel,
 *   subprotocol "SPDY/3.1+portforward.k8s.io"): per forwarded connection the
 *   client opens an error stream and a data stream with headers streamType,
 *   port and requestID; errors are written as text on the error stream.
 * - WebSocket channels (ports from the query): port i uses channel 2i for
 *   data and 2i+1 for errors; the first message on each is the port,
 *   uint16 little-endian.
 */
import { Duplex } from "node:stream";
import type { WebSocket } from "ws";
import type { Pod } from "../../api/core/pod-types.js";
import { channelProtocol, decodeChannelMessage, encodeChannelMessage } from "./channels/ws-channels.js";
import { findPod, podRuntimeStatus, type KubeletHost } from "./host.js";
import { HttpError } from "./http-util.js";
import type { SpdySession, SpdyStream } from "./spdy/session.js";

export const PORT_FORWARD_PROTOCOL = "portforward.k8s.io";
/** kubectl's WebSocket tunnel of SPDY (client-go tunneling dialer). */
export const TUNNELED_PORT_FORWARD_PROTOCOL = "SPDY/3.1+portforward.k8s.io";

export async function resolveSandbox(host: KubeletHost, namespace: string, name: string): Promise<{ pod: Pod; sandboxId: string }> {
  const pod = findPod(host, namespace, name);
  if (!pod) throw new HttpError(404, "pod does not exist");
  const status = await podRuntimeStatus(host, pod);
  const sandbox = status.sandboxes.find((s) => s.state === "SANDBOX_READY");
  if (!sandbox) throw new HttpError(500, `pod sandbox of pod "${name}" is not ready`);
  return { pod, sandboxId: sandbox.id };
}

function forwardError(sandboxId: string, port: number, err: unknown): string {
  return `error forwarding port ${port} to pod ${sandboxId}, uid : ${(err as Error).message}`;
}

/** Serves port-forward streams of a SPDY session until it closes. */
export function serveSpdyPortForward(host: KubeletHost, spdy: SpdySession, sandboxId: string): void {
  const pairs = new Map<string, { error?: SpdyStream; data?: SpdyStream }>();
  spdy.on("stream", (s) => {
    const type = s.header("streamtype");
    const id = s.header("requestid") ?? "";
    const port = Number(s.header("port"));
    if (type !== "error" && type !== "data") return s.reset();
    s.reply();
    const pair = pairs.get(id) ?? {};
    pair[type] = s;
    pairs.set(id, pair);
    if (!pair.error || !pair.data) return;
    pairs.delete(id);
    const { error, data } = pair;
    if (!Number.isInteger(port) || port <= 0 || port > 65535) {
      error.end(`invalid port: ${s.header("port") ?? ""}`);
      data.end();
      return;
    }
    host.runtime
      .portForward(sandboxId, port, data)
      .catch((err) => error.write(forwardError(sandboxId, port, err)))
      .finally(() => {
        error.end();
        if (!data.writableEnded) data.end();
      });
  });
}

/** Serves a channel-protocol WebSocket port-forward for the ports in the query. */
export function serveWebSocketPortForward(host: KubeletHost, ws: WebSocket, sandboxId: string, ports: number[]): void {
  const protocol = channelProtocol(ws.protocol === PORT_FORWARD_PROTOCOL || !ws.protocol ? "channel.k8s.io" : ws.protocol) ?? channelProtocol("channel.k8s.io")!;
  const send = (channel: number, data: Buffer) => ws.readyState === ws.OPEN && ws.send(encodeChannelMessage(protocol, channel, data));
  let open = ports.length;
  const conns = ports.map((port, i) => {
    const portBytes = Buffer.alloc(2);
    portBytes.writeUInt16LE(port);
    send(2 * i, portBytes);
    send(2 * i + 1, portBytes);
    const conn = new Duplex({
      read() {},
      write(chunk: Buffer, _e, cb) {
        send(2 * i, chunk);
        cb();
      },
      final(cb) {
        cb();
      },
    });
    host.runtime
      .portForward(sandboxId, port, conn)
      .catch((err) => send(2 * i + 1, Buffer.from(forwardError(sandboxId, port, err))))
      // The connection closes once every port's forward has ended.
      .finally(() => --open === 0 && ws.close(1000));
    return conn;
  });
  ws.on("message", (raw: Buffer, isBinary: boolean) => {
    const msg = decodeChannelMessage(protocol, raw, isBinary);
    if (!msg || msg.channel % 2 !== 0) return;
    conns[msg.channel / 2]?.push(msg.data);
  });
  ws.on("close", () => conns.forEach((c) => c.push(null)));
}

/** The ports of a WebSocket port-forward: ?port=80&port=8080 (or ports=). */
export function queryPorts(q: URLSearchParams): number[] {
  const raw = [...q.getAll("port"), ...q.getAll("ports")].flatMap((v) => v.split(","));
  const ports = raw.map((v) => Number(v));
  for (const [i, p] of ports.entries()) if (!Number.isInteger(p) || p <= 0 || p > 65535) throw new HttpError(400, `unable to parse "${raw[i]}" as a port: invalid port`);
  return ports;
}
