/**
 * kubectl get -w streams changes as they happen; a restart on the same data
 * directory keeps every object and resourceVersions keep increasing.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { rawClient } from "./api-client.js";
import { configMap } from "./fixtures.js";

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("watch and persistence", { concurrency: false }, () => {
  let c: TestCluster;
  before(async () => {
    c = await startTestCluster();
  });
  after(async () => {
    await c?.stop();
  });

  test("kubectl get -w prints the existing objects, then each change", async () => {
    await c.k(["apply", "-f", "-"], configMap("watched", { v: "1" }));
    const w = c.spawnKubectl(["get", "cm", "-w", "-l", "watch=yes"]);
    await c.k(["label", "cm", "watched", "watch=yes"]);
    await until("the labelled object", () => /watched\s+1\s+\d+s/.test(w.output()));
    await c.k(["patch", "cm", "watched", "-p", '{"data":{"w":"2"}}']);
    await until("the modification", () => /watched\s+2\s+\d+s/.test(w.output()));
    assert.match(w.output(), /^NAME\s+DATA\s+AGE$/m);
    w.proc.kill("SIGKILL");
  });

  test("a raw watch resumes from a resourceVersion, and sendInitialEvents ends with the initial-events-end bookmark", async () => {
    const api = rawClient(c.kubeconfig);
    const created = await api.request("POST", "/api/v1/namespaces/default/configmaps", { headers: { "content-type": "application/json" }, body: configMap("resume", { a: "1" }) });
    const rv = created.json<{ metadata: { resourceVersion: string } }>().metadata.resourceVersion;
    await c.k(["patch", "cm", "resume", "-p", '{"data":{"a":"2"}}']);
    await c.k(["delete", "cm", "resume"]);
    const stream = await api.request("GET", `/api/v1/namespaces/default/configmaps?watch=1&resourceVersion=${rv}&timeoutSeconds=1&fieldSelector=metadata.name%3Dresume`);
    const events = stream.body.trim().split("\n").map((l) => JSON.parse(l) as { type: string; object: { data?: { a?: string } } });
    assert.deepEqual(events.map((e) => e.type), ["MODIFIED", "DELETED"]);
    assert.equal(events[0].object.data?.a, "2");
    const initial = await api.request("GET", "/api/v1/namespaces?watch=1&sendInitialEvents=true&allowWatchBookmarks=true&resourceVersionMatch=NotOlderThan&timeoutSeconds=1");
    const lines = initial.body.trim().split("\n").map((l) => JSON.parse(l) as { type: string; object: { metadata: { name?: string; annotations?: Record<string, string> } } });
    assert.ok(lines.filter((l) => l.type === "ADDED").map((l) => l.object.metadata.name).includes("kube-system"));
    const bookmark = lines.find((l) => l.type === "BOOKMARK");
    assert.equal(bookmark?.object.metadata.annotations?.["k8s.io/initial-events-end"], "true");
  });

  test("restarting skiff up on the same data directory keeps objects and resourceVersions increase", async () => {
    await c.k(["apply", "-f", "-"], configMap("durable", { keep: "me" }));
    const before = Number(await c.k(["get", "cm", "durable", "-o", "jsonpath={.metadata.resourceVersion}"]));
    const uid = await c.k(["get", "cm", "durable", "-o", "jsonpath={.metadata.uid}"]);
    await c.restart();
    assert.equal(await c.k(["get", "cm", "durable", "-o", "jsonpath={.data.keep}"]), "me");
    assert.equal(await c.k(["get", "cm", "durable", "-o", "jsonpath={.metadata.uid}"]), uid);
    await c.k(["apply", "-f", "-"], configMap("after-restart", {}));
    const after = Number(await c.k(["get", "cm", "after-restart", "-o", "jsonpath={.metadata.resourceVersion}"]));
    assert.ok(after > before, `${after} > ${before}`);
    assert.match(await c.k(["get", "svc", "kubernetes"]), /kubernetes\s+ClusterIP\s+10\.96\.0\.1\s/);
  });
});
