/**
 * Detached JWS (RFC 7515 appendix F) as the bootstrap signer makes them:
 * HS256 keyed with the token secret, the header naming the token id
 * (`{"alg":"HS256","kid":"<id>"}`), serialized compact with the payload
 * left out: `header..signature`. A joining node recomputes it over the
 * cluster-info kubeconfig to prove the server knows its token.
 */
import { createHmac } from "node:crypto";
import { secretsEqual } from "./bootstrap-token.js";

const b64url = (b: Buffer | string) => Buffer.from(b).toString("base64url");

export function computeDetachedSignature(content: string, tokenId: string, tokenSecret: string): string {
  const header = b64url(JSON.stringify({ alg: "HS256", kid: tokenId }));
  const signature = createHmac("sha256", tokenSecret).update(`${header}.${b64url(content)}`).digest("base64url");
  return `${header}..${signature}`;
}

/** True when detached is the signature of content made with this token (compared in constant time). */
export function verifyDetachedSignature(content: string, detached: string, tokenId: string, tokenSecret: string): boolean {
  return secretsEqual(computeDetachedSignature(content, tokenId, tokenSecret), detached);
}
