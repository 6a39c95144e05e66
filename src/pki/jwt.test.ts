import assert from "node:assert/strict";
import { createPublicKey, createVerify } from "node:crypto";
import { describe, it } from "node:test";
import { jwtSigner, signJwt } from "./jwt.js";
import { generateServiceAccountKey } from "./service-account-key.js";

describe("JWT signing", () => {
  it("signs RS256 tokens with the key id, the same with a held signer as with the PEM each time", async () => {
    const key = await generateServiceAccountKey();
    const claims = { iss: "https://kubernetes.default.svc.cluster.local", sub: "system:serviceaccount:default:default", exp: 2000000000 };
    const held = jwtSigner(key);
    const token = await held(claims);
    // PKCS#1 v1.5 signatures are deterministic: both ways give the same token.
    assert.equal(token, signJwt(key, claims));
    assert.equal(await held(claims), token);
    const [h, c, s] = token.split(".");
    assert.deepEqual(JSON.parse(Buffer.from(h, "base64url").toString()), { alg: "RS256", kid: key.keyId });
    assert.deepEqual(JSON.parse(Buffer.from(c, "base64url").toString()), claims);
    assert.ok(createVerify("RSA-SHA256").update(`${h}.${c}`).verify(createPublicKey(key.publicKeyPem), Buffer.from(s, "base64url")));
  });
});
