import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { FAULTS, LEASES, NODES, PODS, type Client, type KubeObject } from "../client/index.js";
import { startTestCluster, type TestCluster } from "../client/test-fixtures.js";
import { VirtualClock } from "../util/clock.js";
import { createKubelet } from "./kubelet.js";
import { createSimRuntime } from "./runtime/sim/sim-runtime.js";

type Obj = KubeObject & { spec?: any; status?: any };

const NODE = "node-1";

function pod(name: string, extra: { annotations?: Record<string, string>; restartPolicy?: string; readinessProbe?: boolean } = {}): Obj {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", annotations: extra.annotations },
    spec: {
      nodeName: NODE,
      // This API server has no root CA publisher nor service-account key: no kube-api-access volume to wait for.
      automountServiceAccountToken: false,
      restartPolicy: extra.restartPolicy ?? "Always",
      terminationGracePeriodSeconds: 5,
      containers: [{ name: "app", image: "nginx:1.27", ...(extra.readinessProbe ? { readinessProbe: { httpGet: { path: "/", port: 80 } } } : {}) }],
    },
  };
}

let lastSeen: unknown;
async function waitFor<T>(clock: VirtualClock, what: string, read: () => Promise<T | undefined>, maxSeconds = 30): Promise<T> {
  let last: unknown;
  for (let i = 0; i < maxSeconds * 2; i++) {
    const v = await read().catch(() => undefined);
    last = lastSeen;
    if (v !== undefined) return v;
    await clock.advance(500);
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(last)}`);
}

const condition = (o: Obj | undefined, type: string) => (o?.status?.conditions ?? []).find((c: any) => c.type === type);

describe("kubelet against an in-process API server", () => {
  let cluster: TestCluster;
  let client: Client;
  let clock: VirtualClock;
  const ac = new AbortController();
  const runtime = () => sim;
  let sim: ReturnType<typeof createSimRuntime>;

  before(async () => {
    clock = new VirtualClock();
    cluster = await startTestCluster(clock);
    client = cluster.client;
    sim = createSimRuntime({ clock });
    const kubelet = createKubelet({ client, clock, nodeName: NODE, runtime: sim, verbosity: Number(process.env.KUBELET_V ?? -1), log: (_l, m) => console.log(m) });
    void kubelet.start(ac.signal);
    await waitFor(clock, "node registration", async () => client.get<Obj>(NODES, undefined, NODE));
    await client.patch(NODES, undefined, NODE, "merge", { spec: { podCIDR: "10.244.3.0/24", podCIDRs: ["10.244.3.0/24"] } });
  });

  after(async () => {
    ac.abort();
    await clock.advance(2000);
    await cluster.close();
  });

  it("registers its node, which becomes Ready once it has a pod CIDR, and renews its lease", async () => {
    const node = await waitFor(clock, "Ready node", async () => {
      const n = await client.get<Obj>(NODES, undefined, NODE);
      return condition(n, "Ready")?.status === "True" ? n : undefined;
    });
    assert.equal(node.metadata.labels?.["kubernetes.io/hostname"], NODE);
    assert.equal(node.status.nodeInfo.kubeletVersion, "v1.35.0+skiff");
    assert.equal(node.status.nodeInfo.containerRuntimeVersion, "sim://1.0");
    assert.equal(node.status.daemonEndpoints.kubeletEndpoint.Port, 10250);
    assert.equal(condition(node, "Ready").message, "kubelet is posting ready status");
    assert.equal(condition(node, "MemoryPressure").reason, "KubeletHasSufficientMemory");
    assert.match(node.status.addresses[0].address, /^172\.(1[6-9]|2\d|3[01])\./);
    const lease = await client.get<Obj>(LEASES, "kube-node-lease", NODE);
    assert.equal(lease.spec.holderIdentity, NODE);
    assert.equal(lease.spec.leaseDurationSeconds, 40);
    const first = lease.spec.renewTime;
    await clock.advance(10_000);
    const renewed = await client.get<Obj>(LEASES, "kube-node-lease", NODE);
    assert.notEqual(renewed.spec.renewTime, first);
  });

  it("runs a bound pod: Running and Ready with an IP from the pod CIDR", async () => {
    await client.create(PODS, "default", pod("web", { readinessProbe: true }));
    const p = await waitFor(clock, "running pod", async () => {
      const x = await client.get<Obj>(PODS, "default", "web");
      return x.status?.phase === "Running" && condition(x, "Ready")?.status === "True" ? x : undefined;
    });
    assert.match(p.status.podIP, /^10\.244\.3\.\d+$/);
    assert.notEqual(p.status.podIP, "10.244.3.1");
    assert.deepEqual(p.status.podIPs, [{ ip: p.status.podIP }]);
    const cs = p.status.containerStatuses[0];
    assert.equal(cs.ready, true);
    assert.equal(cs.started, true);
    assert.equal(cs.restartCount, 0);
    assert.match(cs.containerID, /^sim:\/\//);
    assert.ok(cs.state.running.startedAt);
    assert.equal(cs.image, "docker.io/library/nginx:1.27");
    assert.ok(p.status.startTime);
    assert.deepEqual(p.status.conditions.map((c: any) => c.type).slice(0, 4), ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady"]);
  });

  it("writes its status back when another writer changed what the kubelet owns, keeping others' conditions", async () => {
    await client.create(PODS, "default", pod("marked"));
    const ready = await waitFor(clock, "ready pod", async () => {
      const x = await client.get<Obj>(PODS, "default", "marked");
      return condition(x, "Ready")?.status === "True" ? x : undefined;
    });
    // As the node lifecycle controller does while a node is out; plus a condition of someone else's.
    const conditions = ready.status.conditions.map((c: any) => (c.type === "Ready" ? { ...c, status: "False", reason: "NodeNotReady" } : c));
    await client.patch(PODS, "default", "marked", "merge", { status: { conditions: [...conditions, { type: "example.com/Checked", status: "True" }] } }, { subresource: "status", fieldManager: "kube-controller-manager" });
    const restored = await waitFor(clock, "Ready again", async () => {
      const x = await client.get<Obj>(PODS, "default", "marked");
      return condition(x, "Ready")?.status === "True" ? x : undefined;
    });
    assert.equal(condition(restored, "example.com/Checked")?.status, "True");
    const rv = restored.metadata.resourceVersion;
    await clock.advance(5_000);
    assert.equal((await client.get<Obj>(PODS, "default", "marked")).metadata.resourceVersion, rv, "then quiet: no write loop");
    await client.delete(PODS, "default", "marked");
  });

  it("lets a pod scripted to exit with restartPolicy Never finish as Succeeded or Failed", async () => {
    await client.create(PODS, "default", pod("job-ok", { restartPolicy: "Never", annotations: { "sim.skiff.dev/exit-after": "5s" } }));
    await client.create(PODS, "default", pod("job-bad", { restartPolicy: "Never", annotations: { "sim.skiff.dev/exit-after": "5s", "sim.skiff.dev/exit-code": "3" } }));
    const ok = await waitFor(clock, "succeeded pod", async () => {
      const x = await client.get<Obj>(PODS, "default", "job-ok");
      lastSeen = x.status;
      return x.status?.phase === "Succeeded" ? x : undefined;
    });
    assert.equal(ok.status.containerStatuses[0].state.terminated.reason, "Completed");
    assert.equal(condition(ok, "Ready").reason, "PodCompleted");
    const bad = await waitFor(clock, "failed pod", async () => {
      const x = await client.get<Obj>(PODS, "default", "job-bad");
      return x.status?.phase === "Failed" ? x : undefined;
    });
    assert.equal(bad.status.containerStatuses[0].state.terminated.exitCode, 3);
    assert.equal(bad.status.containerStatuses[0].state.terminated.reason, "Error");
  });

  it("keeps a pod whose readiness is scripted to fail Running but not Ready", async () => {
    await client.create(PODS, "default", pod("half", { readinessProbe: true, annotations: { "sim.skiff.dev/readiness": "fail" } }));
    const p = await waitFor(clock, "running pod", async () => {
      const x = await client.get<Obj>(PODS, "default", "half");
      return x.status?.phase === "Running" ? x : undefined;
    });
    await clock.advance(30_000);
    const later = await client.get<Obj>(PODS, "default", "half");
    assert.equal(p.status.containerStatuses[0].ready, false);
    assert.equal(condition(later, "Ready").status, "False");
    assert.equal(condition(later, "Ready").message, "containers with unready status: [app]");
  });

  it("terminates a deleted pod and removes it", async () => {
    await client.delete(PODS, "default", "web");
    await waitFor(clock, "pod removal", async () => {
      try {
        await client.get(PODS, "default", "web");
        return undefined;
      } catch {
        return true;
      }
    });
    const left = await sim.listPodSandbox(undefined, { deadline: clock.now() + 1000 });
    assert.ok(left.every((s) => s.metadata.name !== "web"));
  });

  it("reports the PLEG message once a RuntimeHang fault has hung the runtime for 3 minutes", async () => {
    await client.create(FAULTS, undefined, { apiVersion: "chaos.skiff.dev/v1", kind: "Fault", metadata: { name: "hang" }, spec: { type: "RuntimeHang", target: NODE } });
    await clock.advance(2_000);
    assert.equal(runtime().fault()?.mode, "hang");
    const f = await client.get<Obj>(FAULTS, undefined, "hang");
    assert.equal(f.status?.phase, "Active");
    await clock.advance(3 * 60_000);
    const node = await waitFor(clock, "NotReady node", async () => {
      const n = await client.get<Obj>(NODES, undefined, NODE);
      return condition(n, "Ready")?.status === "False" ? n : undefined;
    });
    const ready = condition(node, "Ready");
    assert.equal(ready.reason, "KubeletNotReady");
    assert.match(ready.message, /^container runtime is down PLEG is not healthy: pleg was last seen active 3m\d+(\.\d+)?s ago; threshold is 3m0s/);
    assert.match(ready.message, /runtime call (ListPodSandbox|ListContainers) outstanding for \d/);
    await client.delete(FAULTS, undefined, "hang");
    await waitFor(clock, "Ready again", async () => {
      const n = await client.get<Obj>(NODES, undefined, NODE);
      return condition(n, "Ready")?.status === "True" ? n : undefined;
    });
  });
});
