/**
 * The API server's TLS connection to an extension API server (upstream's
 * BuildTransportConfig for an APIService): the front-proxy client
 * certificate as identity, the serving certificate checked against the
 * APIService's caBundle for the name <service>.<namespace>.svc, or not
 * checked at all when insecureSkipTLSVerify says so. The socket comes from
 * the service resolver, through the network's dialer.
 */
import net from "node:net";
import tls from "node:tls";
import type { Endpoint } from "../../network/dialer.js";
import { DialError, joinHostPort } from "../../network/dialer.js";
import type { ServiceResolver } from "../../network/service-resolver.js";

export interface BackendService {
  namespace: string;
  name: string;
  port: number;
  /** Base64 PEM bundle (the APIService's caBundle); empty means the system roots. */
  caBundle?: string;
  insecureSkipTLSVerify?: boolean;
}

export interface ClientCertificate {
  certPem: string;
  keyPem: string;
}

/** A failure to reach the backend, worded as Go's transport errors. */
export class BackendError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackendError";
  }
}

export async function connectBackend(
  resolver: ServiceResolver,
  svc: BackendService,
  client: ClientCertificate | undefined,
  signal?: AbortSignal,
): Promise<{ socket: tls.TLSSocket; endpoint: Endpoint }> {
  const { socket: raw, endpoint } = await resolver.dial(svc.namespace, svc.name, svc.port, signal);
  const ca = svc.caBundle ? Buffer.from(svc.caBundle, "base64").toString("utf8") : undefined;
  const socket = await secureSocket(raw, endpoint, { serverName: `${svc.name}.${svc.namespace}.svc`, caPem: ca, client, insecureSkipTLSVerify: svc.insecureSkipTLSVerify }, signal);
  return { socket, endpoint };
}

export interface SecureSocketOptions {
  /** The name the serving certificate must carry (and the SNI sent). */
  serverName: string;
  /** PEM roots to verify against; none means the system roots. */
  caPem?: string;
  client?: ClientCertificate;
  insecureSkipTLSVerify?: boolean;
}

/** TLS over an already dialled socket; failures are BackendErrors worded as Go's. */
export function secureSocket(raw: net.Socket, endpoint: Endpoint, o: SecureSocketOptions, signal?: AbortSignal): Promise<tls.TLSSocket> {
  return new Promise<tls.TLSSocket>((resolve, reject) => {
    const s = tls.connect({
      socket: raw,
      servername: net.isIP(o.serverName) ? undefined : o.serverName,
      ...(net.isIP(o.serverName) ? { checkServerIdentity: (_host: string, cert: tls.PeerCertificate) => tls.checkServerIdentity(o.serverName, cert) } : {}),
      ...(o.client ? { cert: o.client.certPem, key: o.client.keyPem } : {}),
      ...(o.caPem ? { ca: o.caPem } : {}),
      rejectUnauthorized: !o.insecureSkipTLSVerify,
      ALPNProtocols: ["http/1.1"],
    });
    const onAbort = () => {
      s.destroy();
      reject(new DialError(joinHostPort(endpoint.host, endpoint.port), "operation was canceled"));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    s.once("secureConnect", () => {
      signal?.removeEventListener("abort", onAbort);
      resolve(s);
    });
    s.once("error", (err: NodeJS.ErrnoException) => {
      signal?.removeEventListener("abort", onAbort);
      raw.destroy();
      reject(new BackendError(tlsErrorText(err, o.serverName)));
    });
  });
}

/** Node's TLS failures in the words of Go's crypto/tls and crypto/x509. */
export function tlsErrorText(err: NodeJS.ErrnoException, serverName: string): string {
  switch (err.code) {
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
      return "tls: failed to verify certificate: x509: certificate signed by unknown authority";
    case "CERT_HAS_EXPIRED":
    case "CERT_NOT_YET_VALID":
      return "tls: failed to verify certificate: x509: certificate has expired or is not yet valid";
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return `tls: failed to verify certificate: x509: certificate is not valid for ${serverName}`;
    case "ECONNRESET":
      return "read: connection reset by peer";
    default:
      if (/alert certificate required|alert bad certificate|sslv3 alert/i.test(err.message)) return "remote error: tls: bad certificate";
      return err.message;
  }
}
