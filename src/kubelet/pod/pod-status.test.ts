import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Pod } from "../../api/core/pod-types.js";
import type { ContainerStatus } from "../runtime/runtime.js";
import { probeVerdict } from "../prober/container-probes.js";
import { computePodActions } from "./actions.js";
import { RestartBackoff } from "./backoff.js";
import { computePodStatus } from "./pod-status.js";
import type { PodRuntimeStatus } from "./runtime-status.js";

const T0 = Date.UTC(2026, 0, 1);

function podWith(restartPolicy: string, opts: { init?: string[]; sidecars?: string[]; annotations?: Record<string, string>; readiness?: boolean } = {}): Pod {
  return {
    metadata: { name: "p", namespace: "default", uid: "u1", annotations: opts.annotations },
    spec: {
      restartPolicy,
      initContainers: [...(opts.init ?? []).map((name) => ({ name, image: "busybox" })), ...(opts.sidecars ?? []).map((name) => ({ name, image: "envoy", restartPolicy: "Always" }))],
      containers: [{ name: "app", image: "nginx", ...(opts.readiness ? { readinessProbe: { httpGet: { path: "/", port: 80 }, periodSeconds: 10 } } : {}) }],
    },
    status: { phase: "Pending", qosClass: "BestEffort" },
  } as Pod;
}

function instance(name: string, state: "running" | "exited", opts: { exitCode?: number; attempt?: number; startedAt?: number; finishedAt?: number } = {}): ContainerStatus {
  const startedAt = opts.startedAt ?? T0;
  return {
    id: `${name}-${opts.attempt ?? 0}`,
    podSandboxId: "sb",
    metadata: { name, attempt: opts.attempt ?? 0 },
    image: "nginx",
    imageRef: "sha256:abc",
    state: state === "running" ? "CONTAINER_RUNNING" : "CONTAINER_EXITED",
    createdAt: startedAt,
    labels: {},
    annotations: {},
    startedAt,
    finishedAt: state === "exited" ? (opts.finishedAt ?? startedAt + 1000) : 0,
    exitCode: opts.exitCode ?? 0,
    reason: state === "exited" ? ((opts.exitCode ?? 0) === 0 ? "Completed" : "Error") : "",
    message: "",
  };
}

function runtimeWith(...containers: ContainerStatus[]): PodRuntimeStatus {
  const sandbox = { id: "sb", metadata: { name: "p", namespace: "default", uid: "u1", attempt: 0 }, state: "SANDBOX_READY" as const, createdAt: T0, labels: {}, annotations: {}, network: { ip: "10.244.1.2" } };
  return { sandboxes: [sandbox], containers: containers.sort((a, b) => b.metadata.attempt - a.metadata.attempt) };
}

function statusOf(pod: Pod, rs: PodRuntimeStatus, now = T0 + 5_000, backoff = new RestartBackoff()) {
  // Before any probe ran: each probe has its initial result (prober.test.ts runs them).
  const probes = (spec: Parameters<typeof probeVerdict>[0], _c: ContainerStatus) => probeVerdict(spec, undefined);
  const actions = computePodActions({ pod, status: rs, now, backoff, probes });
  return { actions, status: computePodStatus({ pod, status: rs, actions, probes, hostIP: "172.16.0.5", now }) };
}

const cond = (s: { conditions?: { type: string; status: string; reason?: string; message?: string }[] }, type: string) => s.conditions?.find((c) => c.type === type);

