/**
 * The API server's connections to kubelets (upstream's KubeletClientConfig
 * with its UpgradeAwareHandler): TLS with the apiserver-kubelet-client
 * certificate over a socket from the network's dialer, the kubelet's
 * serving certificate not verified (no --kubelet-certificate-authority).
 *
 * Plain requests (pods/log, nodes/proxy) are streamed back; an upgrade
 * (exec, attach, port-forward) is written to the kubelet as is, and once
 * the kubelet answers 101 the two connections are spliced byte for byte,
 * so every protocol the kubelet speaks passes through unchanged.
 */
import http from "node:http";
import tls from "node:tls";
import type { Duplex } from "node:stream";
import { ApiError, badRequest } from "../../api/errors.js";
import { RawResponse } from "../../api/raw-response.js";
import type { ConnectRequest, KubeletConnector, KubeletTarget, KubeObject } from "../../api/types.js";
import { DialError, joinHostPort, type Dialer } from "../../network/dialer.js";
import type { ApiResponse } from "../http/types.js";
import { kubeletEndpoint } from "./node-address.js";
import { pipeUpgrade } from "./upgrade.js";

export interface KubeletConnectorOptions {
  dialer: Dialer;
  /** The apiserver-kubelet-client pair. */
  clientCertPem: string;
  clientKeyPem: string;
  /** --kubelet-preferred-address-types. */
  preferredAddressTypes?: readonly string[];
}

/** Request headers that belong to the client's hop, not the kubelet's. */
const HOP_HEADERS = new Set(["host", "authorization", "content-length", "transfer-encoding", "keep-alive", "proxy-connection"]);

export function createKubeletConnector(o: KubeletConnectorOptions): KubeletConnector {
  const connectTls = async (host: string, port: number, signal: AbortSignal): Promise<tls.TLSSocket> => {
    const raw = await o.dialer.dial(host, port, signal);
    return new Promise((resolve, reject) => {
      const s = tls.connect({ socket: raw, cert: o.clientCertPem, key: o.clientKeyPem, rejectUnauthorized: false, ALPNProtocols: ["http/1.1"], servername: isIp(host) ? undefined : host });
      s.once("secureConnect", () => resolve(s));
      s.once("error", (err) => reject(new DialError(joinHostPort(host, port), `remote error: ${err.message}`)));
    });
  };

  return {
    async proxy(node: KubeObject, target: KubeletTarget, req: ConnectRequest): Promise<unknown> {
      const endpoint = kubeletEndpoint(node, o.preferredAddressTypes);
      const host = endpoint.host;
      const port = target.port ?? endpoint.port;
      const qs = target.query.toString();
      const pathAndQuery = `${target.path}${qs ? `?${qs}` : ""}`;
      const url = `https://${joinHostPort(host, port)}${pathAndQuery}`;
      let socket: tls.TLSSocket;
      try {
        socket = await connectTls(host, port, req.signal);
      } catch (err) {
        if (!(err instanceof DialError)) throw err;
        if (req.upgrade) throw new ApiError(500, "", `error dialing backend: ${err.message}`);
        throw new ApiError(500, "", `${req.method === "GET" ? "Get" : capitalize(req.method)} "${url}": ${err.message}`);
      }
      const headers = forwardedHeaders(req.headers, host, port);
      if (req.upgrade) return new RawResponse(await pipeUpgrade(socket, req.method, pathAndQuery, headers, req.upgrade));
      return new RawResponse(await plainRequest(socket, req, pathAndQuery, headers, target));
    },
  };
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(":");
}

function capitalize(method: string): string {
  return method.charAt(0) + method.slice(1).toLowerCase();
}

function forwardedHeaders(h: Record<string, string | undefined>, host: string, port: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined && !HOP_HEADERS.has(k)) out[k] = v;
  out.host = joinHostPort(host, port);
  return out;
}

function plainRequest(socket: Duplex, req: ConnectRequest, pathAndQuery: string, headers: Record<string, string>, target: KubeletTarget): Promise<ApiResponse> {
  if (!req.upgrade) {
    // A plain request does not keep the kubelet connection open for reuse.
    headers.connection = "close";
  }
  return new Promise((resolve, reject) => {
    const r = http.request({ method: req.method, path: pathAndQuery, headers, createConnection: () => socket });
    r.on("error", reject);
    r.on("response", (res) => {
      const status = res.statusCode ?? 502;
      if (target.checkStatus && (status < 200 || status > 206)) {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => reject(responseError(status, Buffer.concat(chunks).toString(), target.checkStatus!)));
        res.on("error", reject);
        return;
      }
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined && k !== "connection" && k !== "transfer-encoding" && k !== "content-length") out[k] = v;
      resolve({
        status,
        headers: out,
        stream: (sink, signal) =>
          new Promise<void>((done) => {
            const stop = () => {
              res.destroy();
              socket.destroy();
              done();
            };
            signal.addEventListener("abort", stop, { once: true });
            res.on("data", (c: Buffer) => {
              if (!sink.write(c)) {
                res.pause();
                void sink.drained().then(() => res.resume());
              }
            });
            res.on("end", () => {
              sink.end();
              signal.removeEventListener("abort", stop);
              done();
            });
            res.on("error", () => stop());
          }),
      });
    });
    req.signal.addEventListener("abort", () => r.destroy(), { once: true });
    r.end(req.body);
  });
}

/** Upstream's GenericHttpResponseChecker: the kubelet's text as an API error. */
function responseError(status: number, body: string, what: { group: string; resource: string; name: string }): ApiError {
  const text = body.replace(/\n$/, "");
  if (status === 400) return badRequest(text);
  if (status === 500) return new ApiError(500, "InternalError", `Internal error occurred: ${text}`, { causes: [{ message: text }] });
  const reason = status === 404 ? "NotFound" : status === 401 ? "Unauthorized" : status === 403 ? "Forbidden" : "InternalError";
  return new ApiError(status, reason as never, text || `the server responded with the status code ${status} but did not return more information`, { group: what.group, kind: what.resource, name: what.name });
}
