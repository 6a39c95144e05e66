/** The iptables evaluator: iptables-save text in, a packet's path through a node's netfilter out. */
export { parseIptablesSave, tokenize, ParseError, type Chain, type Match, type PortRange, type Rule, type Ruleset, type Table, type Target } from "./parse.js";
export {
  runHook,
  traverseNode,
  createRecentTable,
  EvaluationError,
  type HookResult,
  type NetfilterContext,
  type NodeTraversal,
  type Origin,
  type Packet,
  type Protocol,
  type RecentTable,
  type RuleStep,
  type Verdict,
} from "./evaluate.js";
export { withKubeProxyJumps } from "./kube-proxy-jumps.js";
