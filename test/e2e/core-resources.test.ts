/**
 * Resources upstream serves by default that Skiff added for conformance's
 * set-up and `kubectl cluster-info dump`, driven by the real kubectl
 * against `skiff up --nodes 2`: ReplicationControllers with their manager
 * and scale subresource, ComponentStatuses from live health checks,
 * api-resources listing every added resource, the APF bootstrap
 * configuration, autoscaling/v1 HPAs over the v2 storage, core bindings,
 * dynamic resource allocation objects, the default ServiceCIDR, and a
 * dump that runs to the end.
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
  "bindings",
  "deviceclasses",
  "resourceclaims",
  "resourceclaimtemplates",
  "resourceslices",
  "volumeattributesclasses",
  "ipaddresses",
  "servicecidrs",
];

const HPA_V1_YAML = `apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: web-v1
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  maxReplicas: 4
  targetCPUUtilizationPercentage: 60
`;

const CLAIM_YAML = `apiVersion: resource.k8s.io/v1
kind: DeviceClass
metadata:
  name: gpu.example.com
spec:
  selectors:
  - cel: {expression: "device.driver == 'gpu.example.com'"}
---
apiVersion: resource.k8s.io/v1
kind: ResourceClaim
metadata:
  name: gpu
spec:
  devices:
    requests:
    - name: gpu
      exactly: {deviceClassName: gpu.example.com}
`;

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

  test("an autoscaling/v1 HPA is the v2 object with a CPU utilization metric", async () => {
    await c.k(["apply", "-f", "-"], HPA_V1_YAML);
    const metrics = await c.k(["get", "horizontalpodautoscalers.v2.autoscaling", "web-v1", "-o", "jsonpath={.spec.metrics[0].resource.name}={.spec.metrics[0].resource.target.averageUtilization}"]);
    assert.equal(metrics.trim(), "cpu=60");
    const v1 = await c.k(["get", "horizontalpodautoscalers.v1.autoscaling", "web-v1", "-o", "jsonpath={.spec.targetCPUUtilizationPercentage}"]);
    assert.equal(v1.trim(), "60");
    const table = await c.k(["get", "horizontalpodautoscalers.v1.autoscaling", "web-v1"]);
    assert.match(table.split("\n")[0], /NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE/);
    assert.match(table, /web-v1\s+Deployment\/web\s+cpu: <unknown>\/60%\s+1\s+4\s+0/);
    await c.k(["delete", "hpa", "web-v1"]);
  });

  test("POST bindings binds the pod the Binding names", async () => {
    await c.k(["run", "unscheduled", "--image=nginx", "--overrides", JSON.stringify({ spec: { schedulerName: "no-such-scheduler" } })]);
    const binding = JSON.stringify({ apiVersion: "v1", kind: "Binding", metadata: { name: "unscheduled" }, target: { kind: "Node", name: "node-1" } });
    await c.k(["create", "--raw", "/api/v1/namespaces/default/bindings", "-f", "-"], binding);
    assert.equal((await c.k(["get", "pod", "unscheduled", "-o", "jsonpath={.spec.nodeName}"])).trim(), "node-1");
    await c.k(["delete", "pod", "unscheduled", "--wait=false"]);
  });

  test("DRA objects apply server-side, print and explain; the default ServiceCIDR is Ready", async () => {
    await c.k(["apply", "--server-side", "-f", "-"], CLAIM_YAML);
    assert.match(await c.k(["get", "resourceclaims"]), /gpu\s+pending\s+/);
    assert.equal((await c.k(["get", "resourceclaim", "gpu", "-o", "jsonpath={.spec.devices.requests[0].exactly.allocationMode}"])).trim(), "ExactCount");
    assert.match(await c.k(["explain", "resourceclaims.spec.devices.requests.exactly"]), /deviceClassName/);
    const cidr = await c.k(["get", "servicecidr", "kubernetes", "-o", "jsonpath={.status.conditions[0].type}={.status.conditions[0].status}"]);
    assert.equal(cidr.trim(), "Ready=True");
    await c.k(["delete", "resourceclaim", "gpu"]);
    await c.k(["delete", "deviceclass", "gpu.example.com"]);
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
