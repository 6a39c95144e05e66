/**
 * SecurityGroupRule (S4): a rule of the simulated network's SecurityGroup
 * (default "default") removed or added. Presets remove the rules behind
 * the incident's cases: KubeletPort, the API server's ingress to the
 * kubelets (exec, logs and `kubectl top` fail with "dial tcp
 * <ip>:10250: i/o timeout"); PodCIDRIngress, the pod network's ingress
 * (cross-node pod traffic and DNS fail while ICMP still passes). Healing
 * takes out what was added and puts back what was removed.
 */
import type { SecurityGroupObject, SecurityGroupRule } from "../../api/network/security-groups.js";
import { parsePortRange } from "../../api/network/security-groups.js";
import type { FaultObject } from "../../api/chaos/faults.js";
import { isApiError } from "../../api/errors.js";
import { SECURITY_GROUPS } from "../../client/resources.js";
import { FaultSpecError, type ClusterFault } from "./cluster-fault.js";

export const DEFAULT_SECURITY_GROUP_TARGET = "default";
const KUBELET_PORT = 10250;

const sameRule = (a: SecurityGroupRule, b: SecurityGroupRule) =>
  a.direction === b.direction && a.protocol === b.protocol && a.ports === b.ports && a.cidr === b.cidr && a.group === b.group;

/** An ingress rule letting one host (the API server) reach the kubelet port. */
function isKubeletPortRule(r: SecurityGroupRule): boolean {
  if (r.direction !== "Ingress" || (r.protocol !== "TCP" && r.protocol !== "All") || !r.cidr) return false;
  if (!/\/(32|128)$/.test(r.cidr)) return false;
  const ports = r.ports === undefined ? undefined : parsePortRange(r.ports);
  return r.ports === undefined || (ports !== undefined && ports.from <= KUBELET_PORT && KUBELET_PORT <= ports.to);
}

export function describeRule(r: SecurityGroupRule): string {
  const peer = r.cidr ?? `group ${r.group}`;
  const ports = r.ports ? ` port ${r.ports}` : "";
  const what = `${r.direction} ${r.protocol}${ports} ${r.direction === "Ingress" ? "from" : "to"} ${peer}`;
  return r.description ? `${what} ("${r.description}")` : what;
}

function selectRules(f: FaultObject, rules: SecurityGroupRule[], clusterCIDR: string): { removed: SecurityGroupRule[]; added: SecurityGroupRule[] } {
  const { preset, rule, action } = f.spec;
  if (preset === "KubeletPort") return { removed: rules.filter(isKubeletPortRule), added: [] };
  if (preset === "PodCIDRIngress") {
    const cidrs = clusterCIDR.split(",").map((c) => c.trim());
    return { removed: rules.filter((r) => r.direction === "Ingress" && r.cidr !== undefined && cidrs.includes(r.cidr)), added: [] };
  }
  if ((action ?? "Remove") === "Add") return { removed: [], added: rules.some((r) => sameRule(r, rule!)) ? [] : [rule!] };
  return { removed: rules.filter((r) => sameRule(r, rule!)), added: [] };
}

async function getGroup(name: string, client: Parameters<ClusterFault["plan"]>[1]["client"]): Promise<SecurityGroupObject> {
  try {
    return await client.get<SecurityGroupObject>(SECURITY_GROUPS, undefined, name);
  } catch (err) {
    if (isApiError(err, "NotFound")) throw new FaultSpecError(`SecurityGroup ${name} not found`);
    throw err;
  }
}

export const securityGroupRule: ClusterFault = {
  async plan(f, { client, clusterCIDR }) {
    const name = f.spec.target || DEFAULT_SECURITY_GROUP_TARGET;
    const sg = await getGroup(name, client);
    const { removed, added } = selectRules(f, sg.spec?.rules ?? [], clusterCIDR);
    if (!removed.length && !added.length) {
      const asked = f.spec.preset ? `preset ${f.spec.preset}` : `${f.spec.action ?? "Remove"} ${describeRule(f.spec.rule!)}`;
      throw new FaultSpecError(`SecurityGroup ${name}: nothing to change for ${asked}`);
    }
    return { securityGroup: { name, removed, added } };
  },

  async enact(_f, restore, { client }) {
    const { name, removed, added } = restore.securityGroup!;
    const sg = await getGroup(name, client);
    const rules = (sg.spec?.rules ?? []).filter((r) => !removed.some((x) => sameRule(x, r)));
    rules.push(...added);
    await client.update(SECURITY_GROUPS, undefined, { ...sg, spec: { ...sg.spec, rules } });
    const parts = [...removed.map((r) => `removed ${describeRule(r)}`), ...added.map((r) => `added ${describeRule(r)}`)];
    return `SecurityGroup ${name}: ${parts.join("; ")}; deleting this Fault restores the original rules`;
  },

  async heal(_f, restore, { client }) {
    const { name, removed, added } = restore.securityGroup!;
    let sg: SecurityGroupObject;
    try {
      sg = await getGroup(name, client);
    } catch (err) {
      if (err instanceof FaultSpecError) return `SecurityGroup ${name} is gone; nothing to restore`;
      throw err;
    }
    const rules = (sg.spec?.rules ?? []).filter((r) => !added.some((x) => sameRule(x, r)));
    for (const r of removed) if (!rules.some((x) => sameRule(x, r))) rules.push(r);
    await client.update(SECURITY_GROUPS, undefined, { ...sg, spec: { ...sg.spec, rules } });
    return `SecurityGroup ${name}: restored its original rules`;
  },
};
