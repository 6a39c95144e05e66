/**
 * GET /stats/summary: upstream's Summary API (kubelet/apis/stats/v1alpha1)
 * from the runtime's ContainerStats: per container, summed per pod and node.
 */
import { rfc3339 } from "../../api/printers.js";
import { deadlineIn } from "../runtime/runtime.js";
import { podRuntimeStatus, type KubeletHost } from "./host.js";

interface Usage {
  cpu: { time: string; usageNanoCores: number };
  memory: { time: string; workingSetBytes: number };
}

export async function statsSummary(host: KubeletHost, startTime: number): Promise<unknown> {
  const now = rfc3339(host.clock.now());
  const usage = (cpu: number, mem: number): Usage => ({ cpu: { time: now, usageNanoCores: cpu }, memory: { time: now, workingSetBytes: mem } });
  let nodeCpu = 0;
  let nodeMem = 0;
  const pods = [];
  for (const pod of host.pods()) {
    const status = await podRuntimeStatus(host, pod).catch(() => undefined);
    if (!status) continue;
    const containers = [];
    let podCpu = 0;
    let podMem = 0;
    for (const c of status.containers.filter((c) => c.state === "CONTAINER_RUNNING")) {
      const s = await host.runtime.containerStats(c.id, deadlineIn(host.clock, host.callTimeoutMs)).catch(() => undefined);
      if (!s) continue;
      podCpu += s.cpuNanoCores;
      podMem += s.memoryWorkingSetBytes;
      containers.push({ name: c.metadata.name, startTime: rfc3339(c.startedAt), ...usage(s.cpuNanoCores, s.memoryWorkingSetBytes) });
    }
    nodeCpu += podCpu;
    nodeMem += podMem;
    const m = pod.metadata!;
    pods.push({ podRef: { name: m.name, namespace: m.namespace, uid: m.uid }, startTime: pod.status?.startTime ?? rfc3339(startTime), containers, ...usage(podCpu, podMem) });
  }
  return { node: { nodeName: host.nodeName, systemContainers: [], startTime: rfc3339(startTime), ...usage(nodeCpu, nodeMem) }, pods };
}
