/**
 * Verifying compact JWS tokens (RS256) as kube-apiserver's service-account
 * authenticator does with go-jose: a token that is not a three-part JWS is
 * not a JWT at all (not ours, no error); one that is, but fails signature
 * or claim checks, is refused with go-jose's or Kubernetes' reason.
 *
 *   const jwt = parseJwt(token);              // undefined: not a JWS
 *   const err = verifySignature(jwt, keys);   // undefined: signed by one of keys
 *   const bad = checkTimeClaims(jwt.claims, clock.now());
 */
import { createVerify, type KeyObject } from "node:crypto";

/** go-jose's jwt.DefaultLeeway: exp, nbf and iat are checked with a minute of slack. */
export const JWT_LEEWAY_MS = 60_000;

export interface VerificationKey {
  keyId: string;
  publicKey: KeyObject;
}

export interface ParsedJwt {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** The issuer a token claims, read before any verification (upstream's hasCorrectIssuer). */
export function unverifiedIssuer(token: string): string | undefined {
  if (token.trim().startsWith("{")) return undefined;
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  const payload = decodeJson(parts[1]);
  return payload && typeof payload.iss === "string" ? payload.iss : undefined;
}

/** A compact JWS, or undefined when the text is not one (bad base64, bad JSON, no alg). */
export function parseJwt(token: string): ParsedJwt | undefined {
  const parts = token.split(".");
  if (parts.length !== 3 || !B64URL.test(parts[2])) return undefined;
  const header = decodeJson(parts[0]);
  const claims = decodeJson(parts[1]);
  if (!header || !claims || typeof header.alg !== "string") return undefined;
  return { header, claims, signingInput: `${parts[0]}.${parts[1]}`, signature: Buffer.from(parts[2], "base64url") };
}

/**
 * Undefined when one of the keys (those with the token's kid, or all when it
 * has none) verifies the signature; else the reason, as upstream words it.
 * Only RS256 is accepted: `alg: none` and HMAC are refused whatever the key.
 */
export function verifySignature(jwt: ParsedJwt, keys: readonly VerificationKey[]): string | undefined {
  const kid = typeof jwt.header.kid === "string" ? jwt.header.kid : "";
  const candidates = kid ? keys.filter((k) => k.keyId === kid) : keys;
  if (!candidates.length) return "invalid signature, no keys found";
  const errors: string[] = [];
  for (const key of candidates) {
    if (jwt.header.alg !== "RS256") {
      errors.push("go-jose/go-jose: unknown/unsupported algorithm");
      continue;
    }
    const ok = createVerify("RSA-SHA256").update(jwt.signingInput).verify(key.publicKey, jwt.signature);
    if (ok) return undefined;
    errors.push("go-jose/go-jose: error in cryptographic primitive");
  }
  return aggregate(errors);
}

/** The registered claims exp, nbf, iat and aud, typed; a reason when one has the wrong type. */
export interface RegisteredClaims {
  iss?: string;
  sub?: string;
  jti?: string;
  aud: string[];
  exp?: number;
  nbf?: number;
  iat?: number;
}

export function registeredClaims(claims: Record<string, unknown>): RegisteredClaims | string {
  const out: RegisteredClaims = { aud: [] };
  for (const k of ["iss", "sub", "jti"] as const) {
    const v = claims[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== "string") return `json: cannot unmarshal ${jsonType(v)} into Go struct field Claims.${k} of type string`;
    out[k] = v;
  }
  for (const k of ["exp", "nbf", "iat"] as const) {
    const v = claims[k];
    if (v === undefined || v === null) continue;
    if (typeof v !== "number" || !Number.isFinite(v)) return `json: cannot unmarshal ${jsonType(v)} into Go struct field Claims.${k} of type jwt.NumericDate`;
    out[k] = Math.trunc(v);
  }
  const aud = claims.aud;
  if (typeof aud === "string") out.aud = [aud];
  else if (Array.isArray(aud) && aud.every((a) => typeof a === "string")) out.aud = aud as string[];
  else if (aud !== undefined && aud !== null) return "go-jose/go-jose/jwt: expected string or array value to unmarshal to Audience";
  return out;
}

/** Kubernetes' words for go-jose's time checks at now (ms), with the leeway. */
export function checkTimeClaims(c: RegisteredClaims, now: number): string | undefined {
  if (c.nbf !== undefined && now + JWT_LEEWAY_MS < c.nbf * 1000) return "service account token is not valid yet";
  if (c.exp !== undefined && now - JWT_LEEWAY_MS > c.exp * 1000) return "service account token has expired";
  if (c.iat !== undefined && now + JWT_LEEWAY_MS < c.iat * 1000) return "service account token is issued in the future";
  return undefined;
}

/** Go's utilerrors.NewAggregate message: one error as is, several in brackets. */
export function aggregate(errors: readonly string[]): string {
  return errors.length === 1 ? errors[0] : `[${errors.join(", ")}]`;
}

function decodeJson(segment: string): Record<string, unknown> | undefined {
  if (!B64URL.test(segment)) return undefined;
  try {
    const v: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function jsonType(v: unknown): string {
  if (typeof v === "string") return "string";
  if (typeof v === "number") return "number";
  if (typeof v === "boolean") return "bool";
  if (Array.isArray(v)) return "array";
  return "object";
}
