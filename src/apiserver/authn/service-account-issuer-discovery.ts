/**
 * Service-account issuer discovery (upstream's ServiceAccountIssuerDiscovery):
 * /.well-known/openid-configuration and /openid/v1/jwks, so that anyone
 * can verify the cluster's service-account tokens as OIDC ID tokens with
 * the public half of sa.key. Non-resource paths; RBAC grants them through
 * system:service-account-issuer-discovery.
 */
import { createPublicKey } from "node:crypto";
import type { ApiResponse } from "../http/types.js";

export const OPENID_CONFIGURATION_PATH = "/.well-known/openid-configuration";
export const JWKS_PATH = "/openid/v1/jwks";
/** The keys only change with sa.key: clients may cache for an hour, as upstream lets them. */
const CACHE_CONTROL = "public, max-age=3600";

export interface IssuerDiscoveryOptions {
  issuer: string;
  /** Where the key set is served: https://<advertise address>:<port>/openid/v1/jwks unless given. */
  jwksUri: () => string;
  keys: readonly { keyId: string; publicKeyPem: string }[];
}

/** Answers the two discovery paths; undefined for any other path. */
export function createIssuerDiscovery(opts: IssuerDiscoveryOptions): (path: string) => ApiResponse | undefined {
  // Only an https issuer can be an OIDC issuer; upstream serves nothing otherwise.
  if (!opts.issuer.startsWith("https://")) return () => undefined;
  const jwks = JSON.stringify({ keys: opts.keys.map(jwkOf) });
  return (path) => {
    if (path === OPENID_CONFIGURATION_PATH) {
      const metadata = {
        issuer: opts.issuer,
        jwks_uri: opts.jwksUri(),
        response_types_supported: ["id_token"],
        subject_types_supported: ["public"],
        id_token_signing_alg_values_supported: ["RS256"],
      };
      return { status: 200, headers: { "content-type": "application/json", "cache-control": CACHE_CONTROL }, body: JSON.stringify(metadata) };
    }
    if (path === JWKS_PATH) return { status: 200, headers: { "content-type": "application/jwk-set+json", "cache-control": CACHE_CONTROL }, body: jwks };
    return undefined;
  };
}

/** A JSON Web Key for an RSA public key, in go-jose's field order. */
function jwkOf(key: { keyId: string; publicKeyPem: string }): Record<string, string> {
  const { n, e } = createPublicKey(key.publicKeyPem).export({ format: "jwk" }) as { n: string; e: string };
  return { use: "sig", kty: "RSA", kid: key.keyId, alg: "RS256", n, e };
}
