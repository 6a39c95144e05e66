/**
 * Client-certificate (mutual TLS) authentication, as kube-apiserver's
 * --client-ca-file: a certificate that chains to the client CA, is within
 * its validity period and allows client auth names the user by its subject
 * CN and the groups by its O values.
 *
 * The server listens with requestCert: true, rejectUnauthorized: false and
 * ca: [clientCaPem], so TLS accepts clients without (or with bad)
 * certificates and the API server answers them itself. Authentication then
 * requires both that TLS verified the certificate (socket.authorized) and
 * that it chains to this authenticator's CA bundle.
 */
import { createHash, X509Certificate } from "node:crypto";
import type { UserInfo } from "../../api/types.js";
import type { Clock } from "../../util/clock.js";
import { realClock } from "../../util/clock.js";
import { CREDENTIAL_ID_KEY, GROUP_AUTHENTICATED, type AuthenticationRequest, type Authenticator, type TlsSocketLike } from "./authenticator.js";

const CLIENT_AUTH_OID = "1.3.6.1.5.5.7.3.2";
const ANY_EXT_KEY_USAGE_OID = "2.5.29.37.0";

/** A peer certificate as Node hands it over: tls getPeerX509Certificate(), getPeerCertificate() or DER. */
export type PeerCertificate = X509Certificate | { raw?: Buffer } | Buffer;

/** The outcome of checking a client certificate. */
export type ClientCertificateResult =
  /** No certificate, or one without a CN: the request is not authenticated by it (nor refused). */
  | { status: "none" }
  | { status: "authenticated"; user: UserInfo }
  /** A certificate was presented and is not acceptable; reason is Go's x509 message, for logs. */
  | { status: "rejected"; reason: string };

export interface ClientCertificateOptions {
  /** One or more PEM CA certificates (a bundle), or already parsed ones. */
  caPem: string | readonly X509Certificate[];
  /** Validity is checked against this clock; defaults to the wall clock. */
  clock?: Clock;
}

/** A client-certificate Authenticator that also tells why a certificate was refused. */
export interface ClientCertificateAuthenticator extends Authenticator {
  verify(req: AuthenticationRequest): ClientCertificateResult;
}

/**
 * The user a verified peer certificate names, or undefined when there is no
 * acceptable certificate. Groups are the O values plus system:authenticated.
 */
export function authenticateClientCertificate(
  peerCert: PeerCertificate | undefined,
  caPem: string | readonly X509Certificate[],
  opts: { clock?: Clock } = {},
): UserInfo | undefined {
  const result = verifyClientCertificate(peerCert, parseCaBundle(caPem), opts.clock ?? realClock);
  return result.status === "authenticated" ? result.user : undefined;
}

/** Checks a peer certificate against parsed CAs at the clock's now. */
export function verifyClientCertificate(peerCert: PeerCertificate | undefined, cas: readonly X509Certificate[], clock: Clock): ClientCertificateResult {
  const cert = toX509(peerCert);
  return cert ? atTime(examine(cert, cas), clock.now()) : { status: "none" };
}

/** What a certificate proves apart from time, and the window in which it proves it. */
interface Verdict {
  result: ClientCertificateResult;
  notBefore: number;
  notAfter: number;
}

/** Chain, usage and identity checks: everything that does not change while a connection lives. */
function examine(cert: X509Certificate, cas: readonly X509Certificate[]): Verdict {
  let notBefore = Date.parse(cert.validFrom);
  let notAfter = Date.parse(cert.validTo);
  const issuer = cas.find((ca) => ca.ca && cert.checkIssued(ca) && cert.verify(ca.publicKey));
  if (!issuer) return { result: { status: "rejected", reason: "x509: certificate signed by unknown authority" }, notBefore, notAfter };
  notBefore = Math.max(notBefore, Date.parse(issuer.validFrom));
  notAfter = Math.min(notAfter, Date.parse(issuer.validTo));
  // No extKeyUsage extension means any usage, as in Go.
  const usages = cert.keyUsage;
  if (usages?.length && !usages.includes(CLIENT_AUTH_OID) && !usages.includes(ANY_EXT_KEY_USAGE_OID)) {
    return { result: { status: "rejected", reason: "x509: certificate specifies an incompatible key usage" }, notBefore, notAfter };
  }
  // The legacy object holds raw attribute values (arrays when repeated), unlike the escaped subject text.
  const subject = cert.toLegacyObject().subject as Record<string, string | string[] | undefined>;
  const values = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
  const username = values(subject.CN)[0];
  if (!username) return { result: { status: "none" }, notBefore, notAfter };
  const fingerprint = createHash("sha256").update(cert.raw).digest("hex");
  const user: UserInfo = {
    username,
    groups: [...values(subject.O), GROUP_AUTHENTICATED],
    extra: { [CREDENTIAL_ID_KEY]: [`X509SHA256=${fingerprint}`] },
  };
  return { result: { status: "authenticated", user }, notBefore, notAfter };
}

