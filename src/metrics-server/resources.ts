/**
 * metrics.k8s.io/v1beta1 objects from stored usage (upstream's pkg/api):
 * NodeMetrics and PodMetrics with CPU in nanocores and memory in bytes as
 * Quantities ("329087452n", "2748180Ki"), the window as a Go duration, and
 * the Table form `kubectl get nodes.metrics.k8s.io` prints.
 */
import { rfc3339 } from "../api/printers.js";
import { parseQuantity, Quantity } from "../api/validation/core-quantity.js";
import { formatDurationMs } from "../kubelet/duration.js";
import type { NodeUsage, PodUsage, Usage } from "./storage.js";

export const GROUP = "metrics.k8s.io";
export const VERSION = "v1beta1";
export const GROUP_VERSION = `${GROUP}/${VERSION}`;

export function usageList(u: Usage): { cpu: string; memory: string } {
  return { cpu: Quantity.fromNanos(BigInt(u.cpu)).toString(), memory: Quantity.fromInt(u.memory, "BinarySI").toString() };
}

export function nodeMetrics(n: NodeUsage, labels: Record<string, string> | undefined, now: number) {
  return {
    kind: "NodeMetrics",
    apiVersion: GROUP_VERSION,
    metadata: { name: n.name, creationTimestamp: rfc3339(now), ...(labels && Object.keys(labels).length ? { labels } : {}) },
    timestamp: rfc3339(n.timestamp),
    window: formatDurationMs(n.windowMs),
    usage: usageList(n.usage),
  };
}

export function podMetrics(p: PodUsage, labels: Record<string, string> | undefined, now: number) {
  return {
    kind: "PodMetrics",
    apiVersion: GROUP_VERSION,
    metadata: { name: p.name, namespace: p.namespace, creationTimestamp: rfc3339(now), ...(labels && Object.keys(labels).length ? { labels } : {}) },
    timestamp: rfc3339(p.timestamp),
    window: formatDurationMs(p.windowMs),
    containers: p.containers.map((c) => ({ name: c.name, usage: usageList(c.usage) })),
  };
}

type Metrics = ReturnType<typeof nodeMetrics> | ReturnType<typeof podMetrics>;

/** Upstream's columns: the name, each resource of the usage by name (sorted), the window. */
const COLUMNS = [
  { name: "Name", type: "string", format: "name", description: "Name of the resource", priority: 0 },
  { name: "cpu", type: "string", format: "quantity", description: "", priority: 0 },
  { name: "memory", type: "string", format: "quantity", description: "", priority: 0 },
  { name: "Window", type: "string", format: "duration", description: "", priority: 0 },
];

function total(m: Metrics): { cpu: string; memory: string } {
  if ("usage" in m) return m.usage;
  let cpu = Quantity.fromInt(0);
  let memory = Quantity.fromInt(0, "BinarySI");
  for (const c of m.containers) {
    cpu = cpu.add(parseQuantity(c.usage.cpu));
    memory = memory.add(parseQuantity(c.usage.memory));
  }
  return { cpu: cpu.toString(), memory: memory.toString() };
}

/** meta.k8s.io/v1 Table of metrics objects; includeObject as the client asked (None, Metadata or Object). */
export function metricsTable(items: Metrics[], includeObject: string, listMeta: Record<string, unknown> = {}) {
  return {
    kind: "Table",
    apiVersion: "meta.k8s.io/v1",
    metadata: listMeta,
    // Upstream derives the columns from the first row: none without rows.
    columnDefinitions: items.length ? COLUMNS : null,
    rows: items.map((m) => {
      const t = total(m);
      const object = includeObject === "None" ? undefined : includeObject === "Object" ? m : { kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: m.metadata };
      return { cells: [m.metadata.name, t.cpu, t.memory, m.window], ...(object ? { object } : {}) };
    }),
  };
}
