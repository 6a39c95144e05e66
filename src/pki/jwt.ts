/**
 * Compact JWS (RFC 7515) with RS256, the form of service-account tokens:
 * base64url(header).base64url(claims).base64url(signature).
 *
 *   const sign = jwtSigner(key); // parses the PEM key once
 *   const token = await sign({ iss: "https://kubernetes.default.svc.cluster.local", sub: "system:serviceaccount:default:default" });
 */
import { createPrivateKey, sign, type KeyObject } from "node:crypto";
import type { ServiceAccountKey } from "./service-account-key.js";

type SigningKey = Pick<ServiceAccountKey, "privateKeyPem" | "keyId">;

const encodedHeaderOf = (keyId: string): string => Buffer.from(JSON.stringify({ alg: "RS256", kid: keyId })).toString("base64url");
const signingInputOf = (encodedHeader: string, claims: Record<string, unknown>): string => `${encodedHeader}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;

/** Signs one token; parses the PEM key each time, so repeated signing should use jwtSigner. */
export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const signingInput = signingInputOf(encodedHeaderOf(key.keyId), claims);
  return `${signingInput}.${sign("sha256", Buffer.from(signingInput), key.privateKeyPem).toString("base64url")}`;
}

/**
 * A signer holding the parsed key (parsing the PEM costs about twice the
 * RSA signature itself) whose RSA operation runs on libuv's thread pool:
 * the API server signs a token for every pod, and its own thread is the
 * one that answers requests.
 */
export function jwtSigner(key: SigningKey): (claims: Record<string, unknown>) => Promise<string> {
  const privateKey: KeyObject = createPrivateKey(key.privateKeyPem);
  const header = encodedHeaderOf(key.keyId);
  return (claims) => {
    const signingInput = signingInputOf(header, claims);
    return new Promise((resolve, reject) =>
      sign("sha256", Buffer.from(signingInput), privateKey, (err, signature) => (err ? reject(err) : resolve(`${signingInput}.${signature.toString("base64url")}`))),
    );
  };
}
