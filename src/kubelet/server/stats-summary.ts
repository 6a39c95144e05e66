/**
 * GET /stats/summary: upstream's Summary API (kubelet/apis/stats/v1alpha1)
 * from the runtime's ContainerStats: per container, summed per pod; the
 * node is its pods plus a small system share (node-cpu-time.ts).
 */
import { rfc3339 } from "../../api/printers.js";
import { deadlineIn } from "../runtime/runtime.js";
import { podRuntimeStatus, type KubeletHost } from "./host.js";
import { NodeCpuTime, SYSTEM_CPU_NANOCORES, SYSTEM_MEMORY_BYTES } from "./node-cpu-time.js";

interface Figures {
  cpu: number;
  cpuTime: number;
  memory: number;
}

/** Each kubelet's node counter, kept as long as its host lives. */
const nodeCounters = new WeakMap<KubeletHost, NodeCpuTime>();

function usage(time: string, f: Figures) {
  return {
    cpu: { time, usageNanoCores: f.cpu, usageCoreNanoSeconds: f.cpuTime },
    memory: { time, usageBytes: f.memory, workingSetBytes: f.memory, rssBytes: f.memory, pageFaults: 0, majorPageFaults: 0 },
  };
}

export async function statsSummary(host: KubeletHost, startTime: number): Promise<unknown> {
  const nowMs = host.clock.now();
  const now = rfc3339(nowMs);
  let counter = nodeCounters.get(host);
  if (!counter) nodeCounters.set(host, (counter = new NodeCpuTime(startTime)));
  const node: Figures = { cpu: SYSTEM_CPU_NANOCORES, cpuTime: 0, memory: SYSTEM_MEMORY_BYTES };
  const containerTimes = new Map<string, number>();
  const pods = [];
  for (const pod of host.pods()) {
    const status = await podRuntimeStatus(host, pod).catch(() => undefined);
    if (!status) continue;
    const containers = [];
    const podFigures: Figures = { cpu: 0, cpuTime: 0, memory: 0 };
    for (const c of status.containers) {
      const s = await host.runtime.containerStats(c.id, deadlineIn(host.clock, host.callTimeoutMs)).catch(() => undefined);
      if (!s) continue;
      const cpuTime = s.cpuUsageCoreNanoSeconds ?? 0;
      containerTimes.set(c.id, cpuTime);
      if (c.state !== "CONTAINER_RUNNING") continue;
      const f: Figures = { cpu: s.cpuNanoCores, cpuTime, memory: s.memoryWorkingSetBytes };
      podFigures.cpu += f.cpu;
      podFigures.cpuTime += f.cpuTime;
      podFigures.memory += f.memory;
      containers.push({ name: c.metadata.name, startTime: rfc3339(c.startedAt), ...usage(now, f) });
    }
    node.cpu += podFigures.cpu;
    node.memory += podFigures.memory;
    const m = pod.metadata!;
    pods.push({ podRef: { name: m.name, namespace: m.namespace, uid: m.uid }, startTime: pod.status?.startTime ?? rfc3339(startTime), containers, ...usage(now, podFigures) });
  }
  node.cpuTime = counter.total(nowMs, containerTimes);
  return { node: { nodeName: host.nodeName, systemContainers: [], startTime: rfc3339(startTime), ...usage(now, node) }, pods };
}
