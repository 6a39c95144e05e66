/**
 * The `sim` container runtime: CRI in memory, no processes.
 *
 * - A container runs from StartContainer until it is stopped or removed,
 *   unless the pod's annotations script otherwise (annotations.ts):
 *   `sim.skiff.dev/exit-after` makes it exit on its own with
 *   `sim.skiff.dev/exit-code` (reason Completed for 0, Error otherwise).
 *   Init containers (label skiff.dev/container-kind=init) exit 0 at once
 *   unless exit-after says otherwise. Exits are noticed lazily, when the
 *   container is next read, so a sim container costs no timer.
 * - StopContainer sends "SIGTERM": the container exits at once with code 0,
 *   or, with `sim.skiff.dev/ignore-sigterm`, after the timeout with 137.
 * - Usage (ContainerStats) is derived from the container's requests with
 *   deterministic jitter (usage.ts).
 * - Faults (fault-gate.ts): inject({mode: "hang"}) blocks every call until
 *   heal(), rejecting callers at their deadlines; "slow" delays every call;
 *   "fail" fails every call.
 */
import { createHash } from "node:crypto";
import type { Clock } from "../../../util/clock.js";
import {
  RuntimeError,
  type CallOptions,
  type Container,
  type ContainerConfig,
  type ContainerFilter,
  type ContainerStats,
  type ContainerStatus,
  type ImageInfo,
  type PodSandbox,
  type PodSandboxConfig,
  type PodSandboxStatus,
  type Runtime,
  type SandboxFilter,
} from "../runtime.js";
import { EXIT_AFTER, IGNORE_SIGTERM, simAnnotation, simDuration, simExitCode } from "./annotations.js";
import { FaultGate, type HeldCall, type SimFault } from "./fault-gate.js";
import { simulatedUsage } from "./usage.js";

/** The label by which the kubelet marks init containers (sidecars are not marked). */
export const CONTAINER_KIND_LABEL = "skiff.dev/container-kind";

export interface SimRuntimeOptions {
  clock: Clock;
  /** Prefix of generated ids, to tell nodes apart in logs. */
  idPrefix?: string;
}

/** A Runtime with fault injection and diagnostics. */
export interface SimRuntime extends Runtime {
  inject(fault: SimFault): void;
  heal(): void;
  fault(): SimFault | undefined;
  /** Calls the runtime has not finished, oldest first. */
  outstanding(minAgeMs?: number): HeldCall[];
}

interface SimSandbox extends PodSandboxStatus {
  containers: Set<string>;
}

interface SimContainer extends ContainerStatus {
  resources?: ContainerConfig["resources"];
  /** When a running container exits on its own. */
  exitAt?: number;
  exitCodeOnExit: number;
}

