import assert from "node:assert/strict";
import { test } from "node:test";
import type { ResourceQuota } from "kubernetes-types/core/v1.js";
import { conflict, isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import { VirtualClock } from "../../util/clock.js";
import { createResourceQuotaAdmission, type QuotaAccess } from "./resource-quota.js";
import type { AdmissionAttributes } from "./types.js";

const quota = (name: string, hard: Record<string, string>, used: Record<string, string> | undefined, spec: ResourceQuota["spec"] = {}): ResourceQuota => ({
  metadata: { name, namespace: "ns", resourceVersion: "7" },
  spec: { ...spec, hard },
  status: used ? { hard, used } : undefined,
});

/** A fake quota store that records status writes and can fail the first ones with a conflict. */
function access(quotas: ResourceQuota[], conflicts = 0): QuotaAccess & { written: ResourceQuota[]; reads: number } {
  const a = {
    written: [] as ResourceQuota[],
    reads: 0,
    list: async () => {
      a.reads++;
      return structuredClone(quotas);
    },
    updateStatus: async (q: ResourceQuota) => {
      if (conflicts-- > 0) throw conflict({ group: "", resource: "resourcequotas" }, q.metadata!.name!);
      a.written.push(q);
    },
  };
  return a;
}

const pod = (requests: Record<string, string> = {}, extra: Record<string, unknown> = {}): KubeObject => ({ metadata: { name: "web", namespace: "ns" }, spec: { containers: [{ name: "c", image: "nginx", resources: { requests } }], ...extra } }) as KubeObject;
const service = (type: string, extra: Record<string, unknown> = {}): KubeObject => ({ metadata: { name: "svc", namespace: "ns", resourceVersion: "3" }, spec: { type, ports: [{ port: 80 }], ...extra } }) as KubeObject;

function attrs(resource: string, object: KubeObject, more: Partial<AdmissionAttributes> = {}): AdmissionAttributes {
  return { operation: "CREATE", resource: { group: resource === "replicasets" ? "apps" : "", resource }, kind: "", namespace: "ns", name: object.metadata.name ?? "", object, dryRun: false, ...more };
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    assert.ok(isApiError(err, "Forbidden"), String(err));
    return err.message;
  }
  throw new Error("admitted");
}

test("a pod past the cpu quota is refused with upstream's message", async () => {
  const plugin = createResourceQuotaAdmission(access([quota("test-quota", { cpu: "1", memory: "500Mi", pods: "5" }, { cpu: "500m", memory: "252Mi", pods: "1" })]), new VirtualClock());
  const msg = await refusal(plugin.validate!(attrs("pods", pod({ cpu: "600m", memory: "100Mi" }))));
  assert.equal(msg, 'pods "web" is forbidden: exceeded quota: test-quota, requested: cpu=600m, used: cpu=500m, limited: cpu=1');
});

test("an admitted pod is added to status.used at once", async () => {
  const store = access([quota("q", { cpu: "1", pods: "5", "requests.example.com/dongle": "3" }, { cpu: "0", pods: "1", "requests.example.com/dongle": "0" })]);
  await createResourceQuotaAdmission(store, new VirtualClock()).validate!(attrs("pods", pod({ cpu: "250m", "example.com/dongle": "2" })));
  assert.deepEqual(store.written.map((q) => q.status?.used), [{ cpu: "250m", pods: "2", "requests.example.com/dongle": "2" }]);
});

test("a dry run is checked but not charged", async () => {
  const store = access([quota("q", { pods: "5" }, { pods: "1" })]);
  await createResourceQuotaAdmission(store, new VirtualClock()).validate!(attrs("pods", pod(), { dryRun: true }));
  assert.deepEqual(store.written, []);
});

test("a quota on cpu makes every container state its cpu request", async () => {
  const plugin = createResourceQuotaAdmission(access([quota("compute", { cpu: "1", "limits.memory": "1Gi" }, { cpu: "0", "limits.memory": "0" })]), new VirtualClock());
  const msg = await refusal(plugin.validate!(attrs("pods", pod())));
  assert.equal(msg, 'pods "web" is forbidden: failed quota: compute: must specify cpu,limits.memory');
});