/** The verdict at now: time is checked first, as Go's verifier does. Users are copied per request. */
function atTime(v: Verdict, now: number): ClientCertificateResult {
  if (now < v.notBefore || now > v.notAfter) {
    const detail = now > v.notAfter ? `is after ${rfc3339(v.notAfter)}` : `is before ${rfc3339(v.notBefore)}`;
    return { status: "rejected", reason: `x509: certificate has expired or is not yet valid: current time ${rfc3339(now)} ${detail}` };
  }
  if (v.result.status !== "authenticated") return v.result;
  const { username, groups, extra } = v.result.user;
  return { status: "authenticated", user: { username, groups: [...groups], extra: { [CREDENTIAL_ID_KEY]: [...(extra?.[CREDENTIAL_ID_KEY] ?? [])] } } };
}

/**
 * An Authenticator over a TLS socket's peer certificate. The verdict on a
 * socket's certificate is computed once per socket (a connection's
 * certificate does not change); time is checked against the clock on every
 * request, so a long-lived connection stops authenticating at expiry.
 */
export function createClientCertificateAuthenticator(opts: ClientCertificateOptions): ClientCertificateAuthenticator {
  const cas = parseCaBundle(opts.caPem);
  const clock = opts.clock ?? realClock;
  const none: ClientCertificateResult = { status: "none" };
  const verdicts = new WeakMap<object, Verdict | ClientCertificateResult>();

  const verdictFor = (socket: TlsSocketLike): Verdict | ClientCertificateResult => {
    let v = verdicts.get(socket);
    if (!v) {
      const cert = socket.getPeerX509Certificate?.();
      if (!cert) v = none;
      else if (socket.authorized !== true) v = { status: "rejected", reason: tlsErrorText(socket.authorizationError) };
      else v = examine(cert, cas);
      verdicts.set(socket, v);
    }
    return v;
  };

  const verify = (req: AuthenticationRequest): ClientCertificateResult => {
    if (!req.socket) return none;
    const v = verdictFor(req.socket);
    return "result" in v ? atTime(v, clock.now()) : v;
  };

  return {
    verify,
    authenticate(req) {
      const result = verify(req);
      return result.status === "authenticated" ? result.user : undefined;
    },
  };
}

/** Every certificate in a PEM bundle. */
export function parseCaBundle(caPem: string | readonly X509Certificate[]): X509Certificate[] {
  if (typeof caPem !== "string") return [...caPem];
  const blocks = caPem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new Error("no certificates found in the client CA bundle");
  return blocks.map((pem) => new X509Certificate(pem));
}

function toX509(peer: PeerCertificate | undefined): X509Certificate | undefined {
  if (!peer) return undefined;
  if (peer instanceof X509Certificate) return peer;
  const raw = Buffer.isBuffer(peer) ? peer : peer.raw;
  if (!raw?.length) return undefined; // getPeerCertificate() returns {} when the client sent none
  try {
    return new X509Certificate(raw);
  } catch {
    return undefined;
  }
}

/** OpenSSL's verdict in Go's words where they differ, for logs. */
function tlsErrorText(err: Error | string | null | undefined): string {
  const code = typeof err === "string" ? err : (err as NodeJS.ErrnoException | null | undefined)?.code ?? err?.message;
  switch (code) {
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "UNABLE_TO_GET_ISSUER_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "CERT_SIGNATURE_FAILURE":
      return "x509: certificate signed by unknown authority";
    case "CERT_HAS_EXPIRED":
    case "CERT_NOT_YET_VALID":
      return "x509: certificate has expired or is not yet valid";
    case "UNSUPPORTED_CERTIFICATE_PURPOSE":
      return "x509: certificate specifies an incompatible key usage";
    default:
      return `x509: ${code ?? "certificate verification failed"}`;
  }
}

function rfc3339(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}
