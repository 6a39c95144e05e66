/**
 * The scheduling algorithm for one pod (upstream's schedulePod): PreFilter,
 * Filter over a rotating sample of nodes until enough feasible ones are
 * found, then PreScore, Score and a random pick among the best. Entirely
 * synchronous: the cache cannot change while it runs.
 */
import type { SchedulerCache } from "./cache/cache.js";
import type { NodeInfo } from "./cache/node-info.js";
import { CycleState } from "./framework/cycle-state.js";
import type { Framework } from "./framework/framework.js";
import type { NodeStatusMap } from "./framework/interfaces.js";
import type { PodInfo } from "./framework/pod-info.js";
import { Code, Status } from "./framework/status.js";
import { ERR_NO_NODES_AVAILABLE, type Diagnosis } from "./fit-error.js";
import { numFeasibleNodesToFind } from "./node-sampling.js";

export type ScheduleResult =
  | { kind: "scheduled"; nodeName: string; evaluatedNodes: number; feasibleNodes: number }
  | { kind: "unfit"; diagnosis: Diagnosis }
  | { kind: "error"; status: Status };

export interface Algorithm {
  schedulePod(fwk: Framework, state: CycleState, pod: PodInfo): ScheduleResult;
}

export function createAlgorithm(cache: SchedulerCache, random: () => number = Math.random): Algorithm {
  // Where the next search starts, so that successive pods spread their sampling over all nodes.
  let nextStartNodeIndex = 0;

  function findFeasible(fwk: Framework, state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[], statuses: NodeStatusMap): NodeInfo[] | Status {
    const n = nodes.length;
    const want = numFeasibleNodesToFind(n, fwk.percentageOfNodesToScore);
    const feasible: NodeInfo[] = [];
    if (!fwk.hasFilterPlugins(state)) {
      for (let i = 0; i < want; i++) feasible.push(nodes[(nextStartNodeIndex + i) % n]);
      nextStartNodeIndex = (nextStartNodeIndex + want) % n;
      return feasible;
    }
    let processed = 0;
    for (let i = 0; i < n && feasible.length < want; i++) {
      const node = nodes[(nextStartNodeIndex + i) % n];
      processed++;
      const s = fwk.runFilterPluginsWithNominatedPods(state, pod, node);
      if (s.isSuccess()) feasible.push(node);
      else if (s.code === Code.Error) return s;
      else statuses.set(node.name, s);
    }
    nextStartNodeIndex = (nextStartNodeIndex + processed) % n;
    return feasible;
  }

  function selectHost(nodes: readonly NodeInfo[], totals: Float64Array): string {
    let best = 0;
    let ties = 1;
    for (let i = 1; i < nodes.length; i++) {
      if (totals[i] > totals[best]) {
        best = i;
        ties = 1;
      } else if (totals[i] === totals[best]) {
        ties++;
        // Reservoir sampling: each of the tied nodes is picked with equal chance.
        if (Math.floor(random() * ties) === 0) best = i;
      }
    }
    return nodes[best].name;
  }

  return {
    schedulePod(fwk, state, pod) {
      const nodes = cache.nodeList();
      if (nodes.length === 0) return { kind: "error", status: new Status(Code.UnschedulableAndUnresolvable, [ERR_NO_NODES_AVAILABLE]) };
      const statuses: NodeStatusMap = new Map();
      const pre = fwk.runPreFilterPlugins(state, pod);
      if (!pre.isSuccess()) {
        if (pre.code === Code.Error) return { kind: "error", status: pre };
        for (const n of nodes) statuses.set(n.name, pre);
        return { kind: "unfit", diagnosis: { numAllNodes: nodes.length, statuses, preFilterMsg: pre.message() } };
      }
      // A nominated node (from an earlier preemption) is tried first, alone.
      const nominated = pod.pod.status?.nominatedNodeName;
      if (nominated) {
        const ni = cache.nodeInfo(nominated);
        if (ni && fwk.runFilterPluginsWithNominatedPods(state, pod, ni).isSuccess()) return { kind: "scheduled", nodeName: ni.name, evaluatedNodes: 1, feasibleNodes: 1 };
      }
      const feasible = findFeasible(fwk, state, pod, nodes, statuses);
      if (feasible instanceof Status) return { kind: "error", status: feasible };
      if (feasible.length === 0) return { kind: "unfit", diagnosis: { numAllNodes: nodes.length, statuses } };
      const evaluatedNodes = feasible.length + statuses.size;
      if (feasible.length === 1) return { kind: "scheduled", nodeName: feasible[0].name, evaluatedNodes, feasibleNodes: 1 };
      const ps = fwk.runPreScorePlugins(state, pod, feasible);
      if (!ps.isSuccess()) return { kind: "error", status: ps };
      const totals = fwk.runScorePlugins(state, pod, feasible);
      return { kind: "scheduled", nodeName: selectHost(feasible, totals), evaluatedNodes, feasibleNodes: feasible.length };
    },
  };
}

export { CycleState };
