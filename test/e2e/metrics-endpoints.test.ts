/**
 * /metrics of every component, in the Prometheus text format: the API
 * server's and each kubelet's through the real kubectl (`get --raw`), the
 * controller manager's and scheduler's on their secure ports over HTTPS
 * with the admin kubeconfig's client certificate, as a Prometheus server
 * configured with that kubeconfig would scrape them.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import https from "node:https";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse } from "yaml";
import { findSamples, parseSamples, sampleValue, type Sample } from "../../dist/metrics/testing/samples.js";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { items, until } from "./wait.js";

interface Credentials {
  ca: string;
  cert: string;
  key: string;
}

/** The cluster CA and the admin's client certificate, from the kubeconfig. */
function credentialsFrom(kubeconfig: string): Credentials {
  const doc = parse(readFileSync(kubeconfig, "utf8")) as { clusters: { cluster: Record<string, string> }[]; users: { user: Record<string, string> }[] };
  const b64 = (s: string) => Buffer.from(s, "base64").toString();
  return { ca: b64(doc.clusters[0].cluster["certificate-authority-data"]), cert: b64(doc.users[0].user["client-certificate-data"]), key: b64(doc.users[0].user["client-key-data"]) };
}

/** GET over HTTPS, verifying the server against the cluster CA; with the client certificate unless anonymous. */
function get(port: number, path: string, creds: Credentials, anonymous = false): Promise<{ status: number; contentType: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.get({ host: "127.0.0.1", port, path, ca: creds.ca, ...(anonymous ? {} : { cert: creds.cert, key: creds.key }), servername: "localhost" }, (res) => {
      let body = "";
      res.on("data", (d: Buffer) => (body += d.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject);
  });
}

describe("/metrics of every component", () => {
  let c: TestCluster;
  let creds: Credentials;
  let ports: { "kube-apiserver": number; "kube-controller-manager": number; "kube-scheduler": number };

  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "1", "--node-capacity", "cpu=2,memory=4Gi,pods=110"] });
    creds = credentialsFrom(c.kubeconfig);
    ports = JSON.parse(readFileSync(join(c.dataDir, "ports.json"), "utf8"));
    await c.k(["create", "deployment", "web", "--image=nginx", "--replicas=2"]);
    await c.k(["rollout", "status", "deployment/web", "--timeout=60s"]);
  });
  after(async () => {
    await c?.stop();
  });

  const rawSamples = async (path: string): Promise<Sample[]> => parseSamples(await c.k(["get", "--raw", path]));

  test("ports.json names the ports listened on", async () => {
    assert.ok(c.kubeconfig && readFileSync(c.kubeconfig, "utf8").includes(`127.0.0.1:${ports["kube-apiserver"]}`));
    assert.ok(ports["kube-controller-manager"] > 0 && ports["kube-scheduler"] > 0);
    assert.notEqual(ports["kube-controller-manager"], ports["kube-scheduler"]);
  });

  test("kubectl get --raw /metrics: the API server's requests, latencies, watch events and stored objects", async () => {
    const s = await rawSamples("/metrics");
    const creates = findSamples(s, "apiserver_request_total", { verb: "POST", group: "apps", version: "v1", resource: "deployments", scope: "resource", code: "201", component: "apiserver", dry_run: "", subresource: "" });
    assert.equal(creates.length, 1);
    assert.equal(creates[0].value, 1);
    // The kubelet's status updates, as upstream counts them.
    assert.ok(findSamples(s, "apiserver_request_total", { resource: "pods", subresource: "status", verb: "PATCH", code: "200" }).length > 0);
    const lists = findSamples(s, "apiserver_request_duration_seconds_count", { verb: "LIST", resource: "pods" });
    assert.ok(lists.length > 0, "the informers' pod lists are timed");
    assert.ok(findSamples(s, "apiserver_request_duration_seconds_bucket", { verb: "POST", resource: "deployments", le: "60" })[0]?.value === 1);
    assert.ok((sampleValue(s, "apiserver_watch_events_total", { group: "apps", version: "v1", kind: "Deployment" }) ?? 0) > 0, "the controllers watch deployments");
    // web, and kube-system/metrics-server and coredns that `skiff up` deploys on a cluster with nodes.
    assert.equal(sampleValue(s, "apiserver_storage_objects", { resource: "deployments.apps" }), 3);
    assert.equal(sampleValue(s, "apiserver_storage_objects", { resource: "replicasets.apps" }), 3);
    assert.equal(sampleValue(s, "apiserver_storage_objects", { resource: "nodes" }), 1);
    assert.ok((sampleValue(s, "process_start_time_seconds", {}) ?? 0) > 1.7e9);
  });

  test("kubectl get --raw /api/v1/nodes/node-1/proxy/metrics: the kubelet's PLEG relist duration and interval", async () => {
    const s = await until("the kubelet relisted at least twice", async (seen) => {
      const samples = await rawSamples("/api/v1/nodes/node-1/proxy/metrics");
      const n = sampleValue(samples, "kubelet_pleg_relist_interval_seconds_count", {}) ?? 0;
      seen(String(n));
      return n >= 1 ? samples : undefined;
    });
    assert.ok((sampleValue(s, "kubelet_pleg_relist_duration_seconds_count", {}) ?? 0) >= 2);
    assert.equal(findSamples(s, "kubelet_pleg_relist_interval_seconds_bucket").length, 12, "Prometheus' 11 default buckets and +Inf");
    assert.equal(sampleValue(s, "kubelet_pleg_relist_interval_seconds_bucket", { le: "0.005" }), 0, "relists are a second apart");
    assert.equal(sampleValue(s, "kubelet_node_name", { node: "node-1" }), 1);
    const after = await rawSamples("/metrics");
    assert.ok(findSamples(after, "apiserver_request_total", { verb: "CONNECT", resource: "nodes", subresource: "proxy", scope: "resource", code: "200" }).length === 1);
  });

  test("the controller manager's secure port: every controller's work queue by name", async () => {
    const r = await get(ports["kube-controller-manager"], "/metrics", creds);
    assert.equal(r.status, 200);
    assert.equal(r.contentType, "text/plain; version=0.0.4; charset=utf-8");
    const s = parseSamples(r.body);
    for (const name of ["deployment", "replicaset", "endpoint_slice", "garbage_collector", "namespace"]) assert.notEqual(sampleValue(s, "workqueue_depth", { name }), undefined, name);
    assert.ok((sampleValue(s, "workqueue_adds_total", { name: "deployment" }) ?? 0) >= 1);
    assert.ok((sampleValue(s, "workqueue_work_duration_seconds_count", { name: "replicaset" }) ?? 0) >= 1);
    assert.ok((sampleValue(s, "workqueue_queue_duration_seconds_count", { name: "replicaset" }) ?? 0) >= 1);
    assert.notEqual(sampleValue(s, "workqueue_retries_total", { name: "deployment" }), undefined);
    assert.notEqual(sampleValue(s, "workqueue_unfinished_work_seconds", { name: "deployment" }), undefined);
    assert.notEqual(sampleValue(s, "workqueue_longest_running_processor_seconds", { name: "deployment" }), undefined);
    assert.ok((sampleValue(s, "process_resident_memory_bytes", {}) ?? 0) > 0);
  });

  test("the scheduler's secure port: attempts and their durations by result and profile", async () => {
    await c.k(["run", "too-big", "--image=nginx", "--overrides", JSON.stringify({ spec: { containers: [{ name: "too-big", image: "nginx", resources: { requests: { cpu: "64" } } }] } })]);
    const s = await until("the scheduler counted an unschedulable attempt", async (seen) => {
      const r = await get(ports["kube-scheduler"], "/metrics", creds);
      seen(r.body);
      const samples = parseSamples(r.body);
      return sampleValue(samples, "scheduler_schedule_attempts_total", { profile: "default-scheduler", result: "unschedulable" }) ? samples : undefined;
    });
    // One scheduled attempt per pod bound to a node: web's, metrics-server's and coredns'.
    const bound = (await items(c, ["get", "pods", "-A", "-o", "json"])).filter((p) => p.spec?.nodeName).length;
    assert.equal(sampleValue(s, "scheduler_schedule_attempts_total", { profile: "default-scheduler", result: "scheduled" }), bound);
    assert.equal(sampleValue(s, "scheduler_scheduling_attempt_duration_seconds_count", { profile: "default-scheduler", result: "scheduled" }), bound);
    assert.equal(sampleValue(s, "scheduler_scheduling_attempt_duration_seconds_bucket", { profile: "default-scheduler", result: "scheduled", le: "+Inf" }), bound);
    assert.equal(sampleValue(s, "scheduler_schedule_attempts_total", { profile: "default-scheduler", result: "error" }), undefined);
  });

  test("health is open to anyone, /metrics only to users the API server authorizes", async () => {
    for (const port of [ports["kube-controller-manager"], ports["kube-scheduler"]]) {
      const health = await get(port, "/healthz", creds, true);
      assert.deepEqual([health.status, health.body], [200, "ok"]);
      const ready = await get(port, "/readyz?verbose", creds, true);
      assert.equal(ready.status, 200);
      assert.match(ready.body, /readyz check passed\n$/);
      const anonymous = await get(port, "/metrics", creds, true);
      assert.equal(anonymous.status, 403);
      const status = JSON.parse(anonymous.body) as { reason: string; message: string; code: number };
      assert.deepEqual([status.reason, status.message, status.code], ["Forbidden", 'forbidden: User "system:anonymous" cannot get path "/metrics"', 403]);
      assert.equal((await get(port, "/nothing", creds)).status, 404);
    }
  });
});
