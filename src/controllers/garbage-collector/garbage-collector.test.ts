import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import { CONFIGMAPS, DEPLOYMENTS, PDBS, PODS, REPLICASETS, ROLES } from "../../client/index.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../client/types.js";
import { createDeploymentController } from "../deployment/index.js";
import { createReplicaSetController } from "../replicaset/index.js";
import { startControllerTestEnv, type ControllerTestEnv } from "../shared/controller-test-env.js";
import { createGarbageCollector } from "./garbage-collector.js";
import { DEFAULT_MONITORED_RESOURCES } from "./resources.js";

function deployment(name: string, replicas: number): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "main", image: "nginx" }] } } },
  };
}

const names = async (env: ControllerTestEnv, gvr: typeof PODS) => (await env.client.list(gvr, { namespace: "default" })).items.map((o) => o.metadata.name!);

describe("Garbage collector against an API server", () => {
  let env: ControllerTestEnv;
  beforeEach(async () => {
    env = await startControllerTestEnv();
    env.run(createDeploymentController(env.ctx), createReplicaSetController(env.ctx), createGarbageCollector(env.ctx));
    await env.client.create(DEPLOYMENTS, "default", deployment("web", 2));
    await env.until("2 pods", async () => (await names(env, PODS)).length === 2);
  });
  afterEach(() => env.stop());

  it("deletes the ReplicaSet and its pods after a background delete of the Deployment", async () => {
    await env.client.delete(DEPLOYMENTS, "default", "web", { propagationPolicy: "Background" });
    await env.until("everything gone", async () => (await names(env, REPLICASETS)).length === 0 && (await names(env, PODS)).length === 0);
  });

  it("keeps the ReplicaSet, without its owner reference, after an orphaning delete", async () => {
    const [rsName] = await names(env, REPLICASETS);
    await env.client.delete(DEPLOYMENTS, "default", "web", { propagationPolicy: "Orphan" });
    await env.until("deployment gone", async () => !(await names(env, DEPLOYMENTS)).length);
    const rs = await env.client.get(REPLICASETS, "default", rsName);
    assert.equal(rs.metadata.ownerReferences, undefined);
    assert.equal((await names(env, PODS)).length, 2);
  });

  it("deletes pods and the ReplicaSet before the Deployment in a foreground delete", async () => {
    await env.client.delete(DEPLOYMENTS, "default", "web", { propagationPolicy: "Foreground" });
    const seen: string[] = [];
    await env.until("deployment gone", async () => {
      const [d, rs, pods] = [(await names(env, DEPLOYMENTS)).length, (await names(env, REPLICASETS)).length, (await names(env, PODS)).length];
      seen.push(`${d}${rs}${pods}`);
      if (d === 1) {
        const live = await env.client.get(DEPLOYMENTS, "default", "web");
        assert.ok(live.metadata.finalizers?.includes("foregroundDeletion"));
      }
      return d === 0;
    });
    assert.equal(seen.at(-1), "000");
    assert.ok(seen.every((s) => s[0] === "0" || s[0] === "1"));
    assert.ok(!seen.some((s) => s[0] === "0" && s !== "000"), `the deployment outlived its children: ${seen.join(" ")}`);
  });

  it("deletes an object whose only owner no longer exists", async () => {
    await env.client.create(CONFIGMAPS, "default", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: "stray", namespace: "default", ownerReferences: [{ apiVersion: "apps/v1", kind: "Deployment", name: "ghost", uid: "00000000-0000-0000-0000-000000000000" }] },
    });
    await env.until("stray gone", async () => !(await names(env, CONFIGMAPS)).includes("stray"));
  });

  it("keeps an object with one live owner and drops the reference to the missing one", async () => {
    const d = await env.client.get(DEPLOYMENTS, "default", "web");
    await env.client.create(CONFIGMAPS, "default", {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: {
        name: "shared",
        namespace: "default",
        ownerReferences: [
          { apiVersion: "apps/v1", kind: "Deployment", name: "web", uid: d.metadata.uid! },
          { apiVersion: "apps/v1", kind: "Deployment", name: "ghost", uid: "00000000-0000-0000-0000-000000000000" },
        ],
      },
    });
    const cm = await env.until("reference dropped", async () => {
      const c = await env.client.get(CONFIGMAPS, "default", "shared");
      return c.metadata.ownerReferences?.length === 1 ? c : undefined;
    });
    assert.equal(cm.metadata.ownerReferences![0].name, "web");
  });

  it("finishes a foreground delete of any deletable kind: a PodDisruptionBudget and a Role, which have no dependents, go", async () => {
    await env.client.create(PDBS, "default", { apiVersion: "policy/v1", kind: "PodDisruptionBudget", metadata: { name: "web", namespace: "default" }, spec: { minAvailable: 1, selector: { matchLabels: { app: "web" } } } });
    await env.client.create(ROLES, "default", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "Role", metadata: { name: "reader", namespace: "default" }, rules: [] });
    await env.client.delete(PDBS, "default", "web", { propagationPolicy: "Foreground" });
    await env.client.delete(ROLES, "default", "reader", { propagationPolicy: "Foreground" });
    const gone = async (gvr: typeof PDBS, name: string) => {
      try {
        await env.client.get(gvr, "default", name);
        return false;
      } catch (err) {
        if (isApiError(err, "NotFound")) return true;
        throw err;
      }
    };
    await env.until("the budget and the role are gone", async () => (await gone(PDBS, "web")) && (await gone(ROLES, "reader")));
  });
});

describe("Garbage collector's resources", () => {
  it("are every built-in kind it can list, watch and delete, in its preferred version, without Events", () => {
    const ids = DEFAULT_MONITORED_RESOURCES.map((r) => `${r.gvr.group}/${r.gvr.version}/${r.gvr.resource}`);
    for (const id of ["/v1/pods", "/v1/namespaces", "policy/v1/poddisruptionbudgets", "rbac.authorization.k8s.io/v1/clusterroles", "networking.k8s.io/v1/ingresses", "autoscaling/v2/horizontalpodautoscalers", "apps/v1/deployments"]) {
      assert.ok(ids.includes(id), `${id} is watched`);
    }
    for (const id of ["/v1/events", "events.k8s.io/v1/events", "autoscaling/v1/horizontalpodautoscalers", "/v1/bindings", "/v1/componentstatuses", "authorization.k8s.io/v1/subjectaccessreviews"]) {
      assert.ok(!ids.includes(id), `${id} is not watched`);
    }
    assert.equal(new Set(ids).size, ids.length);
  });
});
