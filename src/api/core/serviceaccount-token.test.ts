import assert from "node:assert/strict";
import { createVerify } from "node:crypto";
import { before, describe, it } from "node:test";
import { generateServiceAccountKey, jwtSigner, type ServiceAccountKey } from "../../pki/index.js";
import { isApiError } from "../errors.js";
import type { HookContext, KubeObject, RegistryServices, SubresourceRegistry } from "../types.js";
import { SERVICE_ACCOUNT_ISSUER, tokenSubresource } from "./serviceaccount-token.js";

const NOW = Date.UTC(2026, 11, 2, 12, 0, 0);
const sa = { apiVersion: "v1", kind: "ServiceAccount", metadata: { name: "builder", namespace: "ci", uid: "sa-uid" } } as KubeObject;
const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "job-1", namespace: "ci", uid: "pod-uid" }, spec: { serviceAccountName: "builder", nodeName: "node-1", containers: [] } } as unknown as KubeObject;
const node = { apiVersion: "v1", kind: "Node", metadata: { name: "node-1", uid: "node-uid" } } as KubeObject;

let key: ServiceAccountKey;

function request(body: unknown, name = "builder") {
  const objects: Record<string, KubeObject> = { "pods/ci/job-1": pod, "nodes//node-1": node };
  const services = {
    getObject: async (_g: string, resource: string, ns: string | undefined, n: string) => objects[`${resource}/${ns ?? ""}/${n}`],
    serviceAccountTokens: { issuer: SERVICE_ACCOUNT_ISSUER, sign: jwtSigner(key) },
  } as unknown as RegistryServices;
  const ctx: HookContext = { now: NOW, dryRun: false, services };
  const registry = {
    get: async (_ns: string | undefined, n: string) => {
      if (n !== "builder") throw Object.assign(new Error(`serviceaccounts "${n}" not found`), { code: 404 });
      return sa;
    },
  } as unknown as SubresourceRegistry;
  return tokenSubresource.handler({ verb: "create", namespace: "ci", name, body, query: new URLSearchParams(), ctx }, registry) as Promise<{ status: { token: string; expirationTimestamp: string } }>;
}

function decode(token: string) {
  const [h, c, s] = token.split(".");
  const verified = createVerify("RSA-SHA256").update(`${h}.${c}`).verify(key.publicKeyPem, Buffer.from(s, "base64url"));
  return { header: JSON.parse(Buffer.from(h, "base64url").toString()), claims: JSON.parse(Buffer.from(c, "base64url").toString()), verified };
}

describe("serviceaccounts/token", () => {
  before(async () => {
    key = await generateServiceAccountKey();
  });

  it("issues an RS256 token the public key verifies, with upstream's claims and a default hour", async () => {
    const tr = await request({ spec: {} });
    const { header, claims, verified } = decode(tr.status.token);
    assert.equal(verified, true);
    assert.deepEqual(header, { alg: "RS256", kid: key.keyId });
    const now = NOW / 1000;
    assert.equal(claims.iss, "https://kubernetes.default.svc.cluster.local");
    assert.deepEqual(claims.aud, ["https://kubernetes.default.svc.cluster.local"]);
    assert.equal(claims.sub, "system:serviceaccount:ci:builder");
    assert.deepEqual([claims.iat, claims.nbf, claims.exp], [now, now, now + 3600]);
    assert.deepEqual(claims["kubernetes.io"], { namespace: "ci", serviceaccount: { name: "builder", uid: "sa-uid" } });
    assert.equal(tr.status.expirationTimestamp, "2026-12-02T13:00:00Z");
  });

  it("binds a token to a pod and its node, and extends a 3607-second kube-audience token to a year with warnafter", async () => {
    const tr = await request({ spec: { expirationSeconds: 3607, boundObjectRef: { apiVersion: "v1", kind: "Pod", name: "job-1", uid: "pod-uid" } } });
    const { claims } = decode(tr.status.token);
    const now = NOW / 1000;
    assert.deepEqual(claims["kubernetes.io"], {
      namespace: "ci",
      serviceaccount: { name: "builder", uid: "sa-uid" },
      pod: { name: "job-1", uid: "pod-uid" },
      node: { name: "node-1", uid: "node-uid" },
      warnafter: now + 3607,
    });
    assert.equal(claims.exp, now + 365 * 24 * 3600);
    assert.equal(tr.status.expirationTimestamp, "2026-12-02T13:00:07Z");
  });

  it("keeps the audience asked for, without extension", async () => {
    const { claims } = decode((await request({ spec: { audiences: ["vault"], expirationSeconds: 3607, boundObjectRef: { apiVersion: "v1", kind: "Pod", name: "job-1" } } })).status.token);
    assert.deepEqual(claims.aud, ["vault"]);
    assert.equal(claims.exp, NOW / 1000 + 3607);
  });

  it("refuses less than ten minutes with upstream's Invalid message", async () => {
    await assert.rejects(request({ spec: { expirationSeconds: 599 } }), (err: Error) => isApiError(err, "Invalid") && err.message.includes("spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 10 minutes"));
  });

  it("refuses a pod whose uid changed, and objects other than pods and secrets", async () => {
    await assert.rejects(request({ spec: { boundObjectRef: { apiVersion: "v1", kind: "Pod", name: "job-1", uid: "other" } } }), (err: Error) => isApiError(err, "Conflict"));
    await assert.rejects(request({ spec: { boundObjectRef: { apiVersion: "v1", kind: "Deployment", name: "d" } } }), (err: Error) => isApiError(err, "BadRequest") && err.message === "cannot bind token to object of type /v1, Kind=Deployment");
  });
});
