/**
 * TaintToleration: Filter rejects nodes with a NoSchedule or NoExecute
 * taint the pod does not tolerate; Score prefers nodes with fewer
 * PreferNoSchedule taints the pod does not tolerate.
 */
import type { NodeInfo } from "../../cache/node-info.js";
import type { FilterPlugin, Handle, PreScorePlugin, ScorePlugin } from "../../framework/interfaces.js";
import type { StateData } from "../../framework/cycle-state.js";
import { defaultNormalizeScore, MAX_NODE_SCORE } from "../../framework/normalize.js";
import { SUCCESS, unresolvable } from "../../framework/status.js";
import { findUntoleratedTaint, tolerationsTolerateTaint } from "../../framework/taints.js";
import type { Toleration } from "../../framework/types.js";

export const NAME = "TaintToleration";

export type Args = Record<string, never>;

class PreScoreState implements StateData {
  constructor(readonly tolerations: readonly Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

const preScoreKey = `PreScore${NAME}`;
const hardEffect = (e: string) => e === "NoSchedule" || e === "NoExecute";

/** PreferNoSchedule taints on the node that the tolerations do not tolerate. */
function intolerablePreferNoSchedule(tolerations: readonly Toleration[], node: NodeInfo): number {
  let n = 0;
  for (const taint of node.taints) if (taint.effect === "PreferNoSchedule" && !tolerationsTolerateTaint(tolerations, taint)) n++;
  return n;
}

export function create(_args: Args | undefined, _handle: Handle): FilterPlugin & PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      if (node.taints.length === 0) return SUCCESS;
      const taint = findUntoleratedTaint(node.taints, pod.pod.spec?.tolerations, hardEffect);
      if (!taint) return SUCCESS;
      return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`);
    },
    preScore(state, pod) {
      const tolerations = (pod.pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === "PreferNoSchedule");
      state.write(preScoreKey, new PreScoreState(tolerations));
      return SUCCESS;
    },
    score(state, _pod, node) {
      return node.taints.length === 0 ? 0 : intolerablePreferNoSchedule(state.read<PreScoreState>(preScoreKey)!.tolerations, node);
    },
    scoreNodes(state, _pod, nodes, scores) {
      const { tolerations } = state.read<PreScoreState>(preScoreKey)!;
      for (let i = 0; i < nodes.length; i++) scores[i] = nodes[i].taints.length === 0 ? 0 : intolerablePreferNoSchedule(tolerations, nodes[i]);
    },
    normalizeScore(_state, _pod, scores) {
      defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    },
  };
}
