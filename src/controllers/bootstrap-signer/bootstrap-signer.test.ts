import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { CONFIGMAPS, SECRETS } from "../../client/resources.js";
import { bootstrapTokenSecret, clusterInfoKubeconfig, verifyDetachedSignature } from "../../pki/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { createTokenCleaner } from "../token-cleaner/index.js";
import { createBootstrapSigner, publishClusterInfo } from "./index.js";

type ConfigMapObject = KubeObject & { data?: Record<string, string> };
const KUBECONFIG = clusterInfoKubeconfig("https://127.0.0.1:6443", "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n");

describe("bootstrap signer and token cleaner", () => {
  let env: ControllerTestEnv;
  const clusterInfo = () => env.client.get<ConfigMapObject>(CONFIGMAPS, "kube-public", "cluster-info");
  const addToken = (id: string, o: { expiresInMs?: number; signing?: boolean } = {}) =>
    env.client.create(SECRETS, "kube-system", bootstrapTokenSecret({ id, secret: "0123456789abcdef", usages: o.signing === false ? ["authentication"] : ["signing", "authentication"], extraGroups: [], expiration: o.expiresInMs === undefined ? undefined : new Date(env.clock.now() + o.expiresInMs) }) as KubeObject);

  before(async () => {
    env = await startControllerTestEnv();
    await publishClusterInfo(env.client, "https://127.0.0.1:6443", "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n");
    env.run(createBootstrapSigner(env.ctx), createTokenCleaner(env.ctx));
  });
  after(() => env.stop());

  it("signs cluster-info's kubeconfig with every signing token, verifiable with that token only", async () => {
    await addToken("aaaaaa");
    await addToken("bbbbbb", { signing: false });
    const cm = await env.until("signed", async () => ((await clusterInfo()).data?.["jws-kubeconfig-aaaaaa"] ? clusterInfo() : undefined));
    assert.equal(cm.data!.kubeconfig, KUBECONFIG);
    assert.equal(verifyDetachedSignature(KUBECONFIG, cm.data!["jws-kubeconfig-aaaaaa"], "aaaaaa", "0123456789abcdef"), true);
    assert.equal(cm.data!["jws-kubeconfig-bbbbbb"], undefined);
  });

  it("removes the signature of a deleted token and restores a tampered one", async () => {
    await addToken("cccccc");
    await env.until("signed", async () => (await clusterInfo()).data?.["jws-kubeconfig-cccccc"]);
    await env.client.delete(SECRETS, "kube-system", "bootstrap-token-cccccc");
    await env.until("unsigned", async () => (await clusterInfo()).data?.["jws-kubeconfig-cccccc"] === undefined);
    const cm = await clusterInfo();
    await env.client.update(CONFIGMAPS, "kube-public", { ...cm, data: { ...cm.data, "jws-kubeconfig-aaaaaa": "forged..sig", "jws-kubeconfig-zzzzzz": "stale..sig" } });
    const fixed = await env.until("fixed", async () => {
      const now = await clusterInfo();
      return now.data?.["jws-kubeconfig-zzzzzz"] === undefined && now.data?.["jws-kubeconfig-aaaaaa"] !== "forged..sig" ? now : undefined;
    });
    assert.equal(verifyDetachedSignature(KUBECONFIG, fixed.data!["jws-kubeconfig-aaaaaa"], "aaaaaa", "0123456789abcdef"), true);
  });

  it("drops an expiring token's signature and the cleaner deletes its Secret when it expires", async () => {
    await addToken("dddddd", { expiresInMs: 60_000 });
    await env.until("signed", async () => (await clusterInfo()).data?.["jws-kubeconfig-dddddd"]);
    await env.clock.advance(30_000);
    assert.ok(await env.client.get(SECRETS, "kube-system", "bootstrap-token-dddddd"));
    await env.clock.advance(31_000);
    await env.until("secret deleted", async () =>
      env.client.get(SECRETS, "kube-system", "bootstrap-token-dddddd").then(() => false, (err) => isApiError(err, "NotFound")),
    );
    await env.until("unsigned", async () => (await clusterInfo()).data?.["jws-kubeconfig-dddddd"] === undefined);
  });

  it("publishClusterInfo keeps signatures and replaces a changed kubeconfig", async () => {
    await publishClusterInfo(env.client, "https://10.0.0.9:6443", "-----BEGIN CERTIFICATE-----\nCA\n-----END CERTIFICATE-----\n");
    const cm = await env.until("re-signed", async () => {
      const now = await clusterInfo();
      const sig = now.data?.["jws-kubeconfig-aaaaaa"];
      return sig && verifyDetachedSignature(now.data!.kubeconfig, sig, "aaaaaa", "0123456789abcdef") ? now : undefined;
    });
    assert.match(cm.data!.kubeconfig, /server: https:\/\/10\.0\.0\.9:6443/);
  });
});