describe("pod status", () => {
  const table = [
    { name: "a running container without probes makes the pod Running and Ready", pod: podWith("Always"), rs: runtimeWith(instance("app", "running")), phase: "Running", ready: "True", reason: undefined },
    { name: "a container exited 0 under Never makes the pod Succeeded (PodCompleted)", pod: podWith("Never"), rs: runtimeWith(instance("app", "exited")), phase: "Succeeded", ready: "False", reason: "PodCompleted" },
    { name: "a container exited 1 under Never makes the pod Failed (PodFailed)", pod: podWith("Never"), rs: runtimeWith(instance("app", "exited", { exitCode: 1 })), phase: "Failed", ready: "False", reason: "PodFailed" },
    { name: "a container exited 0 under OnFailure makes the pod Succeeded", pod: podWith("OnFailure"), rs: runtimeWith(instance("app", "exited")), phase: "Succeeded", ready: "False", reason: "PodCompleted" },
    { name: "a failing readiness probe keeps a running pod unready", pod: podWith("Always", { readiness: true, annotations: { "sim.skiff.dev/readiness": "fail" } }), rs: runtimeWith(instance("app", "running")), phase: "Running", ready: "False", reason: "ContainersNotReady" },
    { name: "a failed init container under Never fails the pod", pod: podWith("Never", { init: ["setup"] }), rs: runtimeWith(instance("setup", "exited", { exitCode: 1 })), phase: "Failed", ready: "False", reason: "PodFailed" },
    { name: "a running init container keeps the pod Pending and not initialized", pod: podWith("Always", { init: ["setup"] }), rs: runtimeWith(instance("setup", "running")), phase: "Pending", ready: "False", reason: "ContainersNotReady" },
  ];
  for (const t of table) {
    it(t.name, () => {
      const { status } = statusOf(t.pod, t.rs);
      assert.equal(status.phase, t.phase);
      assert.equal(cond(status, "Ready")?.status, t.ready);
      assert.equal(cond(status, "Ready")?.reason, t.reason);
      assert.equal(cond(status, "ContainersReady")?.status, t.ready);
      assert.equal(status.podIP, "10.244.1.2");
      assert.equal(status.hostIP, "172.16.0.5");
    });
  }

  it("reports an unfinished init container in Initialized and waits the app with PodInitializing", () => {
    const { status, actions } = statusOf(podWith("Always", { init: ["setup"] }), runtimeWith(instance("setup", "running")));
    assert.deepEqual(actions.start, []);
    assert.equal(cond(status, "Initialized")?.message, "containers with incomplete status: [setup]");
    assert.equal(status.containerStatuses?.[0].state?.waiting?.reason, "PodInitializing");
  });

  it("starts a sidecar before the next init container and counts it towards readiness", () => {
    const pod = podWith("Always", { sidecars: ["proxy"] });
    const first = statusOf(pod, runtimeWith());
    assert.deepEqual(first.actions.start.map((a) => [a.spec.name, a.kind]), [["proxy", "sidecar"]]);
    const later = statusOf(pod, runtimeWith(instance("proxy", "running")));
    assert.deepEqual(later.actions.start.map((a) => [a.spec.name, a.kind]), [["app", "regular"]]);
    assert.equal(cond(later.status, "Ready")?.message, "containers with unready status: [app]");
  });

  it("shows a crashed container waiting in CrashLoopBackOff with its last state and restart count", () => {
    const pod = podWith("Always");
    const backoff = new RestartBackoff();
    backoff.next("u1/app", T0, T0);
    const rs = runtimeWith(instance("app", "exited", { exitCode: 1, attempt: 1, startedAt: T0 + 500, finishedAt: T0 + 1000 }), instance("app", "exited", { exitCode: 1 }));
    const { status, actions } = statusOf(pod, rs, T0 + 5_000, backoff);
    assert.deepEqual(actions.start, []);
    assert.equal(actions.nextSyncAt, T0 + 11_000);
    const cs = status.containerStatuses![0];
    assert.equal(cs.restartCount, 1);
    assert.equal(cs.state?.waiting?.reason, "CrashLoopBackOff");
    assert.equal(cs.state?.waiting?.message, "back-off 10s restarting failed container=app pod=p_default(u1)");
    assert.equal(cs.lastState?.terminated?.exitCode, 1);
    assert.equal(status.phase, "Running");
  });
});
