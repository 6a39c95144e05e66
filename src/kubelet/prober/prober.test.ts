import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Container as ContainerSpec } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import { VirtualClock } from "../../util/clock.js";
import { POD_UID_LABEL } from "../pod/labels.js";
import { readPodRuntimeStatus } from "../pod/runtime-status.js";
import { createSimRuntime } from "../runtime/sim/sim-runtime.js";
import { Prober } from "./prober.js";

/** One pod with one container on a sim runtime, and a prober that syncs it at the times the verdict asks for. */
async function setUp(spec: ContainerSpec, annotations: Record<string, string> = {}) {
  const clock = new VirtualClock();
  const rt = createSimRuntime({ clock });
  const o = () => ({ deadline: clock.now() + 60_000 });
  const pod: Pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "ns", uid: "u1", annotations }, spec: { containers: [spec] } } as Pod;
  const sb = await rt.runPodSandbox({ metadata: { name: "p", namespace: "ns", uid: "u1", attempt: 0 }, labels: { [POD_UID_LABEL]: "u1" }, ip: "10.0.0.7", portMappings: (spec.ports ?? []).map((p) => ({ containerPort: p.containerPort, protocol: "TCP" as const, containerName: spec.name })) }, o());
  const id = await rt.createContainer(sb, { metadata: { name: spec.name, attempt: 0 }, image: spec.image ?? "busybox", command: spec.command, args: spec.args, labels: { [POD_UID_LABEL]: "u1" } }, o());
  await rt.startContainer(id, o());
  const prober = new Prober({ runtime: rt, clock, callTimeoutMs: 60_000 });
  const events: string[] = [];
  /** Refreshes at the current time and returns the verdict. */
  const sync = async () => {
    const status = await readPodRuntimeStatus(rt, clock, "u1", 60_000);
    await prober.refresh(pod, status, (kind, text) => events.push(`${kind} probe ${text}`));
    return prober.verdict(pod, spec, status.containers[0]);
  };
  /** Syncs at each time the verdict names until `until`, the way the kubelet's pod worker does; the last verdict. */
  const runUntil = async (until: number) => {
    let v = await sync();
    while (v.nextChangeAt !== undefined && v.nextChangeAt <= until) {
      await clock.advance(v.nextChangeAt - clock.now());
      v = await sync();
      if (v.killedBy) return { v, at: clock.now() };
    }
    return { v, at: clock.now() };
  };
  return { clock, rt, o, id, sync, runUntil, events, start: clock.now() };
}

describe("prober", () => {
  it("restarts the classic liveness example once /tmp/healthy is gone: cat exits 1 three periods in a row", async () => {
    const spec: ContainerSpec = {
      name: "liveness",
      image: "registry.k8s.io/busybox",
      args: ["/bin/sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
      livenessProbe: { exec: { command: ["cat", "/tmp/healthy"] }, initialDelaySeconds: 5, periodSeconds: 5 },
    };
    const { runUntil, events, start } = await setUp(spec);
    const { v, at } = await runUntil(start + 120_000);
    assert.equal(v.killedBy, "liveness");
    // Runs at 5 ... 25 s succeed; the file goes as the clock reaches 30 s, so 30, 35 and 40 fail.
    assert.equal(at - start, 40_000);
    assert.deepEqual(events, Array(3).fill("Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory"));
  });

  it("readiness over httpGet follows the web root: 404 after mv index.html away, 200 after it comes back", async () => {
    const spec: ContainerSpec = { name: "webserver", image: "httpd:2.4.38-alpine", readinessProbe: { httpGet: { path: "/index.html", port: 80 }, periodSeconds: 1, successThreshold: 1, failureThreshold: 1 } };
    const { rt, o, id, clock, sync, events } = await setUp(spec);
    assert.equal((await sync()).ready, true);
    await rt.execSync(id, ["/bin/sh", "-c", "mv -v /usr/local/apache2/htdocs/index.html /tmp/ || true"], 0, o());
    await clock.advance(1000);
    assert.equal((await sync()).ready, false);
    assert.deepEqual(events, ["Readiness probe failed: HTTP probe failed with statuscode: 404"]);
    await rt.execSync(id, ["/bin/sh", "-c", "mv -v /tmp/index.html /usr/local/apache2/htdocs/ || true"], 0, o());
    await clock.advance(1000);
    assert.equal((await sync()).ready, true);
  });

  it("tcpSocket succeeds on a declared port and is refused elsewhere; named ports resolve", async () => {
    const ok = await setUp({ name: "app", image: "example.com/app", ports: [{ name: "http", containerPort: 8080 }], readinessProbe: { tcpSocket: { port: "http" } } });
    assert.equal((await ok.sync()).ready, true);
    const refused = await setUp({ name: "app", image: "example.com/app", readinessProbe: { tcpSocket: { port: 9999 }, periodSeconds: 10 } });
    const v = await refused.sync();
    assert.equal(v.ready, false);
    assert.equal(v.nextChangeAt, refused.start + 10_000);
    assert.deepEqual(refused.events, ["Readiness probe failed: dial tcp 10.0.0.7:9999: connect: connection refused"]);
  });

  it("gates readiness and liveness on the startup probe and honours initialDelaySeconds and successThreshold", async () => {
    const spec: ContainerSpec = {
      name: "app",
      image: "busybox",
      command: ["sh", "-c", "sleep 20; touch /tmp/up; sleep 600"],
      startupProbe: { exec: { command: ["cat", "/tmp/up"] }, periodSeconds: 10, failureThreshold: 10 },
      readinessProbe: { exec: { command: ["true"] }, initialDelaySeconds: 5, periodSeconds: 10, successThreshold: 2 },
    };
    const { clock, sync, start } = await setUp(spec);
    let v = await sync();
    assert.deepEqual([v.started, v.ready, v.nextChangeAt], [false, false, start + 10_000]);
    await clock.advance(20_000);
    v = await sync();
    assert.equal(v.started, true);
    assert.equal(v.ready, false);
    assert.equal(v.nextChangeAt, start + 25_000);
    await clock.advance(5_000);
    assert.equal((await sync()).ready, false);
    await clock.advance(10_000);
    assert.equal((await sync()).ready, true);
  });

  it("keeps the sim annotations as overrides: readiness: fail fails without running the probe", async () => {
    const { sync, events } = await setUp({ name: "app", image: "nginx", readinessProbe: { httpGet: { path: "/", port: 80 } } }, { "sim.skiff.dev/readiness": "fail" });
    assert.equal((await sync()).ready, false);
    assert.deepEqual(events, ["Readiness probe failed: HTTP probe failed with statuscode: 503"]);
  });
});
