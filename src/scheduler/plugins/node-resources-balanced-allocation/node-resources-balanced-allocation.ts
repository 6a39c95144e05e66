/**
 * NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory
 * would be used in similar proportions after placing the pod:
 * score = (1 - standard deviation of the requested fractions) * 100.
 * Uses actual requests (not the non-zero defaults), as upstream.
 */
import type { NodeInfo } from "../../cache/node-info.js";
import type { Handle, ScorePlugin } from "../../framework/interfaces.js";
import type { PodInfo } from "../../framework/pod-info.js";
import { MAX_NODE_SCORE } from "../../framework/normalize.js";

export const NAME = "NodeResourcesBalancedAllocation";

export interface Args {
  resources?: { name: string; weight: number }[];
}

/** Which field of a Resource a resource name reads, decided once per profile instead of per node. */
const enum Kind {
  Cpu,
  Memory,
  EphemeralStorage,
  Scalar,
}

interface Balanced {
  kind: Kind;
  name: string;
}

function kindOf(name: string): Kind {
  return name === "cpu" ? Kind.Cpu : name === "memory" ? Kind.Memory : name === "ephemeral-storage" ? Kind.EphemeralStorage : Kind.Scalar;
}

function fractionOf(pod: PodInfo, node: NodeInfo, r: Balanced): number | undefined {
  let req: number;
  let alloc: number;
  switch (r.kind) {
    case Kind.Cpu:
      req = node.requested.milliCPU + pod.requests.milliCPU;
      alloc = node.allocatable.milliCPU;
      break;
    case Kind.Memory:
      req = node.requested.memory + pod.requests.memory;
      alloc = node.allocatable.memory;
      break;
    case Kind.EphemeralStorage:
      req = node.requested.ephemeralStorage + pod.requests.ephemeralStorage;
      alloc = node.allocatable.ephemeralStorage;
      break;
    default:
      req = (node.requested.scalar.get(r.name) ?? 0) + (pod.requests.scalar.get(r.name) ?? 0);
      alloc = node.allocatable.scalar.get(r.name) ?? 0;
  }
  if (alloc === 0) return undefined;
  return Math.min(1, req / alloc);
}

export function create(args: Args | undefined, _handle: Handle): ScorePlugin {
  const resources: Balanced[] = (args?.resources ?? [{ name: "cpu" }, { name: "memory" }]).map((r) => ({ kind: kindOf(r.name), name: r.name }));
  // Reused across calls: scoring thousands of nodes allocates nothing.
  const fractions = new Float64Array(resources.length);
  const score = (pod: PodInfo, node: NodeInfo): number => {
    let n = 0;
    let total = 0;
    for (let i = 0; i < resources.length; i++) {
      const f = fractionOf(pod, node, resources[i]);
      if (f === undefined) continue;
      fractions[n++] = f;
      total += f;
    }
    let std = 0;
    if (n === 2) std = Math.abs((fractions[0] - fractions[1]) / 2);
    else if (n > 2) {
      const mean = total / n;
      let sum = 0;
      for (let i = 0; i < n; i++) sum += (fractions[i] - mean) * (fractions[i] - mean);
      std = Math.sqrt(sum / n);
    }
    return Math.trunc((1 - std) * MAX_NODE_SCORE);
  };
  return {
    name: NAME,
    score(_state, pod, node) {
      return score(pod, node);
    },
    scoreNodes(_state, pod, nodes, scores) {
      for (let i = 0; i < nodes.length; i++) scores[i] = score(pod, nodes[i]);
    },
  };
}
