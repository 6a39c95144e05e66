/**
 * GET /containerLogs/{namespace}/{pod}/{container}: a container's log as
 * upstream's kubelet serves it (server.go getContainerLogs and
 * kubelet_pods.go validateContainerLogStatus), errors worded the same.
 */
import type { ServerResponse } from "node:http";
import type { ContainerStatus as PodContainerStatus } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import { readContainerLogs, type LogOptions } from "../logs/read-logs.js";
import { RESTART_COUNT_ANNOTATION } from "../pod/labels.js";
import { containerState, findPod, type KubeletHost } from "./host.js";
import { HttpError, writeStreamed } from "./http-util.js";

/** Where a container instance's CRI log lives on the node. */
export function containerLogPath(pod: Pod, container: string, restartCount: number): string {
  const m = pod.metadata!;
  return `/var/log/pods/${m.namespace}_${m.name}_${m.uid}/${container}/${restartCount}.log`;
}

export function parseLogQuery(q: URLSearchParams, now: number): LogOptions & { previous: boolean } {
  const bool = (name: string) => {
    const v = q.get(name);
    if (v === null || v === "") return false;
    if (v === "true" || v === "1") return true;
    if (v === "false" || v === "0") return false;
    throw new HttpError(400, `{"message": "Unable to decode query."}`);
  };
  const int = (name: string) => {
    const v = q.get(name);
    if (v === null) return undefined;
    if (!/^-?\d+$/.test(v)) throw new HttpError(400, `{"message": "Unable to decode query."}`);
    return Number(v);
  };
  const opts: LogOptions & { previous: boolean } = { follow: bool("follow"), previous: bool("previous"), timestamps: bool("timestamps") };
  const tail = int("tailLines");
  if (tail !== undefined) {
    if (tail < 0) throw new HttpError(400, `{"message": "TailLines must be a positive integer"}`);
    opts.tailLines = tail;
  }
  const limit = int("limitBytes");
  if (limit !== undefined) {
    if (limit < 1) throw new HttpError(400, `{"message": "LimitBytes must be a positive integer"}`);
    opts.limitBytes = limit;
  }
  const since = int("sinceSeconds");
  const sinceTime = q.get("sinceTime");
  if (since !== undefined) {
    if (since < 1) throw new HttpError(400, `{"message": "SinceSeconds must be a positive integer"}`);
    opts.sinceMs = now - since * 1000;
  } else if (sinceTime) {
    const t = Date.parse(sinceTime);
    if (Number.isNaN(t)) throw new HttpError(400, `{"message": "Unable to decode query."}`);
    opts.sinceMs = t;
  }
  return opts;
}

/** Upstream's validateContainerLogStatus: the container instance whose log to read, or why none. */
export function logContainerId(pod: Pod, container: string, previous: boolean): string {
  const podName = pod.metadata?.name ?? "";
  const st = pod.status;
  const all: PodContainerStatus[] = [...(st?.containerStatuses ?? []), ...(st?.initContainerStatuses ?? []), ...(st?.ephemeralContainerStatuses ?? [])];
  const cs = all.find((c) => c.name === container);
  if (!cs) throw new HttpError(400, `container "${container}" in pod "${podName}" is not available`);
  const last = cs.lastState?.terminated;
  const { running, terminated, waiting } = cs.state ?? {};
  const terminatedError = () => new HttpError(400, `container "${container}" in pod "${podName}" is terminated`);
  if (previous) {
    if (!last?.containerID) throw new HttpError(400, `previous terminated container "${container}" in pod "${podName}" not found`);
    return last.containerID;
  }
  if (running) return cs.containerID ?? "";
  if (terminated) {
    if (terminated.containerID) return terminated.containerID;
    if (last?.containerID) return last.containerID;
    throw terminatedError();
  }
  if (last) {
    if (!last.containerID) throw terminatedError();
    return last.containerID;
  }
  if (waiting) {
    const why = waiting.reason === "ErrImagePull" ? "image can't be pulled" : waiting.reason === "ImagePullBackOff" ? "trying and failing to pull image" : waiting.reason ?? "";
    throw new HttpError(400, `container "${container}" in pod "${podName}" is waiting to start: ${why}`);
  }
  throw new HttpError(400, `container "${container}" in pod "${podName}" is waiting to start - no logs yet`);
}

export async function serveContainerLogs(host: KubeletHost, parts: string[], query: URLSearchParams, res: ServerResponse, signal: AbortSignal): Promise<void> {
  const [namespace, podName, container] = parts;
  if (!podName) throw new HttpError(400, `{"message": "Missing podID."}`);
  if (!container) throw new HttpError(400, `{"message": "Missing container name."}`);
  const opts = parseLogQuery(query, host.clock.now());
  const pod = findPod(host, namespace, podName);
  if (!pod) throw new HttpError(404, `pod "${podName}" does not exist\n`);
  const spec = pod.spec;
  const declared = [...(spec?.containers ?? []), ...(spec?.initContainers ?? []), ...(spec?.ephemeralContainers ?? [])].some((c) => c.name === container);
  if (!declared) throw new HttpError(404, `container "${container}" not found in pod "${podName}"\n`);
  const id = logContainerId(pod, container, opts.previous).replace(/^[a-z]+:\/\//, "");
  const instance = await containerState(host, id);
  if (!instance) throw new HttpError(400, `failed to try resolving symlinks in path for container "${container}" in pod "${podName}": container ${id} not found`);
  const restarts = Number(instance.annotations[RESTART_COUNT_ANNOTATION] ?? instance.metadata.attempt);
  const path = containerLogPath(pod, container, restarts);
  const fs = host.fs;
  if (!fs?.readFile(path)) throw new HttpError(400, `failed to open log file "${path}": open ${path}: no such file or directory`);
  await writeStreamed(res, 200, { "content-type": "text/plain" }, (sink) =>
    readContainerLogs({
      fs,
      path,
      clock: host.clock,
      options: opts,
      sink,
      signal,
      stillRunning: async () => (await containerState(host, id))?.state === "CONTAINER_RUNNING",
    }),
  );
}
