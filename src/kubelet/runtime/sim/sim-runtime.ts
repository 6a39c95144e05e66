/**
 * The `sim` container runtime: CRI in memory, no processes.
 *
 * - A container whose command the sim shell knows (shell/) runs it in its
 *   own filesystem (container-fs.ts) with its environment; its output goes
 *   to its CRI log in the node's HostFilesystem and its exit code to its
 *   status, on the clock (sim-container.ts). Any other program runs from
 *   StartContainer until it is stopped or removed, unless the pod's
 *   annotations script otherwise (annotations.ts): `sim.skiff.dev/exit-after`
 *   makes it exit on its own with `sim.skiff.dev/exit-code`. Init
 *   containers (label skiff.dev/container-kind=init) of unknown programs
 *   exit 0 at once. No container holds a timer: waits share one scheduler.
 * - A container whose image is one of the programs passed in (programs.ts,
 *   e.g. metrics-server) runs that code in this process until it stops.
 * - exec, attach and port-forward: sim-streaming.ts.
 * - snapshot() saves the whole runtime (and a memory HostFilesystem) as
 *   JSON; createSimRuntime({ from }) carries on from it, as containerd
 *   does after a restart (sim-snapshot.ts).
 * - StopContainer sends "SIGTERM": the container exits at once with code 0,
 *   or, with `sim.skiff.dev/ignore-sigterm`, after the timeout with 137.
 * - Usage (ContainerStats) comes from the pod's sim.skiff.dev/cpu-usage and
 *   memory-usage annotations, else from the container's requests with
 *   deterministic jitter (usage.ts). The kubelet passes the pod's current
 *   annotations on (updatePodAnnotations), so usage follows them live.
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
import type { HostFilesystem } from "../host-filesystem.js";
import { IGNORE_SIGTERM, simAnnotation, simDuration, STARTUP_DELAY } from "./annotations.js";
import { containerEnv, containerLogPath, containerMounts, containerRootDir, sandboxDir, sandboxHostname, writeSandboxFiles } from "./container-setup.js";
import { FaultGate, type HeldCall, type SimFault } from "./fault-gate.js";
import { UnkillableProcesses } from "./unkillable.js";
import { registryFailure, type RegistryFault } from "./registry-faults.js";
import { createMemoryFilesystem } from "./memory-filesystem.js";
import { CONTAINER_KIND_LABEL, containerFs, exitContainer, launchContainer, refreshContainer, type ContainerHost, type SimContainer } from "./sim-container.js";
import { POD_UID_LABEL } from "../../pod/labels.js";
import { createPodNetwork, type ClusterNetwork } from "./pod-network.js";
import type { HttpHandler } from "./web-server.js";
import { createDependencyGate, type PodDialer } from "./dependencies.js";
import { PodIndexedMap } from "./pod-indexed-map.js";
import type { SimProgram } from "./programs.js";
import { restoreState, snapshotState, type SimRuntimeSnapshot } from "./sim-snapshot.js";
import { createSimStreaming } from "./sim-streaming.js";
import { CpuCounter, simulatedUsage, type ContainerUsageInput } from "./usage.js";
import { createWakeScheduler } from "./wake-scheduler.js";

export { CONTAINER_KIND_LABEL };

export interface SimRuntimeOptions {
  clock: Clock;
  /** Prefix of generated ids, to tell nodes apart in logs. */
  idPrefix?: string;
  /** The node's filesystem, shared with its kubelet; default a fresh in-memory one (or the snapshot's). */
  hostFilesystem?: HostFilesystem;
  /** A snapshot() to carry on from, as containerd after a restart. */
  from?: SimRuntimeSnapshot;
  /** Programs that run for real in this process when a container's image is theirs (programs.ts). */
  programs?: readonly SimProgram[];
  /** Connections from the node's pods through the cluster's network: `sim.skiff.dev/depends-on` checks dial through it (dependencies.ts). */
  podDialer?: PodDialer;
  /** The cluster's network for the node's pods' programs (wget): names through cluster DNS, connections through kube-proxy's rules. */
  podNetwork?: ClusterNetwork;
  /** What listens on a pod's port wherever the pod runs (the pods of every sim runtime); default: this runtime's pods only. */
  podListener?(pod: { namespace: string; name: string }, port: number): HttpHandler | undefined;
  /** The runtime's own log (as containerd's or dockerd's journal); default: dropped. */
  log?: (message: string) => void;
}

