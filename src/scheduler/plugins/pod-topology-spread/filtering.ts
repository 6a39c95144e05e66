/**
 * PodTopologySpread's Filter (DoNotSchedule constraints): for each
 * constraint, matching pods per domain over the nodes that have every
 * constraint's topology key; a node fits when placing the pod there keeps
 * the skew (domain count + self - global minimum) within maxSkew.
 */
import type { NodeInfo } from "../../cache/node-info.js";
import type { StateData } from "../../framework/cycle-state.js";
import type { PodInfo } from "../../framework/pod-info.js";
import { SUCCESS, unresolvable, unschedulable, type Status } from "../../framework/status.js";
import { countMatching, nodeInclusion, type Constraint } from "./constraints.js";

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = "node(s) didn't match pod topology spread constraints (missing required label)";

export class FilterState implements StateData {
  constructor(
    readonly constraints: Constraint[],
    /** Per constraint: domain value -> matching pods (zero kept: an empty domain is the minimum). */
    readonly counts: Map<string, number>[],
  ) {}

  clone(): FilterState {
    return new FilterState(this.constraints, this.counts.map((m) => new Map(m)));
  }

  minMatch(i: number): number {
    const m = this.counts[i];
    if (m.size < this.constraints[i].minDomains) return 0;
    let min = Infinity;
    for (const v of m.values()) if (v < min) min = v;
    return min;
  }

  /** An existing pod added to (1) or removed from (-1) node, for preemption's what-ifs. */
  update(pod: PodInfo, existing: PodInfo, node: NodeInfo, sign: 1 | -1): void {
    if (existing.namespace !== pod.namespace || !hasAllKeys(node, this.constraints)) return;
    this.constraints.forEach((c, i) => {
      const v = node.labels![c.topologyKey];
      if (!this.counts[i].has(v) || !c.selector(existing.labels)) return;
      this.counts[i].set(v, this.counts[i].get(v)! + sign);
    });
  }
}

function hasAllKeys(node: NodeInfo, constraints: Constraint[]): boolean {
  const l = node.labels;
  if (!l) return false;
  for (const c of constraints) if (l[c.topologyKey] === undefined) return false;
  return true;
}

export function computeFilterState(pod: PodInfo, constraints: Constraint[], nodes: readonly NodeInfo[]): FilterState {
  const counts = constraints.map(() => new Map<string, number>());
  const include = nodeInclusion(pod);
  for (const node of nodes) {
    if (!hasAllKeys(node, constraints)) continue;
    constraints.forEach((c, i) => {
      if (!include(c, node)) return;
      const v = node.labels![c.topologyKey];
      counts[i].set(v, (counts[i].get(v) ?? 0) + countMatching(node, c.selector, pod.namespace));
    });
  }
  return new FilterState(constraints, counts);
}

export function filterNode(s: FilterState, pod: PodInfo, node: NodeInfo): Status {
  const labels = node.labels ?? {};
  for (let i = 0; i < s.constraints.length; i++) {
    const c = s.constraints[i];
    const v = labels[c.topologyKey];
    if (v === undefined) return unresolvable(ERR_REASON_NODE_LABEL_NOT_MATCH);
    const self = c.selector(pod.labels) ? 1 : 0;
    const skew = (s.counts[i].get(v) ?? 0) + self - s.minMatch(i);
    if (skew > c.maxSkew) return unschedulable(ERR_REASON_CONSTRAINTS_NOT_MATCH);
  }
  return SUCCESS;
}
