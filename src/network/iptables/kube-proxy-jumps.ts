/**
 * The jumps from the built-in chains into kube-proxy's chains. kube-proxy
 * does not write them in its iptables-restore input; it ensures them
 * separately (`iptables -I PREROUTING -m comment --comment "kubernetes
 * service portals" -j KUBE-SERVICES`, ...), so a node's full iptables-save
 * shows them. Given kube-proxy's own text, this adds those that are
 * missing, for the chains the text declares, as upstream's
 * iptablesJumpChains lists them.
 */
import type { Ruleset } from "./parse.js";
import { parseIptablesSave } from "./parse.js";

interface Jump {
  table: string;
  hook: string;
  chain: string;
  comment: string;
  extra?: string;
}

const NEW = "-m conntrack --ctstate NEW";

const JUMPS: Jump[] = [
  { table: "filter", hook: "INPUT", chain: "KUBE-EXTERNAL-SERVICES", comment: "kubernetes externally-visible service portals", extra: NEW },
  { table: "filter", hook: "FORWARD", chain: "KUBE-EXTERNAL-SERVICES", comment: "kubernetes externally-visible service portals", extra: NEW },
  { table: "filter", hook: "INPUT", chain: "KUBE-NODEPORTS", comment: "kubernetes health check service ports" },
  { table: "filter", hook: "FORWARD", chain: "KUBE-SERVICES", comment: "kubernetes service portals", extra: NEW },
  { table: "filter", hook: "OUTPUT", chain: "KUBE-SERVICES", comment: "kubernetes service portals", extra: NEW },
  { table: "filter", hook: "FORWARD", chain: "KUBE-FORWARD", comment: "kubernetes forwarding rules" },
  { table: "filter", hook: "INPUT", chain: "KUBE-PROXY-FIREWALL", comment: "kubernetes load balancer firewall", extra: NEW },
  { table: "filter", hook: "OUTPUT", chain: "KUBE-PROXY-FIREWALL", comment: "kubernetes load balancer firewall", extra: NEW },
  { table: "filter", hook: "FORWARD", chain: "KUBE-PROXY-FIREWALL", comment: "kubernetes load balancer firewall", extra: NEW },
  { table: "nat", hook: "OUTPUT", chain: "KUBE-SERVICES", comment: "kubernetes service portals" },
  { table: "nat", hook: "PREROUTING", chain: "KUBE-SERVICES", comment: "kubernetes service portals" },
  { table: "nat", hook: "POSTROUTING", chain: "KUBE-POSTROUTING", comment: "kubernetes postrouting rules" },
];

/** rules with kube-proxy's jump rules prepended where absent (as `iptables -I` puts them first). */
export function withKubeProxyJumps(rules: Ruleset): Ruleset {
  for (const j of JUMPS) {
    const table = rules.get(j.table);
    if (!table?.chains.has(j.chain)) continue;
    let hook = table.chains.get(j.hook);
    if (!hook) {
      hook = { name: j.hook, policy: "ACCEPT", rules: [] };
      table.chains.set(j.hook, hook);
    }
    if (hook.rules.some((r) => r.target && "chain" in r.target && r.target.chain === j.chain)) continue;
    const text = `-A ${j.hook}${j.extra ? ` ${j.extra}` : ""} -m comment --comment "${j.comment}" -j ${j.chain}`;
    const [rule] = parseIptablesSave(`*${j.table}\n${text}\nCOMMIT\n`).get(j.table)!.chains.get(j.hook)!.rules;
    rule.line = 0;
    hook.rules.unshift(rule);
  }
  return rules;
}
