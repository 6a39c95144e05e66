/**
 * Resources upstream serves by default that Skiff added for conformance's
 * set-up and `kubectl cluster-info dump`, driven by the real kubectl
 * against `skiff up --nodes 2`: ReplicationControllers with their manager
 * and scale subresource, ComponentStatuses from live health checks,
 * api-resources listing every added resource, the APF bootstrap
 * configuration, and a dump that runs to the end.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { untilKubectl } from "./wait.js";

const RC_YAML = `apiVersion: v1
kind: ReplicationController
metadata:
  name: web
spec:
  replicas: 2
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx
`;

const ADDED = [
  "replicationcontrollers",
  "componentstatuses",
  "podtemplates",
  "runtimeclasses",
  "flowschemas",
  "prioritylevelconfigurations",
  "csidrivers",
  "csinodes",
  "csistoragecapacities",
  "volumeattachments",
];

describe("core resources upstream serves by default", () => {
  let c: TestCluster;
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "2"] });
  });
  after(async () => {
    await c?.stop();
  });

  test("a ReplicationController gets its pods, scales with kubectl scale rc, and describes", async () => {
    await c.k(["apply", "-f", "-"], RC_YAML);
    await untilKubectl(c, ["get", "rc", "web", "--no-headers"], "rc web with 2 current", (out) => /^web\s+2\s+2\s+/.test(out.trim()));
    const wide = await c.k(["get", "rc", "web", "-o", "wide"]);
    assert.match(wide.split("\n")[0], /NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR/);
    assert.match(wide, /web\s+nginx\s+app=web/);
    const pods = await c.k(["get", "pods", "-l", "app=web", "-o", "jsonpath={.items[*].metadata.ownerReferences[0].kind}"]);
    assert.deepEqual(pods.trim().split(" "), ["ReplicationController", "ReplicationController"]);
    assert.match(await c.k(["scale", "rc", "web", "--replicas=3"]), /replicationcontroller\/web scaled/);
    await untilKubectl(c, ["get", "rc", "web", "--no-headers"], "rc web with 3 current", (out) => /^web\s+3\s+3\s+/.test(out.trim()));
    const described = await c.k(["describe", "rc", "web"]);
    assert.match(described, /Replicas:\s+3 current \/ 3 desired/);
    assert.match(described, /SuccessfulCreate/);
    await c.k(["delete", "rc", "web"]);
    await untilKubectl(c, ["get", "pods", "-l", "app=web", "--no-headers"], "the RC's pods garbage collected", (out) => out.trim() === "", { timeoutMs: 30_000 });
  });

  test("kubectl get cs reports the scheduler, controller-manager and etcd-0 healthy with the deprecation warning", async () => {
    const r = await c.kubectl(["get", "cs"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /v1 ComponentStatus is deprecated in v1\.19\+/);
    for (const name of ["scheduler", "controller-manager", "etcd-0"]) assert.match(r.stdout, new RegExp(`${name}\\s+Healthy\\s+ok`));
  });

  test("kubectl api-resources lists every added resource", async () => {
    const out = await c.k(["api-resources", "-o", "name"]);
    const names = new Set(out.trim().split("\n").map((l) => l.split(".")[0]));
    for (const r of ADDED) assert.ok(names.has(r), `api-resources lacks ${r}`);
    const wide = await c.k(["api-resources"]);
    assert.match(wide, /replicationcontrollers\s+rc\s+v1\s+true\s+ReplicationController/);
    assert.match(wide, /componentstatuses\s+cs\s+v1\s+false\s+ComponentStatus/);
  });

  test("the APF bootstrap configuration exists with its Dangling conditions", async () => {
    const pls = await c.k(["get", "prioritylevelconfigurations", "-o", "name"]);
    for (const n of ["exempt", "catch-all", "system", "workload-low", "global-default"]) assert.match(pls, new RegExp(`/${n}$`, "m"));
    await untilKubectl(c, ["get", "flowschema", "catch-all", "--no-headers"], "catch-all not dangling", (out) => /^catch-all\s+catch-all\s+10000\s+ByUser\s+\S+\s+False$/.test(out.trim()));
  });

  test("kubectl cluster-info dump runs to the end", async () => {
    const dir = mkdtempSync(join(tmpdir(), "skiff-dump-"));
    try {
      const r = await c.kubectl(["cluster-info", "dump", "--all-namespaces", "--output-directory", dir], { timeoutMs: 120_000 });
      assert.equal(r.code, 0, `cluster-info dump failed:\n${r.stderr}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
