/** PodTopologySpread: spread matching pods across topology domains (hard constraints filter, soft ones score). */
import type { NodeInfo } from "../../cache/node-info.js";
import type { StateData } from "../../framework/cycle-state.js";
import type { FilterPlugin, Handle, PreFilterExtensions, PreFilterPlugin, PreScorePlugin, ScorePlugin } from "../../framework/interfaces.js";
import { SKIP, SUCCESS } from "../../framework/status.js";
import { ownConstraints, scoringConstraints } from "./constraints.js";
import { computeFilterState, filterNode, FilterState } from "./filtering.js";
import { computeScoreState, normalize, scoreNode, ScoreState } from "./scoring.js";

export const NAME = "PodTopologySpread";
export { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH } from "./filtering.js";

export interface Args {
  /** "System" (upstream's default) applies the system default constraints to pods without any; "List" applies none. */
  defaultingType?: "System" | "List";
}

const preFilterKey = `PreFilter${NAME}`;
const preScoreKey = `PreScore${NAME}`;

class ScoredNodes implements StateData {
  constructor(readonly nodes: readonly NodeInfo[]) {}
  clone(): StateData {
    return this;
  }
}

export function create(args: Args | undefined, handle: Handle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const systemDefaults = (args?.defaultingType ?? "System") === "System";
  const extensions: PreFilterExtensions = {
    addPod(state, pod, toAdd, node) {
      state.read<FilterState>(preFilterKey)?.update(pod, toAdd, node, 1);
      return SUCCESS;
    },
    removePod(state, pod, toRemove, node) {
      state.read<FilterState>(preFilterKey)?.update(pod, toRemove, node, -1);
      return SUCCESS;
    },
  };
  return {
    name: NAME,
    preFilter(state, pod) {
      const constraints = ownConstraints(pod, "DoNotSchedule");
      if (constraints.length === 0) return SKIP;
      state.write(preFilterKey, computeFilterState(pod, constraints, handle.cache));
      return SUCCESS;
    },
    preFilterExtensions: () => extensions,
    filter(state, pod, node) {
      return filterNode(state.read<FilterState>(preFilterKey)!, pod, node);
    },
    preScore(state, pod, nodes) {
      const hasOwn = (pod.pod.spec?.topologySpreadConstraints ?? []).length > 0;
      if (!hasOwn && !systemDefaults) return SKIP;
      const { constraints, systemDefaulted } = scoringConstraints(pod, handle);
      if (constraints.length === 0 || nodes.length === 0) return SKIP;
      state.write(preScoreKey, computeScoreState(pod, constraints, systemDefaulted, nodes, handle.cache));
      state.write(`${preScoreKey}/nodes`, new ScoredNodes(nodes));
      return SUCCESS;
    },
    score(state, _pod, node) {
      return scoreNode(state.read<ScoreState>(preScoreKey)!, node);
    },
    scoreNodes(state, _pod, nodes, scores) {
      const s = state.read<ScoreState>(preScoreKey)!;
      for (let i = 0; i < nodes.length; i++) scores[i] = scoreNode(s, nodes[i]);
    },
    normalizeScore(state, _pod, scores) {
      normalize(state.read<ScoreState>(preScoreKey)!, state.read<ScoredNodes>(`${preScoreKey}/nodes`)!.nodes, scores);
    },
  };
}
