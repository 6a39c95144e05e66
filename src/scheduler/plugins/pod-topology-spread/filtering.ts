/**
 * PodTopologySpread's Filter (DoNotSchedule constraints): for each
 * constraint, matching pods per domain over the nodes that have every
 * constraint's topology key (each node's count read from the cache's
 * per-node counts of the selector); a node fits when placing the pod there
 * keeps the skew (domain count + self - global minimum) within maxSkew.
 */
import type { SchedulerCache } from "../../cache/cache.js";
import type { NodeInfo } from "../../cache/node-info.js";
import type { StateData } from "../../framework/cycle-state.js";
import type { PodInfo } from "../../framework/pod-info.js";
import { SUCCESS, unresolvable, unschedulable, type Status } from "../../framework/status.js";
import { nodeInclusion, type Constraint } from "./constraints.js";

export const ERR_REASON_CONSTRAINTS_NOT_MATCH = "node(s) didn't match pod topology spread constraints";
export const ERR_REASON_NODE_LABEL_NOT_MATCH = "node(s) didn't match pod topology spread constraints (missing required label)";

export class FilterState implements StateData {
  /** Per constraint: the global minimum, found once rather than per filtered node (undefined: counts changed since). */
  private readonly mins: (number | undefined)[];

  constructor(
    readonly constraints: Constraint[],
    /** Per constraint: domain value -> matching pods (zero kept: an empty domain is the minimum). */
    readonly counts: Map<string, number>[],
  ) {
    this.mins = constraints.map(() => undefined);
  }

  clone(): FilterState {
    return new FilterState(this.constraints, this.counts.map((m) => new Map(m)));
  }

  minMatch(i: number): number {
    const known = this.mins[i];
    if (known !== undefined) return known;
    const m = this.counts[i];
    let min = Infinity;
    if (m.size < this.constraints[i].minDomains) min = 0;
    else for (const v of m.values()) if (v < min) min = v;
    this.mins[i] = min;
    return min;
  }

  /** An existing pod added to (1) or removed from (-1) node, for preemption's what-ifs. */
  update(pod: PodInfo, existing: PodInfo, node: NodeInfo, sign: 1 | -1): void {
    if (existing.namespace !== pod.namespace || !hasAllKeys(node, this.constraints)) return;
    this.constraints.forEach((c, i) => {
      const v = node.labels![c.topologyKey];
      if (!this.counts[i].has(v) || !c.selector(existing.labels)) return;
      this.counts[i].set(v, this.counts[i].get(v)! + sign);
      this.mins[i] = undefined;
    });
  }
}

function hasAllKeys(node: NodeInfo, constraints: Constraint[]): boolean {
  const l = node.labels;
  if (!l) return false;
  for (const c of constraints) if (l[c.topologyKey] === undefined) return false;
  return true;
}

export function computeFilterState(pod: PodInfo, constraints: Constraint[], cache: SchedulerCache): FilterState {
  const counts = constraints.map(() => new Map<string, number>());
  const perNode = constraints.map((c) => cache.selectorCountsFor(pod.namespace, c.selectorKey, c.selector));
  const include = nodeInclusion(pod);
  for (const node of cache.nodeList()) {
    if (!hasAllKeys(node, constraints)) continue;
    for (let i = 0; i < constraints.length; i++) {
      const c = constraints[i];
      if (!include(c, node)) continue;
      const v = node.labels![c.topologyKey];
      counts[i].set(v, (counts[i].get(v) ?? 0) + perNode[i].count(node));
    }
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