/** A Runtime with fault injection and diagnostics. */
export interface SimRuntime extends Runtime {
  inject(fault: SimFault): void;
  heal(): void;
  fault(): SimFault | undefined;
  /** Calls the runtime has not finished, oldest first. */
  outstanding(minAgeMs?: number): HeldCall[];
  /** The node's filesystem the runtime writes logs and container layers to. */
  readonly hostFilesystem: HostFilesystem;
  /** The whole state as JSON, to restore with createSimRuntime({ from }). */
  snapshot(): SimRuntimeSnapshot;
  /** The pod's annotations changed: usage annotations apply from now on (no CRI call carries them). */
  updatePodAnnotations(podUid: string, annotations: Record<string, string>): void;
  /** What listens on the port of the pod's ready sandbox here: undefined when the pod has none here, handler undefined when nothing listens. */
  podListener(namespace: string, name: string, port: number): { handler?: HttpHandler } | undefined;
}

export interface SimSandbox extends PodSandboxStatus {
  config: PodSandboxConfig;
  containers: Set<string>;
}

export function createSimRuntime(opts: SimRuntimeOptions): SimRuntime {
  const { clock } = opts;
  const gate = new FaultGate(clock);
  const sandboxes = new PodIndexedMap<SimSandbox>();
  const containers = new PodIndexedMap<SimContainer>();
  const images = new Map<string, ImageInfo>();
  const fs = opts.hostFilesystem ?? createMemoryFilesystem({ clock, from: opts.from?.host });
  const host: ContainerHost = { clock, scheduler: createWakeScheduler(clock), fs, programs: opts.programs };
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
  const refresh = (c: SimContainer) => refreshContainer(host, c);
  const exit = (c: SimContainer, at: number, code: number) => exitContainer(host, c, at, code);
  /** Registries whose pulls fail (RegistryAuth faults). */
  let registries: RegistryFault[] | undefined;
  const unkillable = new UnkillableProcesses(clock, opts.log ?? (() => undefined), (c, code) => exit(c, clock.now(), code));
  /** "namespace/name" of the pod a container belongs to, as the unkillable set names pods. */
  const podOf = (c: SimContainer) => {
    const m = sandboxes.get(c.podSandboxId)?.metadata;
    return m ? `${m.namespace}/${m.name}` : "";
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
  /** What a list must look at: the pod's own entries when it selects on the pod uid, else all. */
  const candidates = <T extends { labels: Record<string, string> }>(all: PodIndexedMap<T>, selector: Record<string, string> | undefined): Iterable<T> => {
    const uid = selector?.[POD_UID_LABEL];
    return uid === undefined ? all.values() : all.ofPod(uid);
  };
  /** A label selector as a predicate; its keys are read once per list, not once per item (a pod sync lists by its uid). */
  const labelMatcher = (selector: Record<string, string> | undefined): ((labels: Record<string, string>) => boolean) => {
    if (!selector) return () => true;
    const keys = Object.keys(selector);
    return (labels) => {
      for (const k of keys) if (labels[k] !== selector[k]) return false;
      return true;
    };
  };
  const imageInfo = (image: string): ImageInfo => {
    const digest = createHash("sha256").update(image).digest("hex");
    const repo = image.replace(/[:@].*$/, "");
    return { id: `sha256:${digest}`, repoTags: [image.includes(":") ? image : `${image}:latest`], repoDigests: [`${repo}@sha256:${digest}`], size: 10 * 1024 * 1024 };
  };
  const stopNow = (c: SimContainer) => {
    refresh(c);
    // A process in uninterruptible sleep outlives its sandbox's teardown too.
    if (c.state === "CONTAINER_RUNNING" && unkillable.holds(podOf(c))) return;
    if (c.state === "CONTAINER_RUNNING") exit(c, clock.now(), 0);
    else if (c.state === "CONTAINER_CREATED") exit(c, clock.now(), 0);
  };

  const cpuCounters = new Map<string, CpuCounter>();
  const usageInput = (c: SimContainer): ContainerUsageInput => ({ id: c.id, name: c.metadata.name, resources: c.config.resources, annotations: sandboxes.get(c.podSandboxId)?.annotations ?? c.annotations });
  /** The container's CPU time up to now (or its exit), at the usage its pod's annotations give. */
  const cpuTime = (c: SimContainer): number => {
    let counter = cpuCounters.get(c.id);
    if (!counter) cpuCounters.set(c.id, (counter = new CpuCounter(c.startedAt)));
    const input = usageInput(c);
    const until = c.state === "CONTAINER_RUNNING" ? clock.now() : c.finishedAt;
    return counter.settle(until, (t) => simulatedUsage(input, t).cpuNanoCores);
  };

  host.podOf = (c) => {
    const s = sandboxes.get(c.podSandboxId);
    return s && { namespace: s.metadata.namespace, name: s.metadata.name, uid: s.metadata.uid, ip: s.network.ip };
  };
  const streaming = createSimStreaming({ host, sandbox, container });
  const podListener = (namespace: string, name: string, port: number): { handler?: HttpHandler } | undefined => {
    for (const s of sandboxes.values()) {
      if (s.state === "SANDBOX_READY" && s.metadata.namespace === namespace && s.metadata.name === name) return { handler: streaming.listener(s.id, port) };
    }
    return undefined;
  };
  const readFile = (c: SimContainer, path: string): string | undefined => {
    const data = containerFs(host, c).readFile(path);
    return data && Buffer.from(data).toString();
  };
  host.network = (c) => {
    const s = sandboxes.get(c.podSandboxId);
    return createPodNetwork({
      podIP: s?.network.ip,
      hostsFile: () => readFile(c, "/etc/hosts"),
      listener: (port) => (sandboxes.has(c.podSandboxId) ? streaming.listener(c.podSandboxId, port) : undefined),
      cluster: opts.podNetwork &&
        s && {
          network: opts.podNetwork,
          pod: { namespace: s.metadata.namespace, name: s.metadata.name, ip: s.network.ip },
          resolvConf: () => readFile(c, "/etc/resolv.conf") ?? "",
          podListener: opts.podListener ?? ((pod, port) => podListener(pod.namespace, pod.name, port)?.handler),
          wait: (ms) => clock.sleep(ms),
        },
    });
  };
  const dependencies = opts.podDialer && createDependencyGate(opts.podDialer);
  if (dependencies) {
    host.dependenciesDown = (c) => {
      const s = sandboxes.get(c.podSandboxId);
      return dependencies.down({
        id: c.id,
        name: c.metadata.name,
        pod: s && { namespace: s.metadata.namespace, name: s.metadata.name },
        annotations: s?.annotations ?? c.annotations,
        resolvConf: () => readFile(c, "/etc/resolv.conf") ?? "",
        log: (line) => c.log?.write("stderr", `${line}\n`, clock.now()),
      });
    };
  }
  const rt: SimRuntime = {
    ...streaming,
    hostFilesystem: fs,
    podListener,
    snapshot: () => snapshotState({ clock, seq, sandboxes, containers, images, fs }),
    inject: (fault) => {
      gate.set(fault);
      unkillable.set(fault.unkillablePods);
      registries = fault.registries;
    },
    heal: () => {
      gate.set(undefined);
      unkillable.set(undefined);
      registries = undefined;
    },
    fault: () => gate.current(),
    outstanding: (minAgeMs) => gate.outstanding(minAgeMs),
    updatePodAnnotations(podUid, annotations) {
      for (const s of sandboxes.values()) {
        if (s.metadata.uid !== podUid || JSON.stringify(s.annotations) === JSON.stringify(annotations)) continue;
        // CPU time so far counts at the old usage.
        for (const id of s.containers) {
          const c = containers.get(id);
          if (c && c.startedAt) cpuTime(refresh(c));
        }
        s.annotations = { ...annotations };
      }
    },

    version: (o) => gate.call("Version", o, () => ({ runtimeName: "sim", runtimeVersion: "1.0", runtimeApiVersion: "v1" })),

    runPodSandbox: (config: PodSandboxConfig, o: CallOptions) =>
      gate.call("RunPodSandbox", o, () => {
        const id = newId("sandbox");
        writeSandboxFiles(fs, id, config);
        sandboxes.set(id, {
          config: structuredClone(config),
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
        for (const cid of s.containers) removeContainerNow(cid);
        sandboxes.delete(id);
        fs.remove(sandboxDir(id));
      }),
    podSandboxStatus: (id, o) =>
      gate.call("PodSandboxStatus", o, () => {
        const s = sandbox(id);
        return { ...publicSandbox(s), network: { ...s.network } };
      }),
    listPodSandbox: (filter: SandboxFilter | undefined, o) =>
      gate.call("ListPodSandbox", o, () => {
        // One pass: the PLEG lists every sandbox of the node each second.
        const out: PodSandbox[] = [];
        const matches = labelMatcher(filter?.labelSelector);
        for (const s of candidates(sandboxes, filter?.labelSelector)) if ((!filter?.id || s.id === filter.id) && (!filter?.state || s.state === filter.state) && matches(s.labels)) out.push(publicSandbox(s));
        return out;
      }),

    createContainer: (podSandboxId, config, o) =>
      gate.call("CreateContainer", o, () => {
        const s = sandbox(podSandboxId);
        if (s.state !== "SANDBOX_READY") throw new RuntimeError("FailedPrecondition", `sandbox "${podSandboxId}" is not ready`);
        const id = newId("container");
        const info = images.get(config.image) ?? imageInfo(config.image);
        const hostname = sandboxHostname(s.config);
        containers.set(id, {
          config: structuredClone(config),
          mounts: containerMounts(podSandboxId, config),
          env: containerEnv(config, hostname),
          hostname,
          logFile: containerLogPath(s.config, config),
          whiteouts: new Set(),
          exitWaiters: new Set(),
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
          exitCodeOnExit: 0,
        });
        s.containers.add(id);
        return id;
      }),
    startContainer: (id, o) =>
      gate.call("StartContainer", o, async () => {
        const c = container(id);
        if (c.state !== "CONTAINER_CREATED") throw new RuntimeError("FailedPrecondition", `container "${id}" is in ${c.state} state`);
        // sim.skiff.dev/startup-delay: the start itself takes that long (ContainerCreating meanwhile).
        const delay = simDuration(c.annotations, STARTUP_DELAY, c.metadata.name);
        if (delay) await clock.sleep(delay);
        if (c.state !== "CONTAINER_CREATED") throw new RuntimeError("FailedPrecondition", `container "${id}" is in ${c.state} state`);
        c.state = "CONTAINER_RUNNING";
        c.startedAt = clock.now();
        launchContainer(host, c);
        refresh(c);
      }),
    stopContainer: (id, timeoutSeconds, o) =>
      gate.call("StopContainer", o, async () => {
        const c = container(id);
        if (c.state !== "CONTAINER_RUNNING") return stopNow(c);
        if (unkillable.holds(podOf(c))) return unkillable.stop(c, podOf(c), timeoutSeconds, o.deadline);
        if (simAnnotation(c.annotations, IGNORE_SIGTERM, c.metadata.name) === "true") {
          await clock.sleep(Math.max(0, timeoutSeconds) * 1000);
          refresh(c);
          if (c.state === "CONTAINER_RUNNING") exit(c, clock.now(), 137);
          return;
        }
        stopNow(c);
      }),
    removeContainer: (id, o) => gate.call("RemoveContainer", o, () => removeContainerNow(id)),
    containerStatus: (id, o) =>
      gate.call("ContainerStatus", o, () => {
        const c = container(id);
        const { id: cid, podSandboxId, metadata, image, imageRef, state, createdAt, labels, annotations, startedAt, finishedAt, exitCode, reason, message } = c;
        return { id: cid, podSandboxId, metadata: { ...metadata }, image, imageRef, state, createdAt, labels, annotations, startedAt, finishedAt, exitCode, reason, message };
      }),
    listContainers: (filter: ContainerFilter | undefined, o) =>
      gate.call("ListContainers", o, () => {
        // One pass: the PLEG lists every container of the node each second.
        const out: Container[] = [];
        const matches = labelMatcher(filter?.labelSelector);
        for (const c of candidates(containers, filter?.labelSelector)) {
          refresh(c);
          if ((!filter?.id || c.id === filter.id) && (!filter?.podSandboxId || c.podSandboxId === filter.podSandboxId) && (!filter?.state || c.state === filter.state) && matches(c.labels)) out.push(publicContainer(c));
        }
        return out;
      }),
    containerStats: (id, o) =>
      gate.call("ContainerStats", o, (): ContainerStats => {
        const c = container(id);
        const now = clock.now();
        const cpuUsageCoreNanoSeconds = c.startedAt ? cpuTime(c) : 0;
        if (c.state !== "CONTAINER_RUNNING") return { containerId: id, timestamp: now, cpuNanoCores: 0, cpuUsageCoreNanoSeconds, memoryWorkingSetBytes: 0 };
        return { containerId: id, timestamp: now, cpuUsageCoreNanoSeconds, ...simulatedUsage(usageInput(c), now) };
      }),
    execSync: (id, cmd, timeoutSeconds, o) =>
      gate.call("ExecSync", o, async () => {
        const c = container(id);
        if (c.state !== "CONTAINER_RUNNING") throw new RuntimeError("Unknown", `container ${id} is not running`);
        return streaming.execCollect(id, cmd, timeoutSeconds);
      }),
    pullImage: (image, o) =>
      gate.call("PullImage", o, () => {
        const refused = registryFailure(image, registries);
        if (refused) throw refused;
        const info = images.get(image) ?? imageInfo(image);
        images.set(image, info);
        return info.id;
      }),
    imageStatus: (image, o) => gate.call("ImageStatus", o, () => images.get(image)),
  };
  /** Drops a container with its log, its previous attempt's log stays with its own container. */
  function removeContainerNow(id: string) {
    dependencies?.forget(id);
    const c = containers.get(id);
    if (!c) return;
    exit(c, clock.now(), c.state === "CONTAINER_RUNNING" ? 137 : c.exitCode);
    containers.delete(id);
    cpuCounters.delete(id);
    sandboxes.get(c.podSandboxId)?.containers.delete(id);
    fs.remove(c.logFile);
    fs.remove(containerRootDir(id).replace(/\/rootfs$/, ""));
  }

  if (opts.from) seq = restoreState(opts.from, { host, sandboxes, containers, images });
  return rt;
}
