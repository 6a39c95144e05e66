/**
 * What the node and its pods use right now, read from the runtime's
 * ContainerStats: the one source of the summary API (/stats/summary) and
 * the resource metrics endpoint (/metrics/resource). The node is its pods
 * plus a small system share (node-cpu-time.ts).
 */
import type { KubeletHost } from "./host.js";
import { podRuntimeStatus } from "./host.js";
import { deadlineIn } from "../runtime/runtime.js";
import { NodeCpuTime, SYSTEM_CPU_NANOCORES, SYSTEM_MEMORY_BYTES } from "./node-cpu-time.js";

export interface UsageFigures {
  /** Nanocores now. */
  cpu: number;
  /** Core-nanoseconds since start. */
  cpuTime: number;
  /** Working set bytes. */
  memory: number;
}

export interface ContainerUsage extends UsageFigures {
  name: string;
  startTime: number;
  /** When the runtime took these figures (ms): a counter's rate needs its own sample time. */
  time: number;
}

export interface PodUsage extends UsageFigures {
  namespace: string;
  name: string;
  uid: string;
  /** The pod's status.startTime, when it has one. */
  startTime?: string;
  /** When the last of its containers' figures were taken (ms). */
  time: number;
  containers: ContainerUsage[];
}

export interface UsageSnapshot {
  /** When the figures were taken (ms). */
  time: number;
  node: UsageFigures & { startTime: number };
  pods: PodUsage[];
}

/** Each kubelet's node counter, kept as long as its host lives. */
const nodeCounters = new WeakMap<KubeletHost, NodeCpuTime>();

export async function usageSnapshot(host: KubeletHost, startTime: number): Promise<UsageSnapshot> {
  const time = host.clock.now();
  let counter = nodeCounters.get(host);
  if (!counter) nodeCounters.set(host, (counter = new NodeCpuTime(startTime)));
  const node = { cpu: SYSTEM_CPU_NANOCORES, cpuTime: 0, memory: SYSTEM_MEMORY_BYTES, startTime };
  const containerTimes = new Map<string, number>();
  const pods: PodUsage[] = [];
  for (const pod of host.pods()) {
    const status = await podRuntimeStatus(host, pod).catch(() => undefined);
    if (!status) continue;
    const m = pod.metadata!;
    const p: PodUsage = { namespace: m.namespace!, name: m.name!, uid: m.uid!, startTime: pod.status?.startTime ?? undefined, time, cpu: 0, cpuTime: 0, memory: 0, containers: [] };
    for (const c of status.containers) {
      const s = await host.runtime.containerStats(c.id, deadlineIn(host.clock, host.callTimeoutMs)).catch(() => undefined);
      if (!s) continue;
      const cpuTime = s.cpuUsageCoreNanoSeconds ?? 0;
      containerTimes.set(c.id, cpuTime);
      if (c.state !== "CONTAINER_RUNNING") continue;
      p.cpu += s.cpuNanoCores;
      p.cpuTime += cpuTime;
      p.memory += s.memoryWorkingSetBytes;
      p.time = Math.max(p.time, s.timestamp);
      p.containers.push({ name: c.metadata.name, startTime: c.startedAt, time: s.timestamp, cpu: s.cpuNanoCores, cpuTime, memory: s.memoryWorkingSetBytes });
    }
    node.cpu += p.cpu;
    node.memory += p.memory;
    pods.push(p);
  }
  node.cpuTime = counter.total(time, containerTimes);
  return { time, node, pods };
}
