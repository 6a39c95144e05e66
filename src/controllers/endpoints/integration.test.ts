import { test } from "node:test";
import assert from "node:assert/strict";
import { CONFIGMAPS, ENDPOINTS, ENDPOINTSLICES, NAMESPACES, NODES, PODS, RESOURCEQUOTAS, SERVICEACCOUNTS, SERVICES } from "../../client/resources.js";
import type { KubeObject } from "../../client/types.js";
import { createEndpointSliceController } from "../endpointslice/index.js";
import { createNodeIpamController } from "../node-ipam/index.js";
import { createResourceQuotaController } from "../resourcequota/index.js";
import { createServiceAccountController } from "../serviceaccount/index.js";
import { createEndpointsController } from "./index.js";
import { startControllerCluster } from "./test-cluster.js";

type Obj = KubeObject & { spec?: Record<string, unknown>; status?: Record<string, unknown> };

const node = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Node", metadata: { name } });
const pod = (name: string): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default", labels: { app: "web" } },
  spec: { nodeName: "node-1", containers: [{ name: "c", image: "nginx", ports: [{ name: "http", containerPort: 8080 }], resources: { requests: { cpu: "100m" } } }] },
});

async function runningPod(c: Awaited<ReturnType<typeof startControllerCluster>>, name: string, ip: string, ready: boolean): Promise<void> {
  const made = await c.client.create<Obj>(PODS, "default", pod(name));
  const status = { phase: "Running", podIP: ip, podIPs: [{ ip }], conditions: [{ type: "Ready", status: ready ? "True" : "False" }] };
  await c.client.update(PODS, "default", { ...made, status }, { subresource: "status" });
}

test("nodes get distinct podCIDRs from the cluster CIDR", async () => {
  const c = await startControllerCluster();
  try {
    await c.run(createNodeIpamController(c.ctx));
    for (const n of ["node-1", "node-2", "node-3"]) await c.client.create(NODES, undefined, node(n));
    const cidrs = async () => (await c.client.list<Obj>(NODES)).items.map((n) => n.spec?.podCIDR as string | undefined);
    await c.until(async () => (await cidrs()).every(Boolean), "podCIDRs");
    const got = await cidrs();
    assert.equal(new Set(got).size, 3);
    for (const cidr of got) assert.match(cidr!, /^10\.244\.\d+\.0\/24$/);
    const n1 = await c.client.get<Obj>(NODES, undefined, "node-1");
    assert.deepEqual(n1.spec?.podCIDRs, [n1.spec?.podCIDR]);
  } finally {
    await c.close();
  }
});

test("a Service with two ready pods and one unready gets Endpoints and an EndpointSlice with the right conditions", async () => {
  const c = await startControllerCluster();
  try {
    await c.run(createEndpointsController(c.ctx), createEndpointSliceController(c.ctx));
    await c.client.create(SERVICES, "default", { apiVersion: "v1", kind: "Service", metadata: { name: "web", namespace: "default" }, spec: { selector: { app: "web" }, ports: [{ name: "http", port: 80, targetPort: "http" }] } });
    await runningPod(c, "web-1", "10.244.0.11", true);
    await runningPod(c, "web-2", "10.244.0.12", true);
    await runningPod(c, "web-3", "10.244.0.13", false);

    type Ep = Obj & { subsets?: { addresses?: { ip: string }[]; notReadyAddresses?: { ip: string }[]; ports?: { port: number }[] }[] };
    let ep: Ep | undefined;
    await c.until(async () => {
      ep = await c.client.get<Ep>(ENDPOINTS, "default", "web").catch(() => undefined);
      return (ep?.subsets?.[0]?.addresses?.length ?? 0) === 2 && (ep?.subsets?.[0]?.notReadyAddresses?.length ?? 0) === 1;
    }, "endpoints");
    assert.deepEqual(ep!.subsets![0]!.addresses!.map((a) => a.ip), ["10.244.0.11", "10.244.0.12"]);
    assert.deepEqual(ep!.subsets![0]!.ports, [{ name: "http", port: 8080, protocol: "TCP" }]);
    assert.equal(ep!.metadata.labels?.["endpoints.kubernetes.io/managed-by"], "endpoint-controller");
    assert.ok(ep!.metadata.annotations?.["endpoints.kubernetes.io/last-change-trigger-time"]);

    type Slice = Obj & { endpoints: { addresses: string[]; conditions: { ready: boolean; serving: boolean; terminating: boolean } }[] };
    let slices: Slice[] = [];
    await c.until(async () => {
      slices = (await c.client.list<Slice>(ENDPOINTSLICES, { namespace: "default", labelSelector: "kubernetes.io/service-name=web" })).items;
      return slices.length === 1 && slices[0]!.endpoints?.length === 3;
    }, "endpoint slice");
    const s = slices[0]!;
    assert.match(s.metadata.name!, /^web-/);
    assert.equal(s.metadata.labels?.["endpointslice.kubernetes.io/managed-by"], "endpointslice-controller.k8s.io");
    assert.equal(s.metadata.ownerReferences?.[0]?.kind, "Service");
    const byIP = Object.fromEntries(s.endpoints.map((e) => [e.addresses[0], e.conditions]));
    assert.deepEqual(byIP["10.244.0.13"], { ready: false, serving: false, terminating: false });
    assert.deepEqual(byIP["10.244.0.11"], { ready: true, serving: true, terminating: false });

    await c.client.delete(SERVICES, "default", "web");
    await c.until(async () => !(await c.client.get(ENDPOINTS, "default", "web").catch(() => undefined)), "endpoints deleted");
  } finally {
    await c.close();
  }
});

test("the default ServiceAccount appears in a new namespace and comes back when deleted", async () => {
  const c = await startControllerCluster();
  try {
    await c.run(createServiceAccountController(c.ctx));
    await c.client.create(NAMESPACES, undefined, { apiVersion: "v1", kind: "Namespace", metadata: { name: "team-a" } });
    const has = async () => !!(await c.client.get(SERVICEACCOUNTS, "team-a", "default").catch(() => undefined));
    await c.until(has, "default service account");
    await c.client.delete(SERVICEACCOUNTS, "team-a", "default");
    await c.until(has, "default service account recreated");
  } finally {
    await c.close();
  }
});

test("quota usage counts pods, their cpu requests and configmaps", async () => {
  const c = await startControllerCluster();
  try {
    await c.run(createResourceQuotaController(c.ctx));
    await c.client.create(RESOURCEQUOTAS, "default", { apiVersion: "v1", kind: "ResourceQuota", metadata: { name: "compute", namespace: "default" }, spec: { hard: { pods: "10", "requests.cpu": "2", configmaps: "5" } } });
    await runningPod(c, "web-1", "10.244.0.11", true);
    await runningPod(c, "web-2", "10.244.0.12", true);
    const used = async () => (await c.client.get<Obj>(RESOURCEQUOTAS, "default", "compute")).status?.used as Record<string, string> | undefined;
    const cms = (await c.client.list(CONFIGMAPS, { namespace: "default" })).items.length;
    await c.until(async () => (await used())?.pods === "2", "pods counted");
    assert.deepEqual(await used(), { pods: "2", "requests.cpu": "200m", configmaps: String(cms) });
    assert.deepEqual((await c.client.get<Obj>(RESOURCEQUOTAS, "default", "compute")).status?.hard, { pods: "10", "requests.cpu": "2", configmaps: "5" });
    await c.client.delete(PODS, "default", "web-1", { gracePeriodSeconds: 0 });
    await c.until(async () => (await used())?.pods === "1", "pod deletion counted");
  } finally {
    await c.close();
  }
});
