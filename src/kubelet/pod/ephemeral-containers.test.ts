import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { EphemeralContainer } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import type { ContainerState, ContainerStatus } from "../runtime/runtime.js";
import { probeVerdict } from "../prober/container-probes.js";
import { computePodActions } from "./actions.js";
import { targetProblem } from "./ephemeral-containers.js";
import { RestartBackoff } from "./backoff.js";
import { computePodStatus } from "./pod-status.js";
import type { PodRuntimeStatus } from "./runtime-status.js";

const T0 = Date.UTC(2026, 0, 1);

const debugger_ = (name = "debugger", extra: Partial<EphemeralContainer> = {}): EphemeralContainer => ({ name, image: "busybox", command: ["sh"], stdin: true, targetContainerName: "app", ...extra });

function podWith(opts: { restartPolicy?: string; init?: string[]; ephemeral?: EphemeralContainer[]; readiness?: boolean } = {}): Pod {
  return {
    metadata: { name: "p", namespace: "default", uid: "u1" },
    spec: {
      restartPolicy: opts.restartPolicy ?? "Always",
      initContainers: (opts.init ?? []).map((name) => ({ name, image: "busybox" })),
      containers: [{ name: "app", image: "nginx", ...(opts.readiness ? { readinessProbe: { httpGet: { path: "/", port: 80 } } } : {}) }],
      ephemeralContainers: opts.ephemeral ?? [debugger_()],
    },
    status: { phase: "Running", qosClass: "BestEffort" },
  } as Pod;
}

const STATES = { created: "CONTAINER_CREATED", running: "CONTAINER_RUNNING", exited: "CONTAINER_EXITED" } as const;

function instance(name: string, state: keyof typeof STATES, opts: { exitCode?: number; attempt?: number; image?: string } = {}): ContainerStatus {
  const exited = state === "exited";
  return {
    id: `${name}-${opts.attempt ?? 0}`,
    podSandboxId: "sb",
    metadata: { name, attempt: opts.attempt ?? 0 },
    image: opts.image ?? "busybox",
    imageRef: "sha256:0123abcd",
    state: STATES[state] as ContainerState,
    createdAt: T0,
    labels: {},
    annotations: {},
    startedAt: state === "created" ? 0 : T0,
    finishedAt: exited ? T0 + 1000 : 0,
    exitCode: opts.exitCode ?? 0,
    reason: exited ? ((opts.exitCode ?? 0) === 0 ? "Completed" : "Error") : "",
    message: "",
  };
}

function runtimeWith(...containers: ContainerStatus[]): PodRuntimeStatus {
  const sandbox = { id: "sb", metadata: { name: "p", namespace: "default", uid: "u1", attempt: 0 }, state: "SANDBOX_READY" as const, createdAt: T0, labels: {}, annotations: {}, network: { ip: "10.244.1.2" } };
  return { sandboxes: [sandbox], containers };
}

function sync(pod: Pod, rs: PodRuntimeStatus, now = T0 + 60_000) {
  // Before any probe ran: each probe has its initial result (prober.test.ts runs them).
  const probes = (spec: Parameters<typeof probeVerdict>[0], _c: ContainerStatus) => probeVerdict(spec, undefined);
  const actions = computePodActions({ pod, status: rs, now, backoff: new RestartBackoff(), probes });
  return { actions, status: computePodStatus({ pod, status: rs, actions, probes, hostIP: "172.16.0.5", now }) };
}

const starts = (a: { start: { spec: { name: string }; kind: string }[] }) => a.start.map((s) => `${s.kind}:${s.spec.name}`);

describe("ephemeral container actions", () => {
  it("starts an ephemeral container that has appeared in the spec of a running pod", () => {
    const { actions } = sync(podWith(), runtimeWith(instance("app", "running")));
    assert.deepEqual(starts(actions), ["ephemeral:debugger"]);
    assert.equal(actions.start[0].attempt, 0);
    assert.equal(actions.start[0].spec.stdin, true);
    assert.equal("targetContainerName" in actions.start[0].spec, false);
    assert.equal(actions.start[0].target, "app");
  });

  it("holds back one whose target container is not running, with upstream's message", () => {
    const a = { target: "app" };
    assert.equal(targetProblem(a, runtimeWith(instance("app", "running"))), undefined);
    assert.equal(targetProblem(a, runtimeWith(instance("app", "exited"))), "unable to find target container app");
    assert.equal(targetProblem(a, runtimeWith()), "unable to find target container app");
    assert.equal(targetProblem({}, runtimeWith()), undefined);
  });

  it("does not start it again while it runs", () => {
    const { actions } = sync(podWith(), runtimeWith(instance("app", "running"), instance("debugger", "running")));
    assert.deepEqual(actions.start, []);
    assert.deepEqual(actions.kill, []);
  });

  const exits = [
    { name: "never restarts an ephemeral container that exited 0, under restartPolicy Always", restartPolicy: "Always", exitCode: 0 },
    { name: "never restarts an ephemeral container that failed, under restartPolicy Always", restartPolicy: "Always", exitCode: 1 },
    { name: "never restarts an ephemeral container that failed, under restartPolicy OnFailure", restartPolicy: "OnFailure", exitCode: 2 },
  ];
  for (const t of exits) {
    it(t.name, () => {
      const { actions } = sync(podWith({ restartPolicy: t.restartPolicy }), runtimeWith(instance("app", "running"), instance("debugger", "exited", { exitCode: t.exitCode })));
      assert.deepEqual(actions.start, []);
      assert.equal(actions.backOff.size, 0);
      assert.equal(actions.nextSyncAt, undefined);
    });
  }

  it("starts one that was created but never started instead of creating another", () => {
    const { actions } = sync(podWith(), runtimeWith(instance("app", "running"), instance("debugger", "created")));
    assert.deepEqual(starts(actions), ["ephemeral:debugger"]);
    assert.equal(actions.start[0].existingId, "debugger-0");
  });

  it("starts each of several ephemeral containers once, only the new one", () => {
    const pod = podWith({ ephemeral: [debugger_("debugger-a"), debugger_("debugger-b")] });
    const { actions } = sync(pod, runtimeWith(instance("app", "running"), instance("debugger-a", "exited")));
    assert.deepEqual(starts(actions), ["ephemeral:debugger-b"]);
  });

  it("starts an ephemeral container before the next init container, while initialization is not done", () => {
    const { actions } = sync(podWith({ init: ["setup"] }), runtimeWith());
    assert.deepEqual(starts(actions), ["ephemeral:debugger", "init:setup"]);
  });

  it("waits for the sandbox before starting it", () => {
    const { actions } = sync(podWith(), { sandboxes: [], containers: [] });
    assert.equal(actions.createSandbox, true);
    assert.deepEqual(actions.start, []);
  });

  it("does not keep a finished pod running: it is stopped and nothing new is started", () => {
    const pod = podWith({ restartPolicy: "Never", ephemeral: [debugger_("debugger-a"), debugger_("debugger-b")] });
    const { actions, status } = sync(pod, runtimeWith(instance("app", "exited"), instance("debugger-a", "running")));
    assert.equal(actions.terminal, true);
    assert.deepEqual(actions.start, []);
    assert.deepEqual(actions.kill, [{ containerId: "debugger-a-0", name: "debugger-a", reason: "completed" }]);
    assert.equal(status.phase, "Succeeded");
  });
});

