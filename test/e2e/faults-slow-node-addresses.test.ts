/**
 * The SlowNodeAddresses Fault (S10) on `skiff up --nodes 1`: kube-proxy
 * enumerates the node's addresses on every sync again, at a CPU cost,
 * instead of using its 15-minute cache. Its sync durations
 * (kubeproxy_sync_proxy_rules_duration_seconds on /metrics) rise while
 * the Fault is in force and fall back once it is deleted.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { until } from "./wait.js";
import { deleteFault, doctorClean, skiff } from "./faults-common.js";

/** Sum and count of the sync duration histogram. */
async function syncDurations(port: number): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(text)?.[1] ?? NaN);
  return { sum: value("kubeproxy_sync_proxy_rules_duration_seconds_sum"), count: value("kubeproxy_sync_proxy_rules_duration_seconds_count") };
}

/** Average duration of the syncs that n Service changes cause. */
async function averageSync(c: TestCluster, port: number, tag: string, n: number): Promise<number> {
  const before = await syncDurations(port);
  for (let i = 0; i < n; i++) {
    await c.k(["create", "service", "clusterip", `${tag}-${i}`, "--tcp=80:80"]);
    // One sync per change: wait for it before the next.
    await until(`sync ${tag}-${i}`, async () => (await syncDurations(port)).count > before.count + i || undefined);
  }
  const after = await syncDurations(port);
  return (after.sum - before.sum) / (after.count - before.count);
}

describe("Fault SlowNodeAddresses (S10)", { timeout: 240_000 }, () => {
  let c: TestCluster;
  let port: number;
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "1"] });
    port = (JSON.parse(readFileSync(join(c.dataDir, "ports.json"), "utf8")) as Record<string, number>)["kube-proxy"];
  });
  after(() => c?.stop());

  test("kube-proxy's syncs take the enumeration's cost while the Fault is in force", async () => {
    const cached = await averageSync(c, port, "a", 3);
    const made = await skiff(c, ["chaos", "SlowNodeAddresses", "--delay", "300ms"]);
    assert.equal(made.code, 0, made.stderr);
    await until("fault seen", async () => (await c.kubectl(["get", "fault", "slownodeaddresses"])).code === 0 || undefined);
    const slow = await averageSync(c, port, "b", 3);
    assert.ok(slow >= 0.3, `syncs average ${slow}s under the fault`);
    assert.ok(cached < 0.3, `syncs averaged ${cached}s before it`);

    await deleteFault(c, "slownodeaddresses");
    const healed = await averageSync(c, port, "c", 3);
    assert.ok(healed < 0.3, `syncs average ${healed}s after the fault`);
    await doctorClean(c);
  });
});
