import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { KubeObject } from "../../api/types.js";
import { isApiError } from "../../api/errors.js";
import { CONFIGMAPS, NAMESPACES } from "../../client/resources.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { createRootCACertPublisher, ROOT_CA_CONFIGMAP } from "./index.js";

type ConfigMapObject = KubeObject & { data?: Record<string, string> };
const CA = "-----BEGIN CERTIFICATE-----\nMIIB-test-ca\n-----END CERTIFICATE-----\n";

describe("root CA certificate publisher", () => {
  let env: ControllerTestEnv;
  const get = (ns: string) => env.client.get<ConfigMapObject>(CONFIGMAPS, ns, ROOT_CA_CONFIGMAP).catch((err) => (isApiError(err, "NotFound") ? undefined : Promise.reject(err)));

  before(async () => {
    env = await startControllerTestEnv();
    env.ctx.options.rootCAPem = CA;
    env.run(createRootCACertPublisher(env.ctx));
  });
  after(() => env.stop());

  it("publishes kube-root-ca.crt with the CA and upstream's description in every namespace, new ones too", async () => {
    const cm = await env.until("default published", () => get("default"));
    assert.deepEqual(cm.data, { "ca.crt": CA });
    assert.match(cm.metadata.annotations?.["kubernetes.io/description"] ?? "", /^Contains a CA bundle that can be used to verify the kube-apiserver/);
    await env.client.create(NAMESPACES, undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
    assert.deepEqual((await env.until("team-a published", () => get("team-a"))).data, { "ca.crt": CA });
  });

  it("restores the ConfigMap when it is deleted", async () => {
    await env.until("default published", () => get("default"));
    await env.client.delete(CONFIGMAPS, "default", ROOT_CA_CONFIGMAP);
    const back = await env.until("default restored", async () => (await get("default"))?.data?.["ca.crt"] === CA);
    assert.equal(back, true);
  });

  it("puts the CA back when someone edits the ConfigMap", async () => {
    const cm = await env.until("kube-system published", () => get("kube-system"));
    await env.client.update(CONFIGMAPS, "kube-system", { ...cm, data: { "ca.crt": "tampered", extra: "x" } });
    const fixed = await env.until("kube-system fixed", async () => {
      const now = await get("kube-system");
      return now?.data?.["ca.crt"] === CA ? now : undefined;
    });
    assert.deepEqual(fixed.data, { "ca.crt": CA });
  });
});
