/**
 * Compact JWS (RFC 7515) with RS256, the form of service-account tokens:
 * base64url(header).base64url(claims).base64url(signature).
 *
 *   const token = signJwt(key, { iss: "https://kubernetes.default.svc.cluster.local", sub: "system:serviceaccount:default:default" });
 */
import { createSign } from "node:crypto";
import type { ServiceAccountKey } from "./service-account-key.js";

export function signJwt(key: Pick<ServiceAccountKey, "privateKeyPem" | "keyId">, claims: Record<string, unknown>): string {
  const header = { alg: "RS256", kid: key.keyId };
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
  const signingInput = `${encode(header)}.${encode(claims)}`;
  const signature = createSign("RSA-SHA256").update(signingInput).sign(key.privateKeyPem).toString("base64url");
  return `${signingInput}.${signature}`;
}
