/**
 * A whole cluster and one sim node on a virtual clock: an ephemeral
 * container added through pods/ephemeralcontainers (as `kubectl debug`
 * does) runs once with the environment and volume mounts it names, its
 * image pull and start are recorded as events, its end is reported in
 * status.ephemeralContainerStatuses, and later syncs never start it again.
 */
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import type { ContainerStatus as ApiContainerStatus } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { CONFIGMAPS, NODES, PODS } from "../../client/resources.js";
import { startCluster } from "../../cluster/start-cluster.js";
import { createEventRecorder } from "../../client/index.js";
import { VirtualClock } from "../../util/clock.js";
import { createKubelet } from "../kubelet.js";
import { createSimRuntime } from "../runtime/sim/sim-runtime.js";
import { CONTAINER_NAME_LABEL } from "./labels.js";

type PodObject = KubeObject & { status?: { phase?: string; ephemeralContainerStatuses?: ApiContainerStatus[]; conditions?: { type: string; status: string }[] } };
type EventObject = KubeObject & { reason?: string; message?: string; involvedObject?: { name?: string } };

async function advanceUntil(clock: VirtualClock, what: string, check: () => Promise<boolean>, maxMs = 60_000, stepMs = 1000): Promise<void> {
  for (let t = 0; t <= maxMs; t += stepMs) {
    if (await check().catch(() => false)) return;
    await clock.advance(stepMs);
  }
  throw new Error(`not reached within ${maxMs}ms of virtual time: ${what}`);
}

test("An ephemeral container added to a running pod runs once with its env and mounts, and is reported terminated", async () => {
  const clock = new VirtualClock(Date.now());
  const dataDir = mkdtempSync(join(tmpdir(), "skiff-ephemeral-"));
  const cluster = await startCluster({ nodes: 0, clock, dataDir });
  const sim = createSimRuntime({ clock });
  const stop = new AbortController();
  const recorder = createEventRecorder({ client: cluster.client, clock, component: "kubelet", host: "node-1" });
  const kubelet = createKubelet({ client: cluster.client, clock, nodeName: "node-1", runtime: sim, verbosity: -1, log: () => undefined, recorder });
  const running = kubelet.start(stop.signal);
  const { client } = cluster;
  const ephemeralStatus = async () => (await client.get<PodObject>(PODS, "default", "web")).status?.ephemeralContainerStatuses?.[0];
  try {
    await advanceUntil(clock, "node registered", async () => !!(await client.get(NODES, undefined, "node-1")));
    await advanceUntil(clock, "default service account", async () => !!(await client.get({ group: "", version: "v1", resource: "serviceaccounts" }, "default", "default")));
    await client.create(CONFIGMAPS, "default", { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "app-config" }, data: { greeting: "hello", name: "skiff" } });
    await client.create(PODS, "default", {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "web" },
      spec: { containers: [{ name: "app", image: "nginx:1.27" }], volumes: [{ name: "config", configMap: { name: "app-config" } }] },
    });
    await advanceUntil(clock, "pod Running", async () => (await client.get<PodObject>(PODS, "default", "web")).status?.phase === "Running");

    await client.patch(
      PODS,
      "default",
      "web",
      "strategic",
      {
        spec: {
          ephemeralContainers: [
            {
              name: "debugger",
              image: "busybox",
              command: ["sh", "-c", 'echo "$GREETING"; cat /cfg/name; exit 3'],
              env: [{ name: "GREETING", valueFrom: { configMapKeyRef: { name: "app-config", key: "greeting" } } }],
              volumeMounts: [{ name: "config", mountPath: "/cfg" }],
              targetContainerName: "app",
              terminationMessagePolicy: "File",
            },
          ],
        },
      },
      { subresource: "ephemeralcontainers" },
    );
    await advanceUntil(clock, "the debugger reported terminated", async () => !!(await ephemeralStatus())?.state?.terminated);

    const s = (await ephemeralStatus())!;
    assert.equal(s.name, "debugger");
    assert.equal(s.state?.terminated?.exitCode, 3);
    assert.equal(s.state?.terminated?.reason, "Error");
    assert.equal(s.restartCount, 0);
    assert.equal(s.ready, false);
    assert.equal(s.started, undefined);
    assert.equal(s.image, "docker.io/library/busybox:latest");
    assert.match(s.imageID, /^docker\.io\/library\/busybox@sha256:[0-9a-f]{64}$/);
    assert.equal(s.containerID, s.state?.terminated?.containerID);
    const pod = await client.get<PodObject>(PODS, "default", "web");
    assert.equal(pod.status?.phase, "Running", "an ephemeral container's failure does not fail the pod");
    assert.equal(pod.status?.conditions?.find((c) => c.type === "Ready")?.status, "True");

    const [instance] = await sim.listContainers({ labelSelector: { [CONTAINER_NAME_LABEL]: "debugger" } }, { deadline: clock.now() + 1000 });
    const log = Buffer.from(sim.hostFilesystem.readFile(`/var/log/pods/default_web_${pod.metadata.uid}/debugger/0.log`) ?? []).toString();
    assert.match(log, / stdout F hello\n.* stdout F skiff\n/, `the debugger saw its env and mount; log:\n${log}`);
    assert.ok(instance);

    const events = await client.list<EventObject>({ group: "", version: "v1", resource: "events" }, { namespace: "default" });
    const reasons = events.items.filter((e) => e.involvedObject?.name === "web").map((e) => `${e.reason}: ${e.message}`);
    for (const want of [/^Pulling: Pulling image "busybox"$/, /^Pulled: Successfully pulled image "busybox" in /, /^Created: Created container: debugger$/, /^Started: Started container debugger$/]) {
      assert.ok(reasons.some((r) => want.test(r)), `no event ${want} in:\n${reasons.join("\n")}`);
    }

    // Syncs go on (the sync period is a minute): the exited debugger is never started again.
    await clock.advance(3 * 60_000);
    const instances = await sim.listContainers({ labelSelector: { [CONTAINER_NAME_LABEL]: "debugger" } }, { deadline: clock.now() + 1000 });
    assert.deepEqual(instances.map((c) => c.id), [instance.id]);
    assert.equal((await ephemeralStatus())?.restartCount, 0);
  } finally {
    stop.abort();
    await clock.advance(2000);
    await running;
    await cluster.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
