/**
 * A Transport over one HTTP/2 session to an API server, as Go clients use:
 * every request and watch is a stream on the same TLS connection, with a
 * 1 GiB connection window (4 MiB per stream) so many busy watches never
 * stall one another. A session that dies (GOAWAY, reset, error) is
 * replaced on the next request. The session holds the process open only
 * while requests are in flight.
 */
import http2 from "node:http2";
import { readKubeconfig } from "../pki/index.js";
import { createClient } from "./rest-client.js";
import { TransportStatusError } from "./transport-error.js";
import type { Client, Transport, TransportRequest, TransportResponse } from "./types.js";

export interface HttpTransportOptions {
  /** "https://host:port". */
  server: string;
  caPem?: string;
  certPem?: string;
  keyPem?: string;
  token?: string;
  tlsServerName?: string;
  insecureSkipTlsVerify?: boolean;
}

const CONNECTION_WINDOW = 1 << 30;
const STREAM_WINDOW = 4 << 20;

export function createHttpTransport(opts: HttpTransportOptions): Transport {
  let session: http2.ClientHttp2Session | undefined;
  let active = 0;
  let closed = false;
  const base = new URL(opts.server);

  const connect = (): http2.ClientHttp2Session => {
    if (closed) throw new Error("transport closed");
    if (session && !session.closed && !session.destroyed) return session;
    const s = http2.connect(base.origin, {
      ca: opts.caPem,
      cert: opts.certPem,
      key: opts.keyPem,
      servername: opts.tlsServerName,
      rejectUnauthorized: !opts.insecureSkipTlsVerify,
      settings: { initialWindowSize: STREAM_WINDOW },
    });
    s.on("connect", () => s.setLocalWindowSize(CONNECTION_WINDOW));
    const forget = () => {
      if (session === s) session = undefined;
    };
    s.on("error", forget);
    s.on("goaway", forget);
    s.on("close", forget);
    if (active === 0) s.unref();
    session = s;
    return s;
  };

  const hold = () => {
    if (active++ === 0) session?.ref();
  };
  const release = () => {
    if (--active === 0) session?.unref();
  };

  const open = (req: TransportRequest): http2.ClientHttp2Stream => {
    const headers: http2.OutgoingHttpHeaders = { ":method": req.method.toUpperCase(), ":path": req.path };
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const s = connect();
    const stream = s.request(headers, { endStream: req.body === undefined });
    if (req.body !== undefined) stream.end(req.body);
    return stream;
  };

  return {
    request(req) {
      return new Promise<TransportResponse>((resolve, reject) => {
        let stream: http2.ClientHttp2Stream;
        try {
          stream = open(req);
        } catch (err) {
          return reject(err);
        }
        hold();
        let status = 0;
        let headers: TransportResponse["headers"] = {};
        const chunks: Buffer[] = [];
        stream.on("response", (h) => {
          status = Number(h[":status"]);
          headers = stripPseudo(h);
        });
        stream.on("data", (c: Buffer) => chunks.push(c));
        stream.on("end", () => {
          release();
          resolve({ status, headers, body: Buffer.concat(chunks) });
        });
        stream.on("error", (err) => {
          release();
          reject(err);
        });
      });
    },

    stream(req, onChunk, onEnd) {
      let ended = false;
      const end = (err?: Error) => {
        if (ended) return;
        ended = true;
        release();
        onEnd(err);
      };
      let stream: http2.ClientHttp2Stream;
      try {
        stream = open(req);
      } catch (err) {
        queueMicrotask(() => onEnd(err as Error));
        return { close: () => undefined };
      }
      hold();
      let failed: { status: number; chunks: Buffer[] } | undefined;
      stream.on("response", (h) => {
        const status = Number(h[":status"]);
        if (status < 200 || status > 299) failed = { status, chunks: [] };
      });
      stream.on("data", (c: Buffer) => {
        if (failed) failed.chunks.push(c);
        else if (!ended) onChunk(c);
      });
      stream.on("end", () => end(failed ? new TransportStatusError(failed.status, Buffer.concat(failed.chunks)) : undefined));
      stream.on("close", () => end(stream.rstCode && stream.rstCode !== http2.constants.NGHTTP2_NO_ERROR ? new Error(`stream reset (code ${stream.rstCode})`) : undefined));
      stream.on("error", (err) => end(err));
      return {
        close: () => {
          if (ended) return;
          ended = true;
          release();
          stream.close(http2.constants.NGHTTP2_CANCEL);
        },
      };
    },

    async close() {
      closed = true;
      const s = session;
      session = undefined;
      if (!s || s.closed) return;
      await new Promise<void>((resolve) => {
        s.close(() => resolve());
        // Open watches would hold a graceful close forever.
        setImmediate(() => s.destroy());
      });
    },
  };
}

function stripPseudo(h: http2.IncomingHttpHeaders): TransportResponse["headers"] {
  const out: TransportResponse["headers"] = {};
  for (const [k, v] of Object.entries(h)) if (!k.startsWith(":")) out[k] = v;
  return out;
}

/** A Client for the cluster and user a kubeconfig file names (its current context unless given). */
export async function createClientFromKubeconfig(path: string, opts: { context?: string; identity?: string; userAgent?: string } = {}): Promise<Client> {
  const creds = await readKubeconfig(path, { context: opts.context });
  const transport = createHttpTransport({
    server: creds.server,
    caPem: creds.caPem,
    certPem: creds.certPem,
    keyPem: creds.keyPem,
    token: creds.token,
    tlsServerName: creds.tlsServerName,
    insecureSkipTlsVerify: creds.insecureSkipTlsVerify,
  });
  return createClient({ transport, identity: opts.identity ?? creds.userName, userAgent: opts.userAgent });
}
