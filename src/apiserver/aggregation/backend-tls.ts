/**
 * The API server's TLS connection to an extension API server (upstream's
 * BuildTransportConfig for an APIService): the front-proxy client
 * certificate as identity, the serving certificate checked against the
 * APIService's caBundle for the name <service>.<namespace>.svc, or not
 * checked at all when insecureSkipTLSVerify says so. The socket comes from
 * the service resolver, through the network's dialer.
 */
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
  const socket = await new Promise<tls.TLSSocket>((resolve, reject) => {
    const s = tls.connect({
      socket: raw,
      servername: `${svc.name}.${svc.namespace}.svc`,
      ...(client ? { cert: client.certPem, key: client.keyPem } : {}),
      ...(ca ? { ca } : {}),
      rejectUnauthorized: !svc.insecureSkipTLSVerify,
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
      reject(new BackendError(tlsErrorText(err, svc)));
    });
  });
  return { socket, endpoint };
}

/** Node's TLS failures in the words of Go's crypto/tls and crypto/x509. */
export function tlsErrorText(err: NodeJS.ErrnoException, svc: Pick<BackendService, "name" | "namespace">): string {
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
      return `tls: failed to verify certificate: x509: certificate is not valid for ${svc.name}.${svc.namespace}.svc`;
    case "ECONNRESET":
      return "read: connection reset by peer";
    default:
      if (/alert certificate required|alert bad certificate|sslv3 alert/i.test(err.message)) return "remote error: tls: bad certificate";
      return err.message;
  }
}
