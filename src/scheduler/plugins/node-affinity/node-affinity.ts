/**
 * NodeAffinity: Filter requires the pod's nodeSelector and its required
 * node affinity (terms ORed) to match the node; Score sums the weights of
 * the preferred terms the node matches.
 */
import type { NodeInfo } from "../../cache/node-info.js";
import type { StateData } from "../../framework/cycle-state.js";
import type { FilterPlugin, Handle, PreFilterPlugin, PreScorePlugin, ScorePlugin } from "../../framework/interfaces.js";
import { compileMapSelector, type LabelMatcher } from "../../framework/labels.js";
import { compileNodeSelectorTerm, compileNodeSelectorTerms, type NodeMatcher } from "../../framework/node-selector.js";
import { defaultNormalizeScore, MAX_NODE_SCORE } from "../../framework/normalize.js";
import type { PodInfo } from "../../framework/pod-info.js";
import { SKIP, SUCCESS, unresolvable } from "../../framework/status.js";

export const NAME = "NodeAffinity";
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

export type Args = Record<string, never>;

class Required implements StateData {
  constructor(
    readonly selector: LabelMatcher | undefined,
    readonly affinity: NodeMatcher | undefined,
  ) {}
  clone(): StateData {
    return this;
  }
}

class Preferred implements StateData {
  constructor(readonly terms: { match: NodeMatcher; weight: number }[]) {}
  clone(): StateData {
    return this;
  }
}

const preFilterKey = `PreFilter${NAME}`;
const preScoreKey = `PreScore${NAME}`;

/** The pod's nodeSelector and required node affinity as one predicate; undefined when it has neither. */
export function requiredNodeMatcher(pod: PodInfo): ((labels: Readonly<Record<string, string>> | undefined, name: string) => boolean) | undefined {
  const spec = pod.pod.spec;
  const sel = spec?.nodeSelector && Object.keys(spec.nodeSelector).length > 0 ? compileMapSelector(spec.nodeSelector) : undefined;
  const req = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const aff = req ? compileNodeSelectorTerms(req.nodeSelectorTerms ?? []) : undefined;
  if (!sel && !aff) return undefined;
  return (labels, name) => (!sel || sel(labels)) && (!aff || aff(labels, name));
}

/** The weights of the preferred terms the node matches. */
function preferredWeight(p: Preferred, node: NodeInfo): number {
  let sum = 0;
  for (const t of p.terms) if (t.match(node.labels, node.name)) sum += t.weight;
  return sum;
}

export function create(_args: Args | undefined, _handle: Handle): PreFilterPlugin & FilterPlugin & PreScorePlugin & ScorePlugin {
  return {
    name: NAME,
    preFilter(state, pod) {
      const spec = pod.pod.spec;
      const hasSelector = spec?.nodeSelector && Object.keys(spec.nodeSelector).length > 0;
      const req = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
      if (!hasSelector && !req) return SKIP;
      state.write(preFilterKey, new Required(hasSelector ? compileMapSelector(spec!.nodeSelector) : undefined, req ? compileNodeSelectorTerms(req.nodeSelectorTerms ?? []) : undefined));
      return SUCCESS;
    },
    filter(state, _pod, node) {
      const r = state.read<Required>(preFilterKey)!;
      const labels = node.labels;
      if (r.selector && !r.selector(labels)) return unresolvable(ERR_REASON_POD);
      if (r.affinity && !r.affinity(labels, node.name)) return unresolvable(ERR_REASON_POD);
      return SUCCESS;
    },
    preScore(state, pod) {
      const preferred = pod.pod.spec?.affinity?.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
      if (preferred.length === 0) return SKIP;
      state.write(preScoreKey, new Preferred(preferred.filter((t) => t.weight !== 0).map((t) => ({ match: compileNodeSelectorTerm(t.preference), weight: t.weight }))));
      return SUCCESS;
    },
    score(state, _pod, node) {
      return preferredWeight(state.read<Preferred>(preScoreKey)!, node);
    },
    scoreNodes(state, _pod, nodes, scores) {
      const p = state.read<Preferred>(preScoreKey)!;
      for (let i = 0; i < nodes.length; i++) scores[i] = preferredWeight(p, nodes[i]);
    },
    normalizeScore(_state, _pod, scores) {
      defaultNormalizeScore(MAX_NODE_SCORE, false, scores);
    },
  };
}
