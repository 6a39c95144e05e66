import assert from "node:assert/strict";
import { afterEach, beforeEach, describe, it } from "node:test";
import type { PDBObject } from "../policy/pdb-status.js";
import type { PodObject } from "./pod-types.js";
import { PDBS, PODS } from "../../client/index.js";
import { startTestCluster, type TestCluster } from "../../client/test-fixtures.js";

const LABELS = { app: "web" };

interface ErrLike {
  code?: number;
  message?: string;
  details?: { causes?: { reason?: string; message?: string }[] };
}

describe("pods/eviction against PodDisruptionBudgets", () => {
  let c: TestCluster;
  beforeEach(async () => (c = await startTestCluster()));
  afterEach(() => c.close());

  async function pod(name: string, phase: string, ready: boolean): Promise<PodObject> {
    const created = await c.client.create<PodObject>(PODS, "default", {
      metadata: { name, namespace: "default", labels: LABELS },
      spec: { nodeName: "n1", containers: [{ name: "c", image: "nginx" }] },
    });
    return c.client.update<PodObject>(PODS, "default", { ...created, status: { phase, conditions: [{ type: "Ready", status: ready ? "True" : "False" }] } }, { subresource: "status" });
  }

  /** A budget whose status says what the controller would have computed. */
  async function budget(name: string, status: Partial<NonNullable<PDBObject["status"]>>, spec: PDBObject["spec"] = {}): Promise<PDBObject> {
    const created = await c.client.create<PDBObject>(PDBS, "default", { metadata: { name, namespace: "default" }, spec: { selector: { matchLabels: LABELS }, minAvailable: 1, ...spec } });
    const full = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0, observedGeneration: 1, ...status };
    return c.client.update<PDBObject>(PDBS, "default", { ...created, status: full }, { subresource: "status" });
  }

  const evict = (name: string, deleteOptions?: Record<string, unknown>) =>
    c.client.createSubresource(PODS, "default", name, "eviction", { apiVersion: "policy/v1", kind: "Eviction", metadata: { name, namespace: "default" }, deleteOptions });
  const isDeleted = async (name: string) => {
    const p = await c.client.get<PodObject>(PODS, "default", name).catch(() => undefined);
    return !p || !!p.metadata.deletionTimestamp;
  };
  const rejectsWith = (p: Promise<unknown>, code: number, message: string | RegExp, cause?: string) =>
    assert.rejects(p, (err: ErrLike) => {
      assert.equal(err.code, code);
      assert.match(err.message ?? "", typeof message === "string" ? new RegExp(`^${message.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`) : message);
      if (cause !== undefined) assert.deepEqual(err.details?.causes?.[0], { reason: "DisruptionBudget", message: cause });
      return true;
    });

  it("takes a disruption from the budget and deletes the pod, marked a DisruptionTarget", async () => {
    await pod("a", "Running", true);
    await budget("b", { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 });
    await evict("a");
    const b = await c.client.get<PDBObject>(PDBS, "default", "b");
    assert.equal(b.status!.disruptionsAllowed, 0);
    assert.deepEqual(Object.keys(b.status!.disruptedPods ?? {}), ["a"]);
    assert.deepEqual(
      b.status!.conditions?.map((x) => [x.type, x.status, x.reason]),
      [["DisruptionAllowed", "False", "InsufficientPods"]],
    );
    const gone = await c.client.get<PodObject>(PODS, "default", "a").catch(() => undefined);
    if (gone) assert.ok(gone.status?.conditions?.some((x) => x.type === "DisruptionTarget" && x.reason === "EvictionByEvictionAPI"));
    assert.ok(await isDeleted("a"));
  });

  it("refuses with 429 and the DisruptionBudget cause when no disruption is allowed", async () => {
    await pod("a", "Running", true);
    await budget("b", { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 });
    await rejectsWith(evict("a"), 429, "Cannot evict pod as it would violate the pod's disruption budget.", "The disruption budget b needs 1 healthy pods and has 1 currently");
    assert.equal(await isDeleted("a"), false);
  });

  it("refuses while the budget's latest generation is not yet observed", async () => {
    await pod("a", "Running", true);
    await budget("b", { disruptionsAllowed: 1, currentHealthy: 1, desiredHealthy: 0, expectedPods: 1, observedGeneration: 0 });
    await rejectsWith(evict("a"), 429, "Cannot evict pod as it would violate the pod's disruption budget.", "The disruption budget b is still being processed by the server.");
  });

  it("answers 500 for a pod under two budgets", async () => {
    await pod("a", "Running", true);
    await budget("b1", { disruptionsAllowed: 1 });
    await budget("b2", { disruptionsAllowed: 1 });
    await rejectsWith(evict("a"), 500, "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
    assert.equal(await isDeleted("a"), false);
  });

  it("evicts pending and terminal pods without looking at the budget", async () => {
    await pod("p", "Pending", false);
    await pod("s", "Succeeded", false);
    await budget("b", { disruptionsAllowed: 0 });
    await evict("p");
    await evict("s");
    assert.ok(await isDeleted("p"));
    assert.ok(await isDeleted("s"));
    assert.equal((await c.client.get<PDBObject>(PDBS, "default", "b")).status!.disruptionsAllowed, 0);
  });

  it("dry-run checks the budget but changes nothing", async () => {
    await pod("a", "Running", true);
    await budget("b", { disruptionsAllowed: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 });
    await evict("a", { dryRun: ["All"] });
    assert.equal(await isDeleted("a"), false);
    const b = await c.client.get<PDBObject>(PDBS, "default", "b");
    assert.equal(b.status!.disruptionsAllowed, 1);
    assert.equal(b.status!.disruptedPods, undefined);
  });

  it("evicts an unready pod without a disruption when the budget is healthy (IfHealthyBudget)", async () => {
    await pod("u", "Running", false);
    await budget("b", { disruptionsAllowed: 0, currentHealthy: 2, desiredHealthy: 2, expectedPods: 3 });
    await evict("u");
    assert.ok(await isDeleted("u"));
    assert.equal((await c.client.get<PDBObject>(PDBS, "default", "b")).status!.disruptedPods, undefined);
  });

  it("keeps an unready pod when the budget is short, unless the policy is AlwaysAllow", async () => {
    await pod("u", "Running", false);
    await budget("b", { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 2, expectedPods: 3 });
    await rejectsWith(evict("u"), 429, "Cannot evict pod as it would violate the pod's disruption budget.");
    const b = await c.client.get<PDBObject>(PDBS, "default", "b");
    await c.client.update(PDBS, "default", { ...b, spec: { ...b.spec, unhealthyPodEvictionPolicy: "AlwaysAllow" } });
    await evict("u");
    assert.ok(await isDeleted("u"));
  });

  it("honours the eviction's delete preconditions", async () => {
    await pod("a", "Running", true);
    await budget("b", { disruptionsAllowed: 2, currentHealthy: 3, desiredHealthy: 1, expectedPods: 3 });
    await rejectsWith(evict("a", { preconditions: { uid: "someone-else" } }), 409, /Precondition failed: UID in precondition: someone-else/);
    assert.equal(await isDeleted("a"), false);
  });
});
