import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { bootstrapTokenSecret, type BootstrapTokenSpec } from "../../pki/index.js";
import { VirtualClock } from "../../util/clock.js";
import { createBootstrapTokenAuthenticator, type BootstrapTokenSecretObject } from "./bootstrap-token.js";

const NOW = Date.parse("2030-01-01T00:00:00Z");

function authn(specs: (Partial<BootstrapTokenSpec> & { deleting?: boolean })[]) {
  const secrets = new Map<string, BootstrapTokenSecretObject>();
  for (const s of specs) {
    const secret: BootstrapTokenSecretObject = bootstrapTokenSecret({ id: "abcdef", secret: "0123456789abcdef", usages: ["authentication", "signing"], extraGroups: [], ...s });
    if (s.deleting) secret.metadata.deletionTimestamp = "2029-12-31T00:00:00Z";
    secrets.set(secret.metadata.name!, secret);
  }
  return createBootstrapTokenAuthenticator({ clock: new VirtualClock(NOW), getSecret: async (name) => secrets.get(name) });
}

describe("bootstrap token authenticator", () => {
  it("names the user system:bootstrap:<id> in system:bootstrappers and the extra groups", async () => {
    const user = await authn([{ extraGroups: ["system:bootstrappers:kubeadm:default-node-token"] }]).authenticateToken("abcdef.0123456789abcdef");
    assert.deepEqual(user, { username: "system:bootstrap:abcdef", groups: ["system:bootstrappers", "system:bootstrappers:kubeadm:default-node-token"] });
  });

  it("refuses a wrong secret, an unknown id and tokens of other kinds", async () => {
    const a = authn([{}]);
    assert.equal(await a.authenticateToken("abcdef.0123456789abcdee"), undefined);
    assert.equal(await a.authenticateToken("zzzzzz.0123456789abcdef"), undefined);
    assert.equal(await a.authenticateToken("eyJhbGciOiJSUzI1NiJ9.e30.sig"), undefined);
  });

  it("refuses expired tokens, tokens without the authentication usage and Secrets being deleted", async () => {
    assert.equal(await authn([{ expiration: new Date(NOW - 1000) }]).authenticateToken("abcdef.0123456789abcdef"), undefined);
    assert.ok(await authn([{ expiration: new Date(NOW + 1000) }]).authenticateToken("abcdef.0123456789abcdef"));
    assert.equal(await authn([{ usages: ["signing"] }]).authenticateToken("abcdef.0123456789abcdef"), undefined);
    assert.equal(await authn([{ deleting: true }]).authenticateToken("abcdef.0123456789abcdef"), undefined);
  });

  it("refuses extra groups outside system:bootstrappers:*", async () => {
    assert.equal(await authn([{ extraGroups: ["system:masters"] }]).authenticateToken("abcdef.0123456789abcdef"), undefined);
  });
});
