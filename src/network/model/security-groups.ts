/**
 * Security-group decisions: which groups a node belongs to, and whether
 * one of them lets a connection in (Ingress, by source) or out (Egress, by
 * destination). Stateful, as cloud security groups are: only the packet
 * that opens a connection is checked.
 */
import type { Node } from "kubernetes-types/core/v1.js";
import type { SecurityGroupObject, SecurityGroupRule } from "../../api/network/security-groups.js";
import { parsePortRange } from "../../api/network/security-groups.js";
import { selectorMatches } from "../../api/validation/label-selector.js";
import { cidrContains } from "../cidr.js";
import type { Protocol } from "../iptables/index.js";
import type { NetworkView } from "./snapshot.js";

export interface GroupDecision {
  allowed: boolean;
  /** The groups the node is in (by name). */
  groups: string[];
  /** The rule that allowed the packet, as "<group>: <rule>". */
  allowedBy?: string;
  /** Why nothing allowed it. */
  reason?: string;
}

export function groupsOf(view: NetworkView, node: Node): SecurityGroupObject[] {
  return view.snapshot.securityGroups.filter((g) => selectorMatches(g.spec?.nodeSelector ?? {}, node.metadata?.labels ?? {}));
}

/**
 * Whether the node's groups let the connection through in `direction`.
 * peer is the source address for Ingress and the destination for Egress.
 */
export function decide(view: NetworkView, node: Node, direction: "Ingress" | "Egress", peer: string, protocol: Protocol, port: number | undefined): GroupDecision {
  const groups = groupsOf(view, node);
  const names = groups.map((g) => g.metadata.name!);
  const what = `${protocol.toUpperCase()}${port === undefined ? "" : ` port ${port}`} ${direction === "Ingress" ? "from" : "to"} ${peer}`;
  if (!groups.length) return { allowed: false, groups: names, reason: `node ${node.metadata!.name} is in no security group, so no rule allows ${what}` };
  for (const g of groups) {
    for (const rule of g.spec?.rules ?? []) {
      if (rule.direction === direction && ruleMatches(view, rule, peer, protocol, port)) return { allowed: true, groups: names, allowedBy: `${g.metadata.name}: ${describeRule(rule)}` };
    }
  }
  return { allowed: false, groups: names, reason: `no ${direction.toLowerCase()} rule of ${names.join(", ")} allows ${what}` };
}

function ruleMatches(view: NetworkView, rule: SecurityGroupRule, peer: string, protocol: Protocol, port: number | undefined): boolean {
  if (rule.protocol !== "All" && rule.protocol.toLowerCase() !== protocol) return false;
  if (rule.ports !== undefined) {
    const range = parsePortRange(rule.ports);
    if (!range || port === undefined || port < range.from || port > range.to) return false;
  }
  if (rule.cidr !== undefined) return cidrContains(rule.cidr, peer);
  if (rule.group !== undefined) {
    const group = view.snapshot.securityGroups.find((g) => g.metadata.name === rule.group);
    const node = view.nodeByAddress(peer);
    return !!group && !!node && selectorMatches(group.spec?.nodeSelector ?? {}, node.metadata?.labels ?? {});
  }
  return false;
}

export function describeRule(rule: SecurityGroupRule): string {
  const peer = rule.cidr ?? `group ${rule.group}`;
  const ports = rule.ports ? ` ${rule.ports}` : "";
  return `${rule.direction} ${rule.protocol}${ports} ${rule.direction === "Ingress" ? "from" : "to"} ${peer}${rule.description ? ` (${rule.description})` : ""}`;
}
