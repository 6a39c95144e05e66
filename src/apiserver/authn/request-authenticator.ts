/**
 * Who sent a request, as kube-apiserver's authentication filter decides:
 * a client certificate, then a bearer token (the Authorization header, or
 * for WebSocket upgrades the base64url.bearer.authorization.k8s.io.<token>
 * subprotocol browsers must use), else the anonymous user. A request that
 * presents a credential nobody accepts is unauthorized (401), never
 * anonymous. Accepted tokens are removed from the headers, so nothing
 * downstream (proxies, aggregated servers) ever sees them.
 */
import type { UserInfo } from "../../api/types.js";
import { anonymousUser, withAuthenticatedGroup, type TlsSocketLike } from "./authenticator.js";
import type { ClientCertificateAuthenticator } from "./client-certificate.js";
import { INVALID_BEARER_TOKEN, type ReviewingTokenAuthenticator } from "./token-outcome.js";

export const WEBSOCKET_BEARER_PREFIX = "base64url.bearer.authorization.k8s.io.";

export type RequestAuthentication =
  | { status: "authenticated"; user: UserInfo }
  | { status: "anonymous"; user: UserInfo }
  /** A credential was presented and refused; reason for the server's log (the client sees 401 Unauthorized). */
  | { status: "unauthorized"; reason: string };

/** Lower-cased header names; the authenticator removes credentials it consumed. */
export interface RequestToAuthenticate {
  socket?: TlsSocketLike | null;
  headers: Record<string, string | undefined>;
}

export interface RequestAuthenticator {
  authenticateRequest(req: RequestToAuthenticate): Promise<RequestAuthentication>;
}

export interface RequestAuthenticatorOptions {
  clientCertificates?: ClientCertificateAuthenticator;
  tokens?: ReviewingTokenAuthenticator;
  /** --anonymous-auth (default true): requests without credentials are system:anonymous. */
  anonymous?: boolean;
}

export function createRequestAuthenticator(opts: RequestAuthenticatorOptions): RequestAuthenticator {
  const anonymous = opts.anonymous ?? true;
  return {
    async authenticateRequest(req) {
      // A union as upstream's: each refusal is remembered, the first acceptance wins.
      const reasons: string[] = [];
      const cert = opts.clientCertificates?.verify(req);
      if (cert?.status === "authenticated") return { status: "authenticated", user: cert.user };
      if (cert?.status === "rejected") reasons.push(cert.reason);
      if (opts.tokens) {
        for (const source of [bearerHeader, websocketProtocol]) {
          const found = source(req.headers);
          if (!found) continue;
          if ("error" in found) {
            reasons.push(found.error);
            continue;
          }
          const outcome = await opts.tokens.review(found.token);
          if (outcome.status === "authenticated") {
            found.consume();
            return { status: "authenticated", user: withAuthenticatedGroup(outcome.user) };
          }
          reasons.push(outcome.status === "rejected" ? outcome.reason : INVALID_BEARER_TOKEN);
        }
      }
      if (reasons.length) return { status: "unauthorized", reason: reasons.length === 1 ? reasons[0] : `[${reasons.join(", ")}]` };
      // A copy: the pipeline may extend a request's user; the constant stays frozen.
      return anonymous ? { status: "anonymous", user: { username: anonymousUser.username, groups: [...anonymousUser.groups] } } : { status: "unauthorized", reason: "no credentials" };
    },
  };
}

type Found = { token: string; consume(): void } | { error: string } | undefined;

/** `Authorization: Bearer <token>` (upstream's bearertoken: other schemes and empty tokens are no credential). */
function bearerHeader(headers: Record<string, string | undefined>): Found {
  const auth = (headers.authorization ?? "").trim();
  if (!auth) return undefined;
  const parts = auth.split(" ");
  if (parts.length < 2 || parts[0].toLowerCase() !== "bearer") return undefined;
  const token = parts[1];
  if (!token) return undefined;
  return { token, consume: () => void delete headers.authorization };
}

/** The bearer subprotocol of a WebSocket upgrade; the other subprotocols stay (one must remain to echo). */
function websocketProtocol(headers: Record<string, string | undefined>): Found {
  if (!isWebSocketRequest(headers)) return undefined;
  let token = "";
  let seen = false;
  const others: string[] = [];
  for (const raw of (headers["sec-websocket-protocol"] ?? "").split(",")) {
    const protocol = raw.trim();
    if (!protocol.startsWith(WEBSOCKET_BEARER_PREFIX)) {
      if (protocol) others.push(protocol);
      continue;
    }
    if (seen) return { error: "multiple base64.bearer.authorization tokens specified" };
    seen = true;
    const encoded = protocol.slice(WEBSOCKET_BEARER_PREFIX.length);
    if (!/^[A-Za-z0-9_-]*$/.test(encoded) || encoded.length % 4 === 1) return { error: "invalid base64.bearer.authorization token encoding" };
    const bytes = Buffer.from(encoded, "base64url");
    const text = bytes.toString("utf8");
    if (!Buffer.from(text, "utf8").equals(bytes)) return { error: "invalid base64.bearer.authorization token" };
    token = text;
  }
  if (token && !others.length) return { error: "missing additional subprotocol" };
  if (!token) return undefined;
  return { token, consume: () => void (headers["sec-websocket-protocol"] = others.join(",")) };
}

function isWebSocketRequest(headers: Record<string, string | undefined>): boolean {
  const connection = (headers.connection ?? "").toLowerCase().split(",").map((s) => s.trim());
  return connection.includes("upgrade") && (headers.upgrade ?? "").toLowerCase() === "websocket";
}
