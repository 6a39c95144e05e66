import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createInformerFactory, ENDPOINTSLICES, SERVICES } from "../client/index.js";
import { startTestCluster, type TestCluster } from "../client/test-fixtures.js";
import { VirtualClock } from "../util/clock.js";
import { createKubeProxy, type KubeProxy } from "./kube-proxy.js";
import { goTimeString, serveKubeProxy, type ProxyServer } from "./server.js";

describe("kube-proxy component", () => {
  let cluster: TestCluster;
  let proxy: KubeProxy;
  let server: ProxyServer;
  const clock = new VirtualClock();
  const abort = new AbortController();

  before(async () => {
    cluster = await startTestCluster(clock);
    proxy = createKubeProxy({ informers: createInformerFactory({ client: cluster.client, clock }), clock, cluster: { clusterCIDR: "10.244.0.0/16" }, minSyncPeriodMs: 1000 });
    void proxy.start(abort.signal);
    await proxy.ready;
    server = await serveKubeProxy(proxy, { port: 0 });
  });

  after(async () => {
    abort.abort();
    await server.close();
    await cluster.close();
  });

  async function until(cond: () => boolean): Promise<void> {
    for (let i = 0; i < 200 && !cond(); i++) await clock.advance(100);
    assert.ok(cond(), "condition never held");
  }

  it("renders a Service's chains for any node after its EndpointSlice arrives, and serves metrics and healthz", async () => {
    const svc = (await cluster.client.create(SERVICES, "default", { apiVersion: "v1", kind: "Service", metadata: { name: "web" }, spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: 8080 }] } } as never)) as { spec: { clusterIP: string } };
    await cluster.client.create(ENDPOINTSLICES, "default", {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "web-abcde", labels: { "kubernetes.io/service-name": "web" } },
      addressType: "IPv4",
      endpoints: [{ addresses: ["10.244.1.5"], conditions: { ready: true }, nodeName: "node-1" }],
      ports: [{ name: "http", port: 8080, protocol: "TCP" }],
    } as never);
    await until(() => proxy.tables({ nodeName: "node-2" }).nat.includes("10.244.1.5:8080"));
    const { nat } = proxy.tables({ nodeName: "node-2" });
    assert.ok(nat.includes(`-A KUBE-SERVICES -m comment --comment "default/web:http cluster IP" -m tcp -p tcp -d ${svc.spec.clusterIP} --dport 80 -j KUBE-SVC-`));
    assert.ok(nat.includes("-m tcp -p tcp -j DNAT --to-destination 10.244.1.5:8080"));

    const metrics = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text();
    assert.match(metrics, /^kubeproxy_sync_proxy_rules_duration_seconds_count [1-9]/m);
    assert.match(metrics, /^kubeproxy_sync_proxy_rules_iptables_total\{table="nat"\} [1-9]/m);
    assert.match(metrics, /^kubeproxy_sync_proxy_rules_last_timestamp_seconds [1-9]/m);
    assert.match(metrics, /# HELP kubeproxy_sync_proxy_rules_duration_seconds \[ALPHA\] SyncProxyRules latency in seconds/);

    const health = await fetch(`http://127.0.0.1:${server.port}/healthz`);
    assert.equal(health.status, 200);
    assert.equal(await health.text(), `{"lastUpdated": "${goTimeString(clock.now())}","currentTime": "${goTimeString(clock.now())}", "nodeEligible": true}`);
  });

  it("deleting the Service removes its chains and REJECT rules", async () => {
    await cluster.client.delete(SERVICES, "default", "web");
    await until(() => !proxy.tables({ nodeName: "node-1" }).nat.includes("default/web"));
    assert.ok(!proxy.tables({ nodeName: "node-1" }).filter.includes("default/web"));
  });
});

describe("goTimeString", () => {
  it("prints Go's time.Time.String() in UTC", () => {
    assert.equal(goTimeString(Date.UTC(2026, 11, 3, 17, 4, 5, 120)), "2026-12-03 17:04:05.12 +0000 UTC");
    assert.equal(goTimeString(Date.UTC(2026, 0, 1)), "2026-01-01 00:00:00 +0000 UTC");
    assert.equal(goTimeString(0), "0001-01-01 00:00:00 +0000 UTC");
  });
});