export function createSimRuntime(opts: SimRuntimeOptions): SimRuntime {
  const { clock } = opts;
  const gate = new FaultGate(clock);
  const sandboxes = new Map<string, SimSandbox>();
  const containers = new Map<string, SimContainer>();
  const images = new Map<string, ImageInfo>();
  let seq = 0;
  const newId = (kind: string) => createHash("sha256").update(`${opts.idPrefix ?? ""}/${kind}/${++seq}/${clock.now()}`).digest("hex");

  const sandbox = (id: string): SimSandbox => {
    const s = sandboxes.get(id);
    if (!s) throw new RuntimeError("NotFound", `could not find pod sandbox "${id}": not found`);
    return s;
  };
  const container = (id: string): SimContainer => {
    const c = containers.get(id);
    if (!c) throw new RuntimeError("NotFound", `could not find container "${id}": not found`);
    return refresh(c);
  };
  /** Applies a scripted exit that is due. */
  const refresh = (c: SimContainer): SimContainer => {
    if (c.state === "CONTAINER_RUNNING" && c.exitAt !== undefined && c.exitAt <= clock.now()) exit(c, c.exitAt, c.exitCodeOnExit);
    return c;
  };
  const exit = (c: SimContainer, at: number, code: number) => {
    c.state = "CONTAINER_EXITED";
    c.finishedAt = at;
    c.exitCode = code;
    c.reason = code === 0 ? "Completed" : "Error";
    c.exitAt = undefined;
  };
  const publicSandbox = (s: SimSandbox): PodSandbox => ({ id: s.id, metadata: s.metadata, state: s.state, createdAt: s.createdAt, labels: s.labels, annotations: s.annotations });
  const publicContainer = (c: SimContainer): Container => ({
    id: c.id,
    podSandboxId: c.podSandboxId,
    metadata: c.metadata,
    image: c.image,
    imageRef: c.imageRef,
    state: c.state,
    createdAt: c.createdAt,
    labels: c.labels,
    annotations: c.annotations,
  });
  const matches = (labels: Record<string, string>, selector: Record<string, string> | undefined) => !selector || Object.entries(selector).every(([k, v]) => labels[k] === v);
  const imageInfo = (image: string): ImageInfo => {
    const digest = createHash("sha256").update(image).digest("hex");
    const repo = image.replace(/[:@].*$/, "");
    return { id: `sha256:${digest}`, repoTags: [image.includes(":") ? image : `${image}:latest`], repoDigests: [`${repo}@sha256:${digest}`], size: 10 * 1024 * 1024 };
  };
  const stopNow = (c: SimContainer) => {
    refresh(c);
    if (c.state === "CONTAINER_RUNNING") exit(c, clock.now(), 0);
    else if (c.state === "CONTAINER_CREATED") exit(c, clock.now(), 0);
  };

  const rt: SimRuntime = {
    inject: (fault) => gate.set(fault),
    heal: () => gate.set(undefined),
    fault: () => gate.current(),
    outstanding: (minAgeMs) => gate.outstanding(minAgeMs),

    version: (o) => gate.call("Version", o, () => ({ runtimeName: "sim", runtimeVersion: "1.0", runtimeApiVersion: "v1" })),

    runPodSandbox: (config: PodSandboxConfig, o: CallOptions) =>
      gate.call("RunPodSandbox", o, () => {
        const id = newId("sandbox");
        sandboxes.set(id, {
          id,
          metadata: { ...config.metadata },
          state: "SANDBOX_READY",
          createdAt: clock.now(),
          labels: { ...config.labels },
          annotations: { ...config.annotations },
          network: { ip: config.ip },
          containers: new Set(),
        });
        return id;
      }),
    stopPodSandbox: (id, o) =>
      gate.call("StopPodSandbox", o, () => {
        const s = sandboxes.get(id);
        if (!s) return;
        for (const cid of s.containers) {
          const c = containers.get(cid);
          if (c) stopNow(c);
        }
        s.state = "SANDBOX_NOTREADY";
      }),
    removePodSandbox: (id, o) =>
      gate.call("RemovePodSandbox", o, () => {
        const s = sandboxes.get(id);
        if (!s) return;
        for (const cid of s.containers) containers.delete(cid);
        sandboxes.delete(id);
      }),
    podSandboxStatus: (id, o) =>
      gate.call("PodSandboxStatus", o, () => {
        const s = sandbox(id);
        return { ...publicSandbox(s), network: { ...s.network } };
      }),
    listPodSandbox: (filter: SandboxFilter | undefined, o) =>
      gate.call("ListPodSandbox", o, () =>
        [...sandboxes.values()].filter((s) => (!filter?.id || s.id === filter.id) && (!filter?.state || s.state === filter.state) && matches(s.labels, filter?.labelSelector)).map(publicSandbox),
      ),

    createContainer: (podSandboxId, config, o) =>
      gate.call("CreateContainer", o, () => {
        const s = sandbox(podSandboxId);
        if (s.state !== "SANDBOX_READY") throw new RuntimeError("FailedPrecondition", `sandbox "${podSandboxId}" is not ready`);
        const id = newId("container");
        const info = images.get(config.image) ?? imageInfo(config.image);
        containers.set(id, {
          id,
          podSandboxId,
          metadata: { ...config.metadata },
          image: config.image,
          imageRef: info.id,
          state: "CONTAINER_CREATED",
          createdAt: clock.now(),
          startedAt: 0,
          finishedAt: 0,
          exitCode: 0,
          reason: "",
          message: "",
          labels: { ...config.labels },
          annotations: { ...config.annotations },
          resources: config.resources,
          exitCodeOnExit: 0,
        });
        s.containers.add(id);
        return id;
      }),
    startContainer: (id, o) =>
      gate.call("StartContainer", o, () => {
        const c = container(id);
        if (c.state !== "CONTAINER_CREATED") throw new RuntimeError("FailedPrecondition", `container "${id}" is in ${c.state} state`);
        const now = clock.now();
        c.state = "CONTAINER_RUNNING";
        c.startedAt = now;
        const name = c.metadata.name;
        const scripted = simDuration(c.annotations, EXIT_AFTER, name);
        const after = scripted ?? (c.labels[CONTAINER_KIND_LABEL] === "init" ? 0 : undefined);
        c.exitCodeOnExit = scripted === undefined ? 0 : simExitCode(c.annotations, name);
        c.exitAt = after === undefined ? undefined : now + after;
        refresh(c);
      }),
    stopContainer: (id, timeoutSeconds, o) =>
      gate.call("StopContainer", o, async () => {
        const c = container(id);
        if (c.state !== "CONTAINER_RUNNING") return stopNow(c);
        if (simAnnotation(c.annotations, IGNORE_SIGTERM, c.metadata.name) === "true") {
          await clock.sleep(Math.max(0, timeoutSeconds) * 1000);
          refresh(c);
          if (c.state === "CONTAINER_RUNNING") exit(c, clock.now(), 137);
          return;
        }
        stopNow(c);
      }),
    removeContainer: (id, o) =>
      gate.call("RemoveContainer", o, () => {
        const c = containers.get(id);
        if (!c) return;
        containers.delete(id);
        sandboxes.get(c.podSandboxId)?.containers.delete(id);
      }),
    containerStatus: (id, o) =>
      gate.call("ContainerStatus", o, () => {
        const { resources: _r, exitAt: _e, exitCodeOnExit: _x, ...status } = container(id);
        return { ...status };
      }),
    listContainers: (filter: ContainerFilter | undefined, o) =>
      gate.call("ListContainers", o, () =>
        [...containers.values()]
          .map(refresh)
          .filter((c) => (!filter?.id || c.id === filter.id) && (!filter?.podSandboxId || c.podSandboxId === filter.podSandboxId) && (!filter?.state || c.state === filter.state) && matches(c.labels, filter?.labelSelector))
          .map(publicContainer),
      ),
    containerStats: (id, o) =>
      gate.call("ContainerStats", o, (): ContainerStats => {
        const c = container(id);
        const now = clock.now();
        if (c.state !== "CONTAINER_RUNNING") return { containerId: id, timestamp: now, cpuNanoCores: 0, memoryWorkingSetBytes: 0 };
        return { containerId: id, timestamp: now, ...simulatedUsage(id, c.resources, now) };
      }),
    execSync: (id, _cmd, _timeout, o) =>
      gate.call("ExecSync", o, () => {
        const c = container(id);
        if (c.state !== "CONTAINER_RUNNING") throw new RuntimeError("Unknown", `container ${id} is not running`);
        return { exitCode: 0, stdout: "", stderr: "" };
      }),
    exec: async () => {
      throw new RuntimeError("Unknown", "exec is not implemented by the sim runtime yet");
    },
    attach: async () => {
      throw new RuntimeError("Unknown", "attach is not implemented by the sim runtime yet");
    },
    portForward: async () => {
      throw new RuntimeError("Unknown", "port-forward is not implemented by the sim runtime yet");
    },

    pullImage: (image, o) =>
      gate.call("PullImage", o, () => {
        const info = images.get(image) ?? imageInfo(image);
        images.set(image, info);
        return info.id;
      }),
    imageStatus: (image, o) => gate.call("ImageStatus", o, () => images.get(image)),
  };
  return rt;
}
