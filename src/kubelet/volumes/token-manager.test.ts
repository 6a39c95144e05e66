import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Client } from "../../client/types.js";
import type { Pod } from "../../api/core/pod-types.js";
import { TokenManager } from "./token-manager.js";

const pod: Pod = { metadata: { name: "web", namespace: "ns", uid: "u1" }, spec: { serviceAccountName: "builder", containers: [] } };

function fakeClient() {
  const requests: { namespace?: string; name: string; body: any }[] = [];
  const client = {
    async createSubresource(_gvr: unknown, namespace: string | undefined, name: string, sub: string, body: any) {
      assert.equal(sub, "token");
      requests.push({ namespace, name, body });
      const now = requests.length * 1_000_000;
      return { status: { token: `t${requests.length}`, expirationTimestamp: new Date(now + body.spec.expirationSeconds * 1000).toISOString() } };
    },
  } as unknown as Client;
  return { client, requests };
}

describe("kubelet token manager", () => {
  it("requests a pod-bound token and reuses it until 80% of its life has passed", async () => {
    const { client, requests } = fakeClient();
    const tokens = new TokenManager(client);
    const issued = 1_000_000;
    const first = await tokens.token(pod, undefined, 3600, issued);
    assert.equal(first.token, "t1");
    assert.equal(first.refreshAt, issued + 2_880_000);
    assert.deepEqual(requests[0], {
      namespace: "ns",
      name: "builder",
      body: { apiVersion: "authentication.k8s.io/v1", kind: "TokenRequest", spec: { audiences: [], expirationSeconds: 3600, boundObjectRef: { apiVersion: "v1", kind: "Pod", name: "web", uid: "u1" } } },
    });
    assert.equal((await tokens.token(pod, undefined, 3600, issued + 2_879_000)).token, "t1");
    assert.equal((await tokens.token(pod, undefined, 3600, issued + 2_880_000)).token, "t2");
    assert.equal(requests.length, 2);
  });

  it("keeps tokens apart by audience and forgets a pod's tokens", async () => {
    const { client, requests } = fakeClient();
    const tokens = new TokenManager(client);
    await tokens.token(pod, "vault", 600, 0);
    await tokens.token(pod, undefined, 600, 0);
    assert.deepEqual(requests[0].body.spec.audiences, ["vault"]);
    assert.equal(requests.length, 2);
    tokens.forget("u1");
    await tokens.token(pod, "vault", 600, 0);
    assert.equal(requests.length, 3);
  });
});
