import { test } from "node:test";
import assert from "node:assert/strict";
import type { ContainerStatus } from "kubernetes-types/core/v1.js";
import { podColumns, summarizePod, type PodSummary } from "./pod-columns.js";
import type { Pod, PodObject } from "./pod-types.js";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const ago = (minutes: number) => new Date(NOW - minutes * 60_000).toISOString();
const running = (name: string, ready = true, restartCount = 0): ContainerStatus => ({ name, image: "x", imageID: "", ready, restartCount, state: { running: { startedAt: ago(60) } } });

function pod(p: Partial<Pod> & { containers?: string[]; init?: string[] }): Pod {
  return {
    metadata: { name: "p", creationTimestamp: ago(90), ...(p.metadata ?? {}) },
    spec: { containers: (p.containers ?? ["a"]).map((name) => ({ name, image: "x" })), initContainers: p.init?.map((name) => ({ name, image: "x" })), ...(p.spec ?? {}) },
    status: p.status,
  };
}

const cases: { name: string; pod: Pod; want: PodSummary }[] = [
  { name: "A new pod is Pending with nothing ready.", pod: pod({ status: { phase: "Pending" } }), want: { ready: "0/1", status: "Pending", restarts: "0" } },
  { name: "A running ready pod is Running.", pod: pod({ status: { phase: "Running", containerStatuses: [running("a")] } }), want: { ready: "1/1", status: "Running", restarts: "0" } },
  {
    name: "A waiting container's reason wins.",
    pod: pod({ status: { phase: "Pending", containerStatuses: [{ name: "a", image: "x", imageID: "", ready: false, restartCount: 0, state: { waiting: { reason: "ContainerCreating" } } }] } }),
    want: { ready: "0/1", status: "ContainerCreating", restarts: "0" },
  },
  {
    name: "A crash-looping container shows its restarts and when the last one ended.",
    pod: pod({
      status: {
        phase: "Running",
        containerStatuses: [{ name: "a", image: "x", imageID: "", ready: false, restartCount: 4, state: { waiting: { reason: "CrashLoopBackOff" } }, lastState: { terminated: { exitCode: 1, finishedAt: ago(3) } } }],
      },
    }),
    want: { ready: "0/1", status: "CrashLoopBackOff", restarts: "4 (3m ago)" },
  },
  {
    name: "A finished container shows Completed.",
    pod: pod({ status: { phase: "Succeeded", containerStatuses: [{ name: "a", image: "x", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } }] } }),
    want: { ready: "0/1", status: "Completed", restarts: "0" },
  },
  {
    name: "A terminated container without a reason shows its exit code.",
    pod: pod({ status: { phase: "Failed", containerStatuses: [{ name: "a", image: "x", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode: 137 } } }] } }),
    want: { ready: "0/1", status: "ExitCode:137", restarts: "0" },
  },
  {
    name: "Init containers still running show Init:x/y.",
    pod: pod({
      init: ["i1", "i2"],
      status: {
        phase: "Pending",
        initContainerStatuses: [
          { name: "i1", image: "x", imageID: "", ready: true, restartCount: 0, state: { terminated: { exitCode: 0 } } },
          { name: "i2", image: "x", imageID: "", ready: false, restartCount: 0, state: { running: {} } },
        ],
        containerStatuses: [{ name: "a", image: "x", imageID: "", ready: false, restartCount: 0, state: { waiting: { reason: "PodInitializing" } } }],
      },
    }),
    want: { ready: "0/1", status: "Init:1/2", restarts: "0" },
  },
  {
    name: "A failing init container shows Init: and its reason.",
    pod: pod({
      init: ["i1"],
      status: { phase: "Pending", initContainerStatuses: [{ name: "i1", image: "x", imageID: "", ready: false, restartCount: 2, state: { waiting: { reason: "CrashLoopBackOff" } } }] },
    }),
    want: { ready: "0/1", status: "Init:CrashLoopBackOff", restarts: "2" },
  },
  {
    name: "A pod being deleted shows Terminating.",
    pod: pod({ metadata: { name: "p", creationTimestamp: ago(90), deletionTimestamp: ago(0) }, status: { phase: "Running", containerStatuses: [running("a")] } }),
    want: { ready: "1/1", status: "Terminating", restarts: "0" },
  },
  {
    name: "A scheduling-gated pod says so.",
    pod: pod({ status: { phase: "Pending", conditions: [{ type: "PodScheduled", status: "False", reason: "SchedulingGated" }] } }),
    want: { ready: "0/1", status: "SchedulingGated", restarts: "0" },
  },
  {
    name: "A sidecar counts among the containers once started.",
    pod: pod({
      spec: { containers: [{ name: "a", image: "x" }], initContainers: [{ name: "s", image: "x", restartPolicy: "Always" }] },
      status: {
        phase: "Running",
        conditions: [{ type: "Initialized", status: "True" }],
        initContainerStatuses: [{ ...running("s"), started: true }],
        containerStatuses: [running("a")],
      },
    }),
    want: { ready: "2/2", status: "Running", restarts: "0" },
  },
  {
    name: "Completed with a container still running reads NotReady without the Ready condition.",
    pod: pod({
      containers: ["a", "b"],
      status: { phase: "Running", containerStatuses: [{ name: "a", image: "x", imageID: "", ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: "Completed" } } }, running("b")] },
    }),
    want: { ready: "1/2", status: "NotReady", restarts: "0" },
  },
];

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(summarizePod(c.pod, NOW), c.want);
  });
}

test("The pod table has upstream's columns and wide cells.", () => {
  assert.deepEqual(
    podColumns.map((c) => [c.name, c.priority ?? 0]),
    [["Ready", 0], ["Status", 0], ["Restarts", 0], ["Age", 0], ["IP", 1], ["Node", 1], ["Nominated Node", 1], ["Readiness Gates", 1]],
  );
  const p = pod({
    spec: { containers: [{ name: "a", image: "x" }], nodeName: "n1", readinessGates: [{ conditionType: "x/ready" }, { conditionType: "y/ready" }] },
    status: { phase: "Running", podIPs: [{ ip: "10.0.0.5" }], conditions: [{ type: "x/ready", status: "True" }], containerStatuses: [running("a")] },
  }) as PodObject;
  assert.deepEqual(podColumns.map((c) => c.cell(p, { now: NOW })), ["1/1", "Running", "0", "90m", "10.0.0.5", "n1", "<none>", "1/2"]);
});
