import { test } from "node:test";
import assert from "node:assert/strict";
import { createPublicKey, createVerify } from "node:crypto";
import { generateServiceAccountKey, signJwt } from "../../pki/index.js";
import { createIssuerDiscovery } from "./service-account-issuer-discovery.js";

test("The discovery documents let a third party verify a service-account token.", async () => {
  const key = await generateServiceAccountKey();
  const serve = createIssuerDiscovery({ issuer: "https://kubernetes.default.svc.cluster.local", jwksUri: () => "https://10.0.0.1:6443/openid/v1/jwks", keys: [key] });
  const config = serve("/.well-known/openid-configuration")!;
  assert.equal(config.headers["content-type"], "application/json");
  assert.equal(config.headers["cache-control"], "public, max-age=3600");
  assert.equal(
    config.body,
    '{"issuer":"https://kubernetes.default.svc.cluster.local","jwks_uri":"https://10.0.0.1:6443/openid/v1/jwks","response_types_supported":["id_token"],"subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"]}',
  );
  const jwks = serve("/openid/v1/jwks")!;
  assert.equal(jwks.headers["content-type"], "application/jwk-set+json");
  const { keys } = JSON.parse(String(jwks.body)) as { keys: Record<string, string>[] };
  assert.deepEqual(Object.keys(keys[0]), ["use", "kty", "kid", "alg", "n", "e"]);
  assert.deepEqual({ use: keys[0].use, kty: keys[0].kty, kid: keys[0].kid, alg: keys[0].alg, e: keys[0].e }, { use: "sig", kty: "RSA", kid: key.keyId, alg: "RS256", e: "AQAB" });
  // What a relying party does: take the key with the token's kid and check the signature.
  const token = signJwt(key, { sub: "system:serviceaccount:default:default" });
  const [h, p, s] = token.split(".");
  const jwk = keys.find((k) => k.kid === (JSON.parse(Buffer.from(h, "base64url").toString()) as { kid: string }).kid)!;
  assert.ok(createVerify("RSA-SHA256").update(`${h}.${p}`).verify(createPublicKey({ key: jwk, format: "jwk" }), Buffer.from(s, "base64url")));
  assert.equal(serve("/openid/v1/other"), undefined);
  assert.equal(createIssuerDiscovery({ issuer: "kubernetes/serviceaccount", jwksUri: () => "", keys: [key] })("/openid/v1/jwks"), undefined, "only an https issuer is discoverable");
});
