/**
 * Service-account JWTs (upstream's jwtTokenAuthenticator): a token whose
 * unverified issuer is one of ours is checked for its signature (sa.key's
 * public half, chosen by kid), its issuer, its audiences against those
 * asked for, and then by a validator that knows its kind (bound tokens or
 * legacy Secret tokens), which looks up the objects it names.
 */
import type { UserInfo } from "../../api/types.js";
import { CREDENTIAL_ID_KEY } from "./authenticator.js";
import { parseJwt, registeredClaims, unverifiedIssuer, verifySignature, type RegisteredClaims, type VerificationKey } from "./jwt-verify.js";
import { authenticatedUser, intersectAudiences, NONE, type ReviewingTokenAuthenticator, type TokenOutcome } from "./token-outcome.js";

export const POD_NAME_KEY = "authentication.kubernetes.io/pod-name";
export const POD_UID_KEY = "authentication.kubernetes.io/pod-uid";
export const NODE_NAME_KEY = "authentication.kubernetes.io/node-name";
export const NODE_UID_KEY = "authentication.kubernetes.io/node-uid";
export const SERVICE_ACCOUNT_USERNAME_PREFIX = "system:serviceaccount:";

/** Who a valid service-account token speaks for. */
export interface ServiceAccountInfo {
  namespace: string;
  name: string;
  uid: string;
  podName?: string;
  podUid?: string;
  nodeName?: string;
  nodeUid?: string;
  /** "JTI=<jti>" for tokens with an ID. */
  credentialId?: string;
}

/** The kind-specific checks; answers the account or the reason the token is refused. */
export interface ServiceAccountTokenValidator {
  validate(token: string, claims: RegisteredClaims, raw: Record<string, unknown>): Promise<ServiceAccountInfo | string>;
}

export interface JwtAuthenticatorOptions {
  /** Issuers this authenticator accepts (others are not its tokens). */
  issuers: readonly string[];
  keys: readonly VerificationKey[];
  /** The server's API audiences (--api-audiences, default the issuer). */
  apiAudiences: readonly string[];
  validator: ServiceAccountTokenValidator;
}

export function createJwtTokenAuthenticator(opts: JwtAuthenticatorOptions): ReviewingTokenAuthenticator {
  const issuers = new Set(opts.issuers);
  const review = async (token: string, audiences?: string[]): Promise<TokenOutcome> => {
    const iss = unverifiedIssuer(token);
    if (iss === undefined || !issuers.has(iss)) return NONE;
    const jwt = parseJwt(token);
    if (!jwt) return NONE;
    const badSignature = verifySignature(jwt, opts.keys);
    if (badSignature) return rejected(badSignature);
    const claims = registeredClaims(jwt.claims);
    if (typeof claims === "string") return rejected(claims);
    if (!claims.iss || !issuers.has(claims.iss)) return rejected(`token issuer "${claims.iss ?? ""}" is invalid`);
    // Tokens without audiences (legacy ones) are good for the API audiences only.
    const tokenAudiences = claims.aud.length ? claims.aud : [...opts.apiAudiences];
    const requested = audiences ?? [...opts.apiAudiences];
    const auds = intersectAudiences(tokenAudiences, requested);
    if (!auds.length && opts.apiAudiences.length) return rejected(`token audiences ${goQuoted(tokenAudiences)} is invalid for the target audiences ${goQuoted(requested)}`);
    const info = await opts.validator.validate(token, claims, jwt.claims);
    if (typeof info === "string") return rejected(info);
    return { status: "authenticated", user: serviceAccountUser(info), audiences: auds };
  };
  return { review, authenticateToken: async (t, auds) => authenticatedUser(await review(t, auds)) };
}

/** upstream's ServiceAccountInfo.UserInfo(). */
export function serviceAccountUser(info: ServiceAccountInfo): UserInfo {
  const extra: Record<string, string[]> = {};
  if (info.podName && info.podUid) {
    extra[POD_NAME_KEY] = [info.podName];
    extra[POD_UID_KEY] = [info.podUid];
  }
  if (info.credentialId) extra[CREDENTIAL_ID_KEY] = [info.credentialId];
  if (info.nodeName) {
    extra[NODE_NAME_KEY] = [info.nodeName];
    if (info.nodeUid) extra[NODE_UID_KEY] = [info.nodeUid];
  }
  const user: UserInfo = {
    username: serviceAccountUsername(info.namespace, info.name),
    uid: info.uid,
    groups: serviceAccountGroups(info.namespace),
  };
  if (Object.keys(extra).length) user.extra = extra;
  return user;
}

/** system:serviceaccount:<namespace>:<name>, the user a ServiceAccount's credentials authenticate as. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SERVICE_ACCOUNT_USERNAME_PREFIX}${namespace}:${name}`;
}

/** system:serviceaccounts and system:serviceaccounts:<namespace>. */
export function serviceAccountGroups(namespace: string): string[] {
  return ["system:serviceaccounts", `system:serviceaccounts:${namespace}`];
}

/** "system:serviceaccount:ns:name" -> [ns, name], as upstream's SplitUsername (both parts non-empty, no further colons). */
export function splitServiceAccountUsername(username: string): [string, string] | undefined {
  if (!username.startsWith(SERVICE_ACCOUNT_USERNAME_PREFIX)) return undefined;
  const parts = username.slice(SERVICE_ACCOUNT_USERNAME_PREFIX.length).split(":");
  if (parts.length !== 2 || !DNS_LABEL.test(parts[0]) || !isDnsSubdomain(parts[1])) return undefined;
  return [parts[0], parts[1]];
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && s.split(".").every((l) => DNS_LABEL.test(l));
}

function rejected(reason: string): TokenOutcome {
  return { status: "rejected", reason };
}

/** Go's %q of a []string: ["a" "b"]. */
function goQuoted(list: readonly string[]): string {
  return `[${list.map((s) => JSON.stringify(s)).join(" ")}]`;
}