test("a quota the controller has not counted yet restricts nothing; one half counted is 'status unknown'", async () => {
  await createResourceQuotaAdmission(access([quota("fresh", { pods: "0" }, undefined)]), new VirtualClock()).validate!(attrs("pods", pod()));
  const half = quota("half", { pods: "5", services: "1" }, { services: "0" });
  const msg = await refusal(createResourceQuotaAdmission(access([half]), new VirtualClock()).validate!(attrs("pods", pod())));
  assert.equal(msg, 'pods "web" is forbidden: status unknown for quota: half, resources: pods');
});

test("a LoadBalancer allocating node ports is refused when node ports are used up", async () => {
  const plugin = createResourceQuotaAdmission(access([quota("q", { services: "10", "services.nodeports": "1", "services.loadbalancers": "1" }, { services: "2", "services.nodeports": "1", "services.loadbalancers": "0" })]), new VirtualClock());
  const msg = await refusal(plugin.validate!(attrs("services", service("LoadBalancer", { allocateLoadBalancerNodePorts: true }))));
  assert.equal(msg, 'services "svc" is forbidden: exceeded quota: q, requested: services.nodeports=1, used: services.nodeports=1, limited: services.nodeports=1');
});

test("a service update is charged only for what it adds", async () => {
  const store = access([quota("q", { services: "1", "services.nodeports": "1" }, { services: "1", "services.nodeports": "0" })]);
  await createResourceQuotaAdmission(store, new VirtualClock()).validate!(attrs("services", service("NodePort"), { operation: "UPDATE", oldObject: service("ClusterIP") }));
  assert.deepEqual(store.written.map((q) => q.status?.used), [{ services: "1", "services.nodeports": "1" }]);
});

test("a second quota is refused by a quota counting resourcequotas", async () => {
  const plugin = createResourceQuotaAdmission(access([quota("test-quota", { resourcequotas: "1" }, { resourcequotas: "1" })]), new VirtualClock());
  const msg = await refusal(plugin.validate!(attrs("resourcequotas", { metadata: { name: "second", namespace: "ns" } } as KubeObject)));
  assert.equal(msg, 'resourcequotas "second" is forbidden: exceeded quota: test-quota, requested: resourcequotas=1, used: resourcequotas=1, limited: resourcequotas=1');
});

test("count/replicasets.apps counts replica sets", async () => {
  const store = access([quota("q", { "count/replicasets.apps": "5", pods: "2" }, { "count/replicasets.apps": "0", pods: "0" })]);
  await createResourceQuotaAdmission(store, new VirtualClock()).validate!(attrs("replicasets", { metadata: { name: "rs", namespace: "ns" } } as KubeObject));
  assert.deepEqual(store.written.map((q) => q.status?.used), [{ "count/replicasets.apps": "1", pods: "0" }]);
});

test("a scoped quota charges only the pods in its scope, and nothing else", async () => {
  const store = access([quota("terminating", { pods: "1" }, { pods: "0" }, { scopes: ["Terminating"] })]);
  const plugin = createResourceQuotaAdmission(store, new VirtualClock());
  await plugin.validate!(attrs("pods", pod()));
  assert.equal(store.written.length, 0);
  await plugin.validate!(attrs("pods", pod({}, { activeDeadlineSeconds: 60 })));
  assert.deepEqual(store.written.map((q) => q.status?.used), [{ pods: "1" }]);
});

test("a conflicting status write is retried from a fresh read", async () => {
  const store = access([quota("q", { pods: "5" }, { pods: "1" })], 2);
  await createResourceQuotaAdmission(store, new VirtualClock()).validate!(attrs("pods", pod()));
  assert.equal(store.reads, 3);
  assert.equal(store.written.length, 1);
});

test("subresource writes and deletions are not charged", async () => {
  const store = access([quota("q", { pods: "0" }, { pods: "0" })]);
  const plugin = createResourceQuotaAdmission(store, new VirtualClock());
  await plugin.validate!(attrs("pods", pod(), { subresource: "status", operation: "UPDATE", oldObject: pod() }));
  await plugin.validate!(attrs("pods", pod(), { operation: "DELETE", object: undefined }));
  assert.equal(store.reads, 0);
});
