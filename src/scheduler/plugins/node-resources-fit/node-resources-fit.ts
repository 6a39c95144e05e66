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

const NOTHING_IGNORED: ReadonlySet<string> = new Set();

/**
 * The reasons of an unfit node, in upstream's order: pods, cpu, memory,
 * ephemeral-storage, then extended resources. A node that fits (nearly
 * every node tried) costs a few number comparisons and no allocation.
 */
export function insufficientResources(pod: PodInfo, node: NodeInfo, ignored: ReadonlySet<string> = NOTHING_IGNORED): string[] | undefined {
  const tooMany = node.pods.length + 1 > node.allowedPodNumber;
  const req = pod.requests;
  const cpu = req.milliCPU > 0 && req.milliCPU > node.freeMilliCPU;
  const memory = req.memory > 0 && req.memory > node.freeMemory;
  const storage = req.ephemeralStorage > 0 && req.ephemeralStorage > node.freeEphemeralStorage;
  const scalars = req.scalar.size > 0 ? insufficientScalars(req.scalar, node.allocatable.scalar, node.requested.scalar, ignored) : undefined;
  if (!tooMany && !cpu && !memory && !storage && !scalars) return undefined;
  const out: string[] = [];
  if (tooMany) out.push("Too many pods");
  if (cpu) out.push("Insufficient cpu");
  if (memory) out.push("Insufficient memory");
  if (storage) out.push("Insufficient ephemeral-storage");
  if (scalars) out.push(...scalars);
  return out;
}

function insufficientScalars(req: ReadonlyMap<string, number>, alloc: ReadonlyMap<string, number>, used: ReadonlyMap<string, number>, ignored: ReadonlySet<string>): string[] | undefined {
  let out: string[] | undefined;
  for (const [name, q] of req) {
    if (q === 0 || ignored.has(name)) continue;
    if (q > (alloc.get(name) ?? 0) - (used.get(name) ?? 0)) (out ??= []).push(`Insufficient ${name}`);
  }
  return out;
}

/** Which field of a Resource a scoring resource reads, decided once per profile instead of per node. */
const enum Kind {
  Cpu,
  Memory,
  EphemeralStorage,
  Scalar,
}

interface ScoredResource {
  kind: Kind;
  name: string;
  weight: number;
}

function kindOf(name: string): Kind {
  return name === "cpu" ? Kind.Cpu : name === "memory" ? Kind.Memory : name === "ephemeral-storage" ? Kind.EphemeralStorage : Kind.Scalar;
}

function requestedOf(pod: PodInfo, node: NodeInfo, r: ScoredResource): number {
  switch (r.kind) {
    case Kind.Cpu:
      return node.nonZeroCPU + pod.nonZeroCPU;
    case Kind.Memory:
      return node.nonZeroMemory + pod.nonZeroMemory;
    case Kind.EphemeralStorage:
      return node.requested.ephemeralStorage + pod.requests.ephemeralStorage;
    default:
      return (node.requested.scalar.get(r.name) ?? 0) + (pod.requests.scalar.get(r.name) ?? 0);
  }
}

function allocatableOf(node: NodeInfo, r: ScoredResource): number {
  switch (r.kind) {
    case Kind.Cpu:
      return node.allocatable.milliCPU;
    case Kind.Memory:
      return node.allocatable.memory;
    case Kind.EphemeralStorage:
      return node.allocatable.ephemeralStorage;
    default:
      return node.allocatable.scalar.get(r.name) ?? 0;
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
  const resources: ScoredResource[] = (args?.scoringStrategy?.resources ?? DEFAULT_RESOURCES).map((r) => ({ kind: kindOf(r.name), name: r.name, weight: r.weight }));
  const scorer = args?.scoringStrategy?.type === "MostAllocated" ? mostRequested : leastRequested;
  const score = (pod: PodInfo, node: NodeInfo): number => {
    let total = 0;
    let weights = 0;
    for (let i = 0; i < resources.length; i++) {
      const r = resources[i];
      const allocatable = allocatableOf(node, r);
      if (allocatable === 0) continue;
      total += scorer(requestedOf(pod, node, r), allocatable) * r.weight;
      weights += r.weight;
    }
    return weights === 0 ? 0 : Math.trunc(total / weights);
  };
  return {
    name: NAME,
    filter(_state, pod, node) {
      const reasons = insufficientResources(pod, node, ignored);
      return reasons ? new Status(Code.Unschedulable, reasons) : SUCCESS;
    },
    score(_state, pod, node) {
      return score(pod, node);
    },
    scoreNodes(_state, pod, nodes, scores) {
      for (let i = 0; i < nodes.length; i++) scores[i] = score(pod, nodes[i]);
    },
  };
}
