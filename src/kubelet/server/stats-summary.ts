/**
 * GET /stats/summary: upstream's Summary API (kubelet/apis/stats/v1alpha1)
 * from the node's usage (usage-snapshot.ts): per container, summed per
 * pod, and the node's totals.
 */
import { rfc3339 } from "../../api/printers.js";
import type { KubeletHost } from "./host.js";
import { usageSnapshot, type UsageFigures } from "./usage-snapshot.js";

function usage(time: string, f: UsageFigures) {
  return {
    cpu: { time, usageNanoCores: f.cpu, usageCoreNanoSeconds: f.cpuTime },
    memory: { time, usageBytes: f.memory, workingSetBytes: f.memory, rssBytes: f.memory, pageFaults: 0, majorPageFaults: 0 },
  };
}

export async function statsSummary(host: KubeletHost, startTime: number): Promise<unknown> {
  const snap = await usageSnapshot(host, startTime);
  const now = rfc3339(snap.time);
  return {
    node: { nodeName: host.nodeName, systemContainers: [], startTime: rfc3339(startTime), ...usage(now, snap.node) },
    pods: snap.pods.map((p) => ({
      podRef: { name: p.name, namespace: p.namespace, uid: p.uid },
      startTime: p.startTime ?? rfc3339(startTime),
      containers: p.containers.map((c) => ({ name: c.name, startTime: rfc3339(c.startTime), ...usage(now, c) })),
      ...usage(now, p),
    })),
  };
}
