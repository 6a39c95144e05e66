/** InterPodAffinity: required and preferred pod affinity and anti-affinity by topologyKey. */
import type { FilterPlugin, Handle, PreFilterExtensions, PreFilterPlugin, PreScorePlugin, ScorePlugin } from "../../framework/interfaces.js";
import { SKIP, SUCCESS } from "../../framework/status.js";
import { computePreFilterState, filterNode, PreFilterState } from "./filtering.js";
import { computePreScoreState, normalize, PreScoreState, scoreNode } from "./scoring.js";

export const NAME = "InterPodAffinity";
export { ERR_REASON_AFFINITY, ERR_REASON_ANTI_AFFINITY, ERR_REASON_EXISTING_ANTI_AFFINITY } from "./filtering.js";

export interface Args {
  /** Weight of existing pods' required affinity terms when scoring (upstream default 1). */
  hardPodAffinityWeight?: number;
}

const preFilterKey = `PreFilter${NAME}`;
const preScoreKey = `PreScore${NAME}`;

export function create(args: Args | undefined, handle: Handle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  const hardWeight = args?.hardPodAffinityWeight ?? 1;
  const ns = (n: string) => handle.namespaceLabels(n);
  const extensions: PreFilterExtensions = {
    addPod(state, pod, toAdd, node) {
      state.read<PreFilterState>(preFilterKey)?.update(pod, toAdd, node, 1, ns);
      return SUCCESS;
    },
    removePod(state, pod, toRemove, node) {
      state.read<PreFilterState>(preFilterKey)?.update(pod, toRemove, node, -1, ns);
      return SUCCESS;
    },
  };
  return {
    name: NAME,
    preFilter(state, pod) {
      if (pod.requiredAffinityTerms.length + pod.requiredAntiAffinityTerms.length === 0 && handle.cache.podsWithRequiredAntiAffinity === 0) return SKIP;
      state.write(preFilterKey, computePreFilterState(pod, handle));
      return SUCCESS;
    },
    preFilterExtensions: () => extensions,
    filter(state, pod, node) {
      return filterNode(state.read<PreFilterState>(preFilterKey)!, pod, node, ns);
    },
    preScore(state, pod) {
      if (pod.preferredAffinityTerms.length + pod.preferredAntiAffinityTerms.length === 0 && handle.cache.podsWithScoringAffinity === 0) return SKIP;
      state.write(preScoreKey, computePreScoreState(pod, handle, hardWeight));
      return SUCCESS;
    },
    score(state, _pod, node) {
      return scoreNode(state.read<PreScoreState>(preScoreKey)!, node);
    },
    scoreNodes(state, _pod, nodes, scores) {
      const s = state.read<PreScoreState>(preScoreKey)!;
      for (let i = 0; i < nodes.length; i++) scores[i] = scoreNode(s, nodes[i]);
    },
    normalizeScore(state, _pod, scores) {
      normalize(state.read<PreScoreState>(preScoreKey)!, scores);
    },
  };
}
