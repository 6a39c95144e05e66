/**
 * Delegated authentication as extension API servers do it (k8s.io/apiserver's
 * DelegatingAuthenticationOptions), from kube-system/extension-apiserver-
 * authentication:
 *
 * - a client certificate that chains to requestheader-client-ca-file and
 *   names one of requestheader-allowed-names (any, when the list is empty)
 *   is the front proxy: the user comes from its headers (X-Remote-User,
 *   X-Remote-Group, X-Remote-Extra-*), and is refused without a user;
 * - else a certificate chaining to client-ca-file names the user (CN, O);
 * - else the request is anonymous.
 *
 * Authenticated users get system:authenticated, as upstream's
 * AuthenticatedGroupAdder gives it.
 */
import { X509Certificate } from "node:crypto";
import type { TLSSocket } from "node:tls";
import type { IncomingHttpHeaders } from "node:http";
import type { UserInfo } from "../api/types.js";

export const AUTH_CONFIGMAP = { namespace: "kube-system", name: "extension-apiserver-authentication" };

export interface AuthenticationConfig {
  clientCA: X509Certificate[];
  requestHeaderCA: X509Certificate[];
  allowedNames: string[];
  usernameHeaders: string[];
  uidHeaders: string[];
  groupHeaders: string[];
  extraHeaderPrefixes: string[];
  /** Both bundles, for the TLS server to ask for client certificates. */
  caPems: string;
}

export const ANONYMOUS: UserInfo = { username: "system:anonymous", groups: ["system:unauthenticated"] };

function splitBundle(pem: string | undefined): X509Certificate[] {
  const blocks = (pem ?? "").match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((b) => new X509Certificate(b));
}

function list(raw: string | undefined): string[] {
  try {
    const v = JSON.parse(raw ?? "[]") as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];
  } catch {
    return [];
  }
}

export function authenticationConfig(data: Record<string, string> | undefined): AuthenticationConfig {
  const d = data ?? {};
  return {
    clientCA: splitBundle(d["client-ca-file"]),
    requestHeaderCA: splitBundle(d["requestheader-client-ca-file"]),
    allowedNames: list(d["requestheader-allowed-names"]),
    usernameHeaders: list(d["requestheader-username-headers"]),
    uidHeaders: list(d["requestheader-uid-headers"]),
    groupHeaders: list(d["requestheader-group-headers"]),
    extraHeaderPrefixes: list(d["requestheader-extra-headers-prefix"]),
    caPems: [d["client-ca-file"], d["requestheader-client-ca-file"]].filter(Boolean).join("\n"),
  };
}

/** Whether the peer's certificate was issued and signed by one of the CAs (the TLS handshake checked the chain and dates). */
function chainsTo(peer: X509Certificate, cas: X509Certificate[]): boolean {
  return cas.some((ca) => peer.checkIssued(ca) && peer.verify(ca.publicKey));
}

function headerValues(headers: IncomingHttpHeaders, names: string[]): string[] {
  const out: string[] = [];
  for (const n of names) {
    const v = headers[n.toLowerCase()];
    if (v === undefined) continue;
    for (const x of Array.isArray(v) ? v : [v]) if (x !== "") out.push(x);
  }
  return out;
}

/** The user of a request; undefined when its credentials are refused (401). */
export function authenticate(socket: TLSSocket, headers: IncomingHttpHeaders, cfg: AuthenticationConfig): UserInfo | undefined {
  const peer = socket.authorized ? socket.getPeerX509Certificate() : undefined;
  if (!peer) return ANONYMOUS;
  const cn = /(?:^|\n)CN=([^\n]*)/.exec(peer.subject)?.[1] ?? "";
  if (chainsTo(peer, cfg.requestHeaderCA)) {
    if (cfg.allowedNames.length && !cfg.allowedNames.includes(cn)) return undefined;
    const username = headerValues(headers, cfg.usernameHeaders)[0];
    if (!username) return undefined;
    const extra: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(headers)) {
      const prefix = cfg.extraHeaderPrefixes.find((p) => k.startsWith(p.toLowerCase()));
      if (!prefix || v === undefined) continue;
      const key = decodeURIComponent(k.slice(prefix.length));
      extra[key] = [...(extra[key] ?? []), ...(Array.isArray(v) ? v : [v])];
    }
    const uid = headerValues(headers, cfg.uidHeaders)[0];
    const groups = headerValues(headers, cfg.groupHeaders);
    // As upstream's AuthenticatedGroupAdder: every authenticated user is in system:authenticated.
    if (!groups.includes("system:authenticated") && !groups.includes("system:unauthenticated")) groups.push("system:authenticated");
    return { username, ...(uid ? { uid } : {}), groups, ...(Object.keys(extra).length ? { extra } : {}) };
  }
  if (chainsTo(peer, cfg.clientCA)) {
    const orgs = [...peer.subject.matchAll(/(?:^|\n)O=([^\n]*)/g)].map((m) => m[1]);
    return { username: cn, groups: [...orgs, "system:authenticated"] };
  }
  return undefined;
}
