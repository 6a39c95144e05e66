/**
 * The metrics API against `skiff up --nodes 2` with the real kubectl:
 * metrics-server runs as a pod of kube-system and its APIService
 * v1beta1.metrics.k8s.io goes Available; kubectl top nodes and pods show
 * usage, which follows a pod's sim.skiff.dev usage annotations while it
 * runs; an HPA scales a Deployment up when its pods' CPU rises; without a
 * metrics-server pod, kubectl top fails as upstream's does.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { condition, getJson, isReady, items, until, untilKubectl, type Obj } from "./wait.js";

const SLOW = { timeoutMs: 90_000, intervalMs: 1_000 };

const web = JSON.stringify({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web" },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: "web" } },
    template: {
      // 10m of a 200m request: 5%, far below the HPA's target.
      metadata: { labels: { app: "web" }, annotations: { "sim.skiff.dev/cpu-usage": "10m", "sim.skiff.dev/memory-usage": "32Mi" } },
      spec: { containers: [{ name: "nginx", image: "nginx", resources: { requests: { cpu: "200m", memory: "64Mi" } } }] },
    },
  },
});

/** The data rows of a kubectl table, split on runs of spaces. */
const rows = (out: string) =>
  out
    .trim()
    .split("\n")
    .slice(1)
    .map((l) => l.trim().split(/\s+/));

