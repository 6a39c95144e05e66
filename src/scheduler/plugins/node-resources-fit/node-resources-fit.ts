/**
 * NodeResourcesFit: Filter checks the pod's requests against what is left
 * of the node's allocatable (and the pod count); Score rates the node by
 * the LeastAllocated (default) or MostAllocated strategy over weighted
 * resources, using upstream's non-zero request defaults.
 */
import type { NodeInfo } from "../../cache/node-info.js";
import type { FilterPlugin, Handle, ScorePlugin } from "../../framework/interfaces.js";
import type { PodInfo } from "../../framework/pod-info.js";
import { MAX_NODE_SCORE } from "../../framework/normalize.js";
import { SUCCESS, Status, Code } from "../../framework/status.js";

export const NAME = "NodeResourcesFit";

export type ScoringStrategyType = "LeastAllocated" | "MostAllocated";

export interface ResourceSpec {
  name: string;
  weight: number;
}

export interface Args {
  scoringStrategy?: { type?: ScoringStrategyType; resources?: ResourceSpec[] };
  /** Extended resources the filter ignores. */
  ignoredResources?: string[];
}

/** The reasons of an unfit node, in upstream's order: pods, cpu, memory, ephemeral-storage, then extended resources. */
export function insufficientResources(pod: PodInfo, node: NodeInfo, ignored: ReadonlySet<string> = new Set()): string[] | undefined {
  let out: string[] | undefined;
  if (node.pods.length + 1 > node.allowedPodNumber) (out ??= []).push("Too many pods");
  const req = pod.requests;
  if (req.milliCPU === 0 && req.memory === 0 && req.ephemeralStorage === 0 && req.scalar.size === 0) return out;
  const alloc = node.allocatable;
  const used = node.requested;
  if (req.milliCPU > 0 && req.milliCPU > alloc.milliCPU - used.milliCPU) (out ??= []).push("Insufficient cpu");
  if (req.memory > 0 && req.memory > alloc.memory - used.memory) (out ??= []).push("Insufficient memory");
  if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) (out ??= []).push("Insufficient ephemeral-storage");
  for (const [name, q] of req.scalar) {
    if (q === 0 || ignored.has(name)) continue;
    if (q > (alloc.scalar.get(name) ?? 0) - (used.scalar.get(name) ?? 0)) (out ??= []).push(`Insufficient ${name}`);
  }
  return out;
}

function requestedOf(pod: PodInfo, node: NodeInfo, resource: string): number {
  switch (resource) {
    case "cpu":
      return node.nonZeroCPU + pod.nonZeroCPU;
    case "memory":
      return node.nonZeroMemory + pod.nonZeroMemory;
    case "ephemeral-storage":
      return node.requested.ephemeralStorage + pod.requests.ephemeralStorage;
    default:
      return (node.requested.scalar.get(resource) ?? 0) + (pod.requests.scalar.get(resource) ?? 0);
  }
}

function allocatableOf(node: NodeInfo, resource: string): number {
  switch (resource) {
    case "cpu":
      return node.allocatable.milliCPU;
    case "memory":
      return node.allocatable.memory;
    case "ephemeral-storage":
      return node.allocatable.ephemeralStorage;
    default:
      return node.allocatable.scalar.get(resource) ?? 0;
  }
}

function leastRequested(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.trunc(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

function mostRequested(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.trunc((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

const DEFAULT_RESOURCES: ResourceSpec[] = [
  { name: "cpu", weight: 1 },
  { name: "memory", weight: 1 },
];

export function create(args: Args | undefined, _handle: Handle): FilterPlugin & ScorePlugin {
  const ignored = new Set(args?.ignoredResources ?? []);
  const resources = args?.scoringStrategy?.resources ?? DEFAULT_RESOURCES;
  const scorer = args?.scoringStrategy?.type === "MostAllocated" ? mostRequested : leastRequested;
  return {
    name: NAME,
    filter(_state, pod, node) {
      const reasons = insufficientResources(pod, node, ignored);
      return reasons ? new Status(Code.Unschedulable, reasons) : SUCCESS;
    },
    score(_state, pod, node) {
      let total = 0;
      let weights = 0;
      for (const r of resources) {
        const allocatable = allocatableOf(node, r.name);
        if (allocatable === 0) continue;
        total += scorer(requestedOf(pod, node, r.name), allocatable) * r.weight;
        weights += r.weight;
      }
      return weights === 0 ? 0 : Math.trunc(total / weights);
    },
  };
}