describe("ephemeral container statuses", () => {
  it("reports a running ephemeral container, never ready and without started, as upstream does", () => {
    const { status } = sync(podWith(), runtimeWith(instance("app", "running", { image: "nginx" }), instance("debugger", "running")));
    assert.deepEqual(status.ephemeralContainerStatuses, [
      {
        name: "debugger",
        image: "docker.io/library/busybox:latest",
        imageID: "docker.io/library/busybox@sha256:0123abcd",
        containerID: "sim://debugger-0",
        restartCount: 0,
        ready: false,
        state: { running: { startedAt: "2026-01-01T00:00:00Z" } },
        lastState: {},
      },
    ]);
    assert.deepEqual(status.containerStatuses?.map((s) => s.name), ["app"]);
  });

  it("reports an exited ephemeral container as terminated with its exit code, restart count 0", () => {
    const { status } = sync(podWith(), runtimeWith(instance("app", "running"), instance("debugger", "exited", { exitCode: 3 })));
    const s = status.ephemeralContainerStatuses![0];
    assert.equal(s.restartCount, 0);
    assert.deepEqual(s.state, {
      terminated: { exitCode: 3, reason: "Error", startedAt: "2026-01-01T00:00:00Z", finishedAt: "2026-01-01T00:00:01Z", containerID: "sim://debugger-0" },
    });
    assert.equal(status.phase, "Running");
  });

  it("reports one not created yet as waiting in ContainerCreating, with the spec's image", () => {
    const { status } = sync(podWith(), runtimeWith(instance("app", "running")));
    assert.deepEqual(status.ephemeralContainerStatuses, [{ name: "debugger", image: "busybox", imageID: "", restartCount: 0, ready: false, state: { waiting: { reason: "ContainerCreating" } }, lastState: {} }]);
  });

  it("reports one whose target is not running as waiting in CreateContainerConfigError", () => {
    const pod = podWith();
    const rs = runtimeWith(instance("app", "exited", { exitCode: 1 }));
    const probes = () => ({ started: false, ready: false });
    const actions = { backOff: new Map(), initialized: true, terminal: false };
    const status = computePodStatus({ pod, status: rs, actions, probes, hostIP: "172.16.0.5", now: T0, configErrors: new Map([["debugger", "unable to find target container app"]]) });
    assert.deepEqual(status.ephemeralContainerStatuses?.[0].state, { waiting: { reason: "CreateContainerConfigError", message: "unable to find target container app" } });
  });

  it("sorts several by name", () => {
    const pod = podWith({ ephemeral: [debugger_("debugger-z"), debugger_("debugger-a")] });
    const { status } = sync(pod, runtimeWith(instance("app", "running")));
    assert.deepEqual(status.ephemeralContainerStatuses?.map((s) => s.name), ["debugger-a", "debugger-z"]);
  });

  it("leaves readiness to the pod's own containers: a running, unready debugger keeps the pod Ready", () => {
    const { status } = sync(podWith(), runtimeWith(instance("app", "running"), instance("debugger", "running")));
    assert.equal(status.conditions?.find((c) => c.type === "Ready")?.status, "True");
    assert.equal(status.conditions?.find((c) => c.type === "ContainersReady")?.status, "True");
  });

  it("omits ephemeralContainerStatuses from a pod without ephemeral containers", () => {
    const pod = podWith({ ephemeral: [] });
    pod.status = { ...pod.status, ephemeralContainerStatuses: [] };
    const { status } = sync(pod, runtimeWith(instance("app", "running")));
    assert.equal("ephemeralContainerStatuses" in status, false);
  });
});
