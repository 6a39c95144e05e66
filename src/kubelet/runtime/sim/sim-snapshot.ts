/**
 * The sim runtime's state as JSON, as containerd keeps its state on disk:
 * sandboxes, containers (configs, start times, exit codes, attempts),
 * images, and the node's HostFilesystem (logs, volumes, container layers)
 * when it is a memory one. Restoring relaunches running containers from
 * their start: a script replays (its output up to the snapshot is already
 * in the log), so one whose exit fell in the downtime exits at that time.
 */
import type { Clock } from "../../../util/clock.js";
import type { HostFilesystem } from "../host-filesystem.js";
import type { ContainerStatus, ImageInfo, PodSandboxConfig, PodSandboxStatus } from "../runtime.js";
import type { MemoryFilesystemSnapshot } from "./memory-filesystem.js";
import { launchContainer, type ContainerHost, type SimContainer } from "./sim-container.js";

export interface SimRuntimeSnapshot {
  version: 1;
  /** The clock when it was taken. */
  takenAt: number;
  seq: number;
  images: [string, ImageInfo][];
  sandboxes: (PodSandboxStatus & { config: PodSandboxConfig; containers: string[] })[];
  containers: (ContainerStatus & Pick<SimContainer, "config" | "mounts" | "env" | "hostname" | "logFile" | "exitCodeOnExit"> & { whiteouts: string[] })[];
  host?: MemoryFilesystemSnapshot;
}

interface State {
  sandboxes: Map<string, PodSandboxStatus & { config: PodSandboxConfig; containers: Set<string> }>;
  containers: Map<string, SimContainer>;
  images: Map<string, ImageInfo>;
}

export function snapshotState(s: State & { clock: Clock; seq: number; fs: HostFilesystem }): SimRuntimeSnapshot {
  const fs = s.fs as HostFilesystem & { snapshot?: () => MemoryFilesystemSnapshot };
  return {
    version: 1,
    takenAt: s.clock.now(),
    seq: s.seq,
    images: [...s.images],
    sandboxes: [...s.sandboxes.values()].map(({ containers, ...sb }) => ({ ...structuredClone(sb), containers: [...containers] })),
    containers: [...s.containers.values()].map((c) => ({
      id: c.id,
      podSandboxId: c.podSandboxId,
      metadata: c.metadata,
      image: c.image,
      imageRef: c.imageRef,
      state: c.state,
      createdAt: c.createdAt,
      labels: c.labels,
      annotations: c.annotations,
      startedAt: c.startedAt,
      finishedAt: c.finishedAt,
      exitCode: c.exitCode,
      reason: c.reason,
      message: c.message,
      config: c.config,
      mounts: c.mounts,
      env: c.env,
      hostname: c.hostname,
      logFile: c.logFile,
      exitCodeOnExit: c.exitCodeOnExit,
      whiteouts: [...c.whiteouts],
    })),
    host: fs.snapshot?.(),
  };
}

/** Fills the runtime's maps from a snapshot and relaunches running containers; the id sequence to go on from. */
export function restoreState(snap: SimRuntimeSnapshot, s: State & { host: ContainerHost }): number {
  if (snap.version !== 1) throw new Error(`sim runtime snapshot version ${String(snap.version)} is not supported`);
  for (const [name, info] of snap.images) s.images.set(name, info);
  for (const sb of snap.sandboxes) s.sandboxes.set(sb.id, { ...sb, containers: new Set(sb.containers) });
  for (const saved of snap.containers) {
    const c: SimContainer = { ...saved, whiteouts: new Set(saved.whiteouts), exitWaiters: new Set() };
    s.containers.set(c.id, c);
    if (c.state === "CONTAINER_RUNNING") launchContainer(s.host, c, snap.takenAt);
  }
  return snap.seq;
}
