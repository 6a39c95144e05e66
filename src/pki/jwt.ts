/**
 * Compact JWS (RFC 7515) with RS256, the form of service-account tokens:
 * base64url(header).base64url(claims).base64url(signature).
 *
 *   const sign = jwtSigner(key); // parses the PEM key once
 *   const token = sign({ iss: "https://kubernetes.default.svc.cluster.local", sub: "system:serviceaccount:default:default" });
 */
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import type { ServiceAccountKey } from "./service-account-key.js";

type SigningKey = Pick<ServiceAccountKey, "privateKeyPem" | "keyId">;

function signWith(privateKey: KeyObject | string, encodedHeader: string, claims: Record<string, unknown>): string {
  const signingInput = `${encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return `${signingInput}.${sign("sha256", Buffer.from(signingInput), privateKey).toString("base64url")}`;
}

const encodedHeaderOf = (keyId: string): string => Buffer.from(JSON.stringify({ alg: "RS256", kid: keyId })).toString("base64url");

/** Signs one token; parses the PEM key each time, so repeated signing should use jwtSigner. */
export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  return signWith(key.privateKeyPem, encodedHeaderOf(key.keyId), claims);
}

/**
 * A signer holding the parsed key: parsing the PEM costs about twice the
 * RSA signature itself, and the API server signs a token for every pod.
 */
export function jwtSigner(key: SigningKey): (claims: Record<string, unknown>) => string {
  const privateKey = createPrivateKey(key.privateKeyPem);
  const header = encodedHeaderOf(key.keyId);
  return (claims) => signWith(privateKey, header, claims);
}
