import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject } from "../../api/types.js";
import { EVENTS, PODS, SECRETS } from "../../client/resources.js";
import { fixtureView } from "../fixture-source.js";
import { event, pod, T0 } from "../test-fixtures.js";
import { classifyPullError, imagePull, registryOf } from "./image-pull.js";

function pulling(name: string, image: string, secrets: string[]): KubeObject {
  const p = pod("shop", name, "node-1", "10.244.1.4", { ready: false, phase: "Pending" });
  (p.spec as { containers: object[]; imagePullSecrets?: object[] }).containers = [{ name: "main", image }];
  (p.spec as { imagePullSecrets?: object[] }).imagePullSecrets = secrets.map((s) => ({ name: s }));
  (p.status as { containerStatuses: object[] }).containerStatuses = [{ name: "main", image, ready: false, restartCount: 0, state: { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${image}"` } } }];
  return p;
}
const REFUSED = 'Failed to pull image "registry.example.com/shop/api:1.2": failed to authorize: failed to fetch oauth token: unexpected status: 401 Unauthorized';

describe("image-pull", () => {
  it("reads registries and error kinds", () => {
    assert.equal(registryOf("nginx:1.25"), "docker.io");
    assert.equal(registryOf("registry.example.com/shop/api:1.2"), "registry.example.com");
    assert.equal(registryOf("localhost:5000/x"), "localhost:5000");
    assert.equal(classifyPullError(REFUSED).kind, "credentials refused");
    assert.equal(classifyPullError("dial tcp 10.0.0.9:443: i/o timeout").kind, "registry unreachable");
  });

  it("names the registry's error and the pull secret used, once for the pods failing the same way (S11)", async () => {
    const secret = { metadata: { name: "regcred", namespace: "shop" }, type: "kubernetes.io/dockerconfigjson", data: { ".dockerconfigjson": Buffer.from(JSON.stringify({ auths: { "registry.example.com": { auth: "eDp5" } } })).toString("base64") } };
    const view = fixtureView({
      objects: [
        [PODS, [pulling("api-1", "registry.example.com/shop/api:1.2", ["regcred"]), pulling("api-2", "registry.example.com/shop/api:1.2", ["regcred"])]],
        [SECRETS, [secret]],
        [EVENTS, [event({ kind: "Pod", namespace: "shop", name: "api-1" }, "Failed", REFUSED, -5000)]],
      ],
    });
    const [f, ...rest] = await imagePull.run({ view, now: T0 });
    assert.equal(rest.length, 0);
    assert.equal(f.summary, "2 pods cannot pull images from registry.example.com: credentials refused (shop/api-1, shop/api-2)");
    assert.deepEqual(f.chain.map((s) => s.text), [
      'Pod shop/api-1 container main (registry.example.com/shop/api:1.2): ImagePullBackOff: Back-off pulling image "registry.example.com/shop/api:1.2"',
      `Event Failed: ${REFUSED}`,
      "registry registry.example.com: credentials refused",
      "imagePullSecret shop/regcred: kubernetes.io/dockerconfigjson with credentials for registry.example.com",
    ]);
    assert.match(f.fix, /shop\/regcred are refused by registry.example.com/);
  });
});