describe("metrics API", () => {
  let c: TestCluster;
  let pod = "";

  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "2"] });
  });
  after(async () => {
    await c?.stop();
  });

  test("metrics-server runs in kube-system and its APIService goes Available", async () => {
    const ms = await until(
      "the metrics-server pod is Ready",
      async (seen) => {
        const pods = await items(c, ["get", "pods", "-n", "kube-system", "-l", "k8s-app=metrics-server", "-o", "json"]);
        seen(JSON.stringify(pods.map((p) => p.status)));
        return pods.length === 1 && isReady(pods[0]) ? pods[0] : undefined;
      },
      SLOW,
    );
    const spec = ms.spec as { containers: { image: string; args: string[] }[]; serviceAccountName: string };
    assert.equal(spec.containers[0].image, "registry.k8s.io/metrics-server/metrics-server:v0.8.0");
    assert.equal(spec.serviceAccountName, "metrics-server");
    assert.ok(spec.containers[0].args.includes("--metric-resolution=15s"));
    const svc = await until(
      "v1beta1.metrics.k8s.io is Available",
      async (seen) => {
        const a = await getJson(c, ["get", "apiservice", "v1beta1.metrics.k8s.io"]);
        seen(JSON.stringify(a.status));
        return condition(a, "Available")?.status === "True" ? a : undefined;
      },
      SLOW,
    );
    assert.equal(condition(svc, "Available")?.reason, "Passed");
    const out = await c.k(["get", "apiservice", "v1beta1.metrics.k8s.io"]);
    assert.match(out, /^v1beta1\.metrics\.k8s\.io\s+kube-system\/metrics-server\s+True\s+/m);
    const resources = await c.k(["api-resources", "--api-group=metrics.k8s.io"]);
    assert.match(resources, /^nodes\s+metrics\.k8s\.io\/v1beta1\s+false\s+NodeMetrics$/m);
    assert.match(resources, /^pods\s+metrics\.k8s\.io\/v1beta1\s+true\s+PodMetrics$/m);
  });

  test("kubectl top nodes shows every node's CPU and memory", async () => {
    const out = await untilKubectl(c, ["top", "nodes"], "both nodes have metrics", (o) => /^node-1\s/m.test(o) && /^node-2\s/m.test(o), SLOW);
    assert.match(out.split("\n")[0], /^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\s*$/);
    for (const r of rows(out)) {
      assert.match(r[1], /^\d+m$/, out);
      assert.match(r[2], /^\d+%$/, out);
      assert.match(r[3], /^\d+Mi$/, out);
      // At least the node's own 256Mi system share.
      assert.ok(Number(r[3].slice(0, -2)) >= 256, out);
    }
    const raw = JSON.parse(await c.k(["get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes/node-1"])) as { kind: string; window: string; usage: { cpu: string; memory: string } };
    assert.equal(raw.kind, "NodeMetrics");
    assert.match(raw.window, /^\d+(\.\d+)?s$/);
    assert.match(raw.usage.cpu, /^\d+[nm]?$/);
    assert.match(raw.usage.memory, /^\d+(Ki|Mi)?$/);
  });

  test("kubectl top pods shows a pod's usage as its annotations say", async () => {
    await c.k(["apply", "-f", "-"], web);
    pod = await until(
      "the web pod is Ready",
      async (seen) => {
        const pods = await items(c, ["get", "pods", "-l", "app=web", "-o", "json"]);
        seen(JSON.stringify(pods.map((p) => p.status)));
        return pods.length === 1 && isReady(pods[0]) ? (pods[0].metadata.name as string) : undefined;
      },
      SLOW,
    );
    const all = await untilKubectl(c, ["top", "pods", "-A"], "kubectl top pods -A lists web and metrics-server", (o) => o.includes(pod) && /^kube-system\s+metrics-server-/m.test(o), SLOW);
    assert.match(all.split("\n")[0], /^NAMESPACE\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*$/);
    const containers = await untilKubectl(c, ["top", "pod", pod, "--containers"], "the web pod uses 10m and 32Mi", (o) => new RegExp(`^${pod}\\s+nginx\\s+10m\\s+32Mi\\s*$`, "m").test(o), SLOW);
    assert.match(containers.split("\n")[0], /^POD\s+NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*$/);
  });

  test("kubectl top follows kubectl annotate --overwrite while the container runs", async () => {
    const before = await getJson(c, ["get", "pod", pod]);
    await c.k(["annotate", "pod", pod, "--overwrite", "sim.skiff.dev/cpu-usage=300m", "sim.skiff.dev/memory-usage=100Mi"]);
    await untilKubectl(c, ["top", "pod", pod], "the web pod uses 300m and 100Mi", (o) => new RegExp(`^${pod}\\s+300m\\s+100Mi\\s*$`, "m").test(o), SLOW);
    const after = await getJson(c, ["get", "pod", pod]);
    const restarts = (p: Obj) => (p.status as { containerStatuses: { restartCount: number; state: { running?: { startedAt: string } } }[] }).containerStatuses[0];
    assert.equal(restarts(after).restartCount, 0);
    assert.equal(restarts(after).state.running?.startedAt, restarts(before).state.running?.startedAt);
  });

  test("an HPA on CPU utilisation scales the Deployment up and shows its target", async () => {
    const r = await c.kubectl(["autoscale", "deployment", "web", "--cpu-percent=50", "--min", "1", "--max", "5"]);
    assert.equal(r.code, 0, r.stderr);
    // 300m of a 200m request is 150%: three times the target, so three replicas.
    const events = await until(
      "the HPA reports SuccessfulRescale",
      async (seen) => {
        const evs = (await items(c, ["get", "events", "--field-selector", "involvedObject.kind=HorizontalPodAutoscaler,involvedObject.name=web", "-o", "json"])) as (Obj & { reason?: string; message?: string })[];
        seen(JSON.stringify(evs.map((e) => [e.reason, e.message])));
        return evs.find((e) => e.reason === "SuccessfulRescale");
      },
      SLOW,
    );
    assert.equal(events.message, "New size: 3; reason: cpu resource utilization (percentage of request) above target");
    const hpa = await getJson(c, ["get", "hpa", "web"]);
    const status = hpa.status as { desiredReplicas: number; currentMetrics: { resource: { name: string; current: { averageUtilization: number; averageValue: string } } }[] };
    assert.equal(status.desiredReplicas, 3);
    assert.equal(status.currentMetrics[0].resource.name, "cpu");
    assert.equal(status.currentMetrics[0].resource.current.averageUtilization, 150);
    assert.equal(status.currentMetrics[0].resource.current.averageValue, "300m");
    assert.equal(condition(hpa, "ScalingActive")?.reason, "ValidMetricFound");
    const table = await c.k(["get", "hpa", "web"]);
    assert.match(table, /^web\s+Deployment\/web\s+cpu: 150%\/50%\s+1\s+5\s+\d+\s+/m);
    await untilKubectl(c, ["get", "deployment", "web", "-o", "jsonpath={.status.readyReplicas}"], "web has three ready replicas", (o) => o === "3", SLOW);
    // The new pods use 10m each: (150% + 5% + 5%) / 3 is within the tolerance of the target, so it stays at 3.
    await untilKubectl(c, ["get", "hpa", "web"], "the HPA averages over the three pods", (o) => /cpu: 53%\/50%/.test(o), SLOW);
    assert.equal(await c.k(["get", "deployment", "web", "-o", "jsonpath={.spec.replicas}"]), "3");
  });

  test("an HPA on an average CPU value scales the Deployment up", async () => {
    const api = JSON.parse(web) as Obj & { spec: { template: { metadata: { labels: Record<string, string>; annotations: Record<string, string> } }; selector: { matchLabels: Record<string, string> } } };
    api.metadata.name = "api";
    api.spec.selector.matchLabels = { app: "api" };
    api.spec.template.metadata.labels = { app: "api" };
    api.spec.template.metadata.annotations["sim.skiff.dev/cpu-usage"] = "250m";
    const hpa = {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "api" },
      spec: { scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "api" }, minReplicas: 1, maxReplicas: 4, metrics: [{ type: "Resource", resource: { name: "cpu", target: { type: "AverageValue", averageValue: "100m" } } }] },
    };
    await c.k(["apply", "-f", "-"], `${JSON.stringify(api)}\n---\n${JSON.stringify(hpa)}`);
    // 250m against an average of 100m: ceil(2.5 × 1) = 3.
    const event = await until(
      "the api HPA reports SuccessfulRescale",
      async (seen) => {
        const evs = (await items(c, ["get", "events", "--field-selector", "involvedObject.kind=HorizontalPodAutoscaler,involvedObject.name=api", "-o", "json"])) as (Obj & { reason?: string; message?: string })[];
        seen(JSON.stringify(evs.map((e) => [e.reason, e.message])));
        return evs.find((e) => e.reason === "SuccessfulRescale");
      },
      SLOW,
    );
    assert.equal(event.message, "New size: 3; reason: cpu resource above target");
    const table = await c.k(["get", "hpa", "api"]);
    assert.match(table, /^api\s+Deployment\/api\s+cpu: 250m\/100m\s+1\s+4\s+\d+\s+/m);
  });

  test("without a metrics-server pod, the Metrics API is unavailable to kubectl top", async () => {
    await c.k(["scale", "deployment", "metrics-server", "-n", "kube-system", "--replicas=0"]);
    await untilKubectl(c, ["get", "apiservice", "v1beta1.metrics.k8s.io"], "the APIService reports MissingEndpoints", (o) => /False \(MissingEndpoints\)/.test(o), SLOW);
    const r = await c.kubectl(["top", "nodes"]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /error: Metrics API not available/);
    const raw = await c.kubectl(["get", "--raw", "/apis/metrics.k8s.io/v1beta1/nodes"]);
    assert.match(raw.stderr, /the server is currently unable to handle the request/);
    await c.k(["scale", "deployment", "metrics-server", "-n", "kube-system", "--replicas=1"]);
    await untilKubectl(c, ["top", "nodes"], "kubectl top nodes works again", (o) => /^node-1\s/m.test(o), SLOW);
  });
});
