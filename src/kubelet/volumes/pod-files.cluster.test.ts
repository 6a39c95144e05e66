/**
 * A whole cluster (API server with its service-account key, controller
 * manager with the root CA publisher, scheduler) and one sim node whose
 * HostFilesystem the test reads: the files a pod sees are there and follow
 * a ConfigMap edit.
 */
import assert from "node:assert/strict";
import { createVerify } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import type { KubeObject } from "../../api/types.js";
import { CONFIGMAPS, NODES, PODS } from "../../client/resources.js";
import { startCluster } from "../../cluster/start-cluster.js";
import { createEventRecorder } from "../../client/index.js";
import { VirtualClock } from "../../util/clock.js";
import { createKubelet } from "../kubelet.js";
import { createSimRuntime } from "../runtime/sim/sim-runtime.js";

type PodObject = KubeObject & { spec?: { volumes?: { name: string }[] }; status?: { phase?: string; containerStatuses?: { state?: { waiting?: { reason?: string } } }[] } };

async function advanceUntil(clock: VirtualClock, what: string, check: () => Promise<boolean>, maxMs = 60_000, stepMs = 1000): Promise<void> {
  for (let t = 0; t <= maxMs; t += stepMs) {
    if (await check().catch(() => false)) return;
    await clock.advance(stepMs);
  }
  throw new Error(`not reached within ${maxMs}ms of virtual time: ${what}`);
}

test("A pod's node holds its service-account token, CA and namespace, and a ConfigMap volume follows the ConfigMap", async () => {
  const clock = new VirtualClock(Date.now());
  const dataDir = (await import("node:fs")).mkdtempSync(join((await import("node:os")).tmpdir(), "skiff-podfiles-"));
  const cluster = await startCluster({ nodes: 0, clock, dataDir });
  const sim = createSimRuntime({ clock });
  const stop = new AbortController();
  const recorder = createEventRecorder({ client: cluster.client, clock, component: "kubelet", host: "node-1" });
  const kubelet = createKubelet({ client: cluster.client, clock, nodeName: "node-1", runtime: sim, verbosity: -1, log: () => undefined, recorder });
  const running = kubelet.start(stop.signal);
  const fs = sim.hostFilesystem;
  const text = (p: string) => Buffer.from(fs.readFile(p) ?? []).toString();
  try {
    const { client } = cluster;
    await advanceUntil(clock, "node registered", async () => !!(await client.get(NODES, undefined, "node-1")));
    await advanceUntil(clock, "kube-root-ca.crt published", async () => !!(await client.get(CONFIGMAPS, "default", "kube-root-ca.crt")));
    await advanceUntil(clock, "default service account", async () => !!(await client.get({ group: "", version: "v1", resource: "serviceaccounts" }, "default", "default")));
    await client.create(CONFIGMAPS, "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app-config" }, data: { greeting: "hello" } });
    await client.create(PODS, "default", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app", image: "nginx:1.27", volumeMounts: [{ name: "config", mountPath: "/etc/config" }] }], volumes: [{ name: "config", configMap: { name: "app-config" } }] },
    });
    let pod!: PodObject;
    await advanceUntil(clock, "pod Running", async () => (pod = await client.get<PodObject>(PODS, "default", "web")).status?.phase === "Running");
    const uid = pod.metadata.uid!;
    const tokenVolume = pod.spec!.volumes!.find((v) => v.name.startsWith("kube-api-access-"))!.name;
    const sa = `/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~projected/${tokenVolume}`;

    assert.equal(text(`${sa}/namespace`), "default");
    const caPem = readFileSync(join(dataDir, "pki", "ca.crt"), "utf8");
    assert.equal(text(`${sa}/ca.crt`), caPem);
    const [h, c, sig] = text(`${sa}/token`).split(".");
    const publicKey = readFileSync(join(dataDir, "pki", "sa.pub"), "utf8");
    assert.equal(createVerify("RSA-SHA256").update(`${h}.${c}`).verify(publicKey, Buffer.from(sig, "base64url")), true);
    const claims = JSON.parse(Buffer.from(c, "base64url").toString());
    assert.equal(claims.sub, "system:serviceaccount:default:default");
    assert.deepEqual(claims["kubernetes.io"].pod, { name: "web", uid });
    assert.match(text(`/var/lib/kubelet/pods/${uid}/etc-hosts`), /# Kubernetes-managed hosts file\.\n/);

    const config = `/var/lib/kubelet/pods/${uid}/volumes/kubernetes.io~configmap/config`;
    assert.equal(text(`${config}/greeting`), "hello");
    const cm = await client.get<KubeObject & { data?: Record<string, string> }>(CONFIGMAPS, "default", "app-config");
    await client.update(CONFIGMAPS, "default", { ...cm, data: { greeting: "bonjour" } });
    await advanceUntil(clock, "the volume shows the edit", async () => text(`${config}/greeting`) === "bonjour");
    // A volume naming a missing ConfigMap holds the pod in ContainerCreating with upstream's FailedMount event;
    // a missing key in env fails the container with CreateContainerConfigError.
    await client.create(PODS, "default", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "no-config" },
      spec: { containers: [{ name: "app", image: "nginx:1.27" }], volumes: [{ name: "cfg", configMap: { name: "absent" } }] },
    });
    await client.create(PODS, "default", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "bad-env" },
      spec: { containers: [{ name: "app", image: "nginx:1.27", env: [{ name: "X", valueFrom: { configMapKeyRef: { name: "app-config", key: "nope" } } }] }] },
    });
    type Ev = KubeObject & { reason?: string; message?: string; involvedObject?: { name?: string } };
    await advanceUntil(clock, "FailedMount event", async () => {
      const events = await client.list<Ev>({ group: "", version: "v1", resource: "events" }, { namespace: "default" });
      return events.items.some((e) => e.involvedObject?.name === "no-config" && e.reason === "FailedMount" && e.message === 'MountVolume.SetUp failed for volume "cfg" : configmap "absent" not found');
    });
    const waiting = (p: PodObject) => p.status?.containerStatuses?.[0]?.state?.waiting as { reason?: string; message?: string } | undefined;
    assert.equal(waiting(await client.get<PodObject>(PODS, "default", "no-config"))?.reason, "ContainerCreating");
    await advanceUntil(clock, "CreateContainerConfigError", async () => {
      const w = waiting(await client.get<PodObject>(PODS, "default", "bad-env"));
      return w?.reason === "CreateContainerConfigError" && w.message === "couldn't find key nope in ConfigMap default/app-config";
    });
  } finally {
    stop.abort();
    await clock.advance(2000);
    await running;
    await cluster.stop();
    (await import("node:fs")).rmSync(dataDir, { recursive: true, force: true });
  }
});
