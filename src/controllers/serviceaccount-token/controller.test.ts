import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createPublicKey, createVerify } from "node:crypto";
import type { KubeObject } from "../../api/types.js";
import { isApiError } from "../../api/errors.js";
import { SECRETS, SERVICEACCOUNTS } from "../../client/resources.js";
import { generateServiceAccountKey, type ServiceAccountKey } from "../../pki/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { createServiceAccountTokenController, SERVICE_ACCOUNT_UID_KEY } from "./index.js";

type SecretObject = KubeObject & { type?: string; data?: Record<string, string> };
const CA = "-----BEGIN CERTIFICATE-----\nMIIB-test-ca\n-----END CERTIFICATE-----\n";
const decode = (s: string | undefined) => Buffer.from(s ?? "", "base64").toString("utf8");

describe("service account token controller", () => {
  let env: ControllerTestEnv;
  let key: ServiceAccountKey;
  const get = (name: string) => env.client.get<SecretObject>(SECRETS, "default", name).catch((err) => (isApiError(err, "NotFound") ? undefined : Promise.reject(err)));
  const tokenSecret = (name: string, sa: string, extra: Record<string, string> = {}) => ({
    apiVersion: "v1",
    kind: "Secret",
    type: "kubernetes.io/service-account-token",
    metadata: { name, namespace: "default", annotations: { "kubernetes.io/service-account.name": sa, ...extra } },
  });

  before(async () => {
    key = await generateServiceAccountKey();
    env = await startControllerTestEnv();
    env.ctx.options.rootCAPem = CA;
    env.ctx.options.serviceAccountPrivateKeyPem = key.privateKeyPem;
    env.run(createServiceAccountTokenController(env.ctx));
  });
  after(() => env.stop());

  it("fills a token Secret with a legacy token signed by sa.key, the CA and the namespace", async () => {
    const sa = await env.client.create<KubeObject>(SERVICEACCOUNTS, "default", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "robot", namespace: "default" } });
    await env.client.create(SECRETS, "default", tokenSecret("robot-token", "robot"));
    const filled = await env.until("token filled", async () => ((await get("robot-token"))?.data?.token ? get("robot-token") : undefined));
    assert.equal(decode(filled!.data!["ca.crt"]), CA);
    assert.equal(decode(filled!.data!.namespace), "default");
    assert.equal(filled!.metadata.annotations?.[SERVICE_ACCOUNT_UID_KEY], sa.metadata.uid);
    const [h, p, s] = decode(filled!.data!.token).split(".");
    assert.deepEqual(JSON.parse(Buffer.from(h, "base64url").toString()), { alg: "RS256", kid: key.keyId });
    assert.deepEqual(JSON.parse(Buffer.from(p, "base64url").toString()), {
      iss: "kubernetes/serviceaccount",
      "kubernetes.io/serviceaccount/namespace": "default",
      "kubernetes.io/serviceaccount/secret.name": "robot-token",
      "kubernetes.io/serviceaccount/service-account.name": "robot",
      "kubernetes.io/serviceaccount/service-account.uid": sa.metadata.uid,
      sub: "system:serviceaccount:default:robot",
    });
    assert.ok(createVerify("RSA-SHA256").update(`${h}.${p}`).verify(createPublicKey(key.publicKeyPem), Buffer.from(s, "base64url")));
  });

  it("deletes token Secrets of an account that does not exist, or no longer has their uid", async () => {
    await env.client.create(SECRETS, "default", tokenSecret("orphan-token", "nobody"));
    await env.client.create(SECRETS, "default", tokenSecret("stale-token", "robot", { [SERVICE_ACCOUNT_UID_KEY]: "an-older-robot" }));
    await env.until("orphan deleted", async () => (await get("orphan-token")) === undefined);
    await env.until("stale deleted", async () => (await get("stale-token")) === undefined);
  });

  it("deletes an account's token Secrets with the account, and leaves other Secrets alone", async () => {
    await env.client.create(SERVICEACCOUNTS, "default", { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "builder", namespace: "default" } });
    await env.client.create(SECRETS, "default", tokenSecret("builder-token", "builder"));
    await env.client.create(SECRETS, "default", { apiVersion: "v1", kind: "Secret", metadata: { name: "plain", namespace: "default", annotations: { "kubernetes.io/service-account.name": "builder" } }, data: { a: "Yg==" } });
    await env.until("token filled", async () => (await get("builder-token"))?.data?.token);
    await env.client.delete(SERVICEACCOUNTS, "default", "builder");
    await env.until("token deleted", async () => (await get("builder-token")) === undefined);
    assert.deepEqual((await get("plain"))?.data, { a: "Yg==" });
  });
});
