/**
 * S8 is a workload, not a Fault: a Deployment whose revisionHistoryLimit
 * keeps every old ReplicaSet, rolled out many times (the README's
 * commands). The ReplicaSets pile up, one per revision; `skiff doctor`
 * flags the Deployment; with the default limit back, the old ones go and
 * the doctor is clean.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { items, until } from "./wait.js";
import { doctorClean, doctorFinds } from "./faults-common.js";

const ROLLS = 15;

describe("S8: a Deployment keeping every old ReplicaSet", { timeout: 240_000 }, () => {
  let c: TestCluster;
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "1"] });
  });
  after(() => c?.stop());

  test("rolled many times, its ReplicaSets pile up and the doctor flags it; the default limit cleans them up", async () => {
    await c.k(["create", "deployment", "hoard", "--image=nginx:1.27"]);
    await c.k(["patch", "deployment", "hoard", "-p", JSON.stringify({ spec: { revisionHistoryLimit: 2147483647 } })]);
    for (let i = 1; i <= ROLLS; i++) {
      await c.k(["set", "env", "deployment/hoard", `ROLL=${i}`]);
      // One revision at a time, as a rollout per release: each leaves a ReplicaSet behind.
      await until(`revision ${i + 1}`, async () => (await items(c, ["get", "replicasets", "-l", "app=hoard"])).length === i + 1, { timeoutMs: 30_000 });
    }
    const found = await doctorFinds(c, "old ReplicaSets", (f) => f.check === "old-replicasets" && f.about.name === "hoard");
    assert.equal(found.run.code, 1);

    await c.k(["patch", "deployment", "hoard", "-p", JSON.stringify({ spec: { revisionHistoryLimit: 10 } })]);
    const left = await until("old ReplicaSets trimmed", async () => {
      const rs = await items(c, ["get", "replicasets", "-l", "app=hoard"]);
      return rs.length === 11 ? rs : undefined;
    }, { timeoutMs: 30_000 });
    assert.equal(left.length, 11);
    await doctorClean(c);
  });
});
