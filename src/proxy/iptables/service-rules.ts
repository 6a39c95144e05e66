/**
 * The rules of one service port on one node, as upstream's syncProxyRules
 * writes them for it: the lines it adds to the shared chains (KUBE-SERVICES,
 * KUBE-NODEPORTS, and in the filter table KUBE-SERVICES,
 * KUBE-EXTERNAL-SERVICES, KUBE-NODEPORTS, KUBE-PROXY-FIREWALL) and its own
 * nat chains (KUBE-EXT-, KUBE-FW-, KUBE-SVC-, KUBE-SVL-, KUBE-SEP-), each
 * line in upstream's argument order and quoting.
 */
import { categorizeEndpoints } from "../categorize.js";
import type { EndpointInfo } from "../endpoints.js";
import { externallyAccessible, usesClusterEndpoints, usesLocalEndpoints, type ServicePortInfo } from "../service-ports.js";
import { KUBE_EXTERNAL_SERVICES, KUBE_MARK_MASQ, KUBE_NODEPORTS, KUBE_PROXY_FIREWALL, KUBE_SERVICES } from "./chain-names.js";
import { cidrContains } from "./cidr.js";
import type { ResolvedNodeConfig } from "./node-config.js";
import { probability } from "./probability.js";

export interface ServicePortRules {
  readonly natServices: readonly string[];
  readonly natNodePorts: readonly string[];
  readonly filterServices: readonly string[];
  readonly filterExternalServices: readonly string[];
  readonly filterNodePorts: readonly string[];
  readonly filterProxyFirewall: readonly string[];
  /** The port's own nat chains and their rules, in the order upstream creates them. */
  readonly chains: readonly (readonly [string, readonly string[]])[];
  readonly noLocalInternal: boolean;
  readonly noLocalExternal: boolean;
}

const q = (s: string) => `"${s}"`;

export function renderServicePort(sp: ServicePortInfo, endpoints: readonly EndpointInfo[], node: ResolvedNodeConfig, largeClusterMode: boolean): ServicePortRules {
  const protocol = sp.protocol.toLowerCase();
  const name = sp.name;
  const port = String(sp.port);
  const { cluster, local, allReachable, hasAny } = categorizeEndpoints(endpoints, sp, node);
  const usesClusterChain = cluster.length > 0 && usesClusterEndpoints(sp);
  const usesLocalChain = local.length > 0 && usesLocalEndpoints(sp);

  const internalChain = sp.internalPolicyLocal ? sp.svlChain : sp.svcChain;
  const hasInternal = sp.internalPolicyLocal ? hasAny && local.length > 0 : hasAny;
  const externalPolicyChain = sp.externalPolicyLocal ? sp.svlChain : sp.svcChain;
  const hasExternal = sp.externalPolicyLocal ? hasAny && local.length > 0 : hasAny;
  const extChain = sp.extChain;
  const usesExtChain = hasAny && externallyAccessible(sp);
  const usesFWChain = hasAny && sp.loadBalancerIPs.length > 0 && sp.loadBalancerSourceRanges.length > 0;
  const lbChain = usesFWChain ? sp.fwChain : extChain;

  let internalTarget = "";
  let internalComment = "";
  let externalTarget = "";
  let externalComment = "";
  if (!hasAny) {
    internalTarget = externalTarget = "REJECT";
    internalComment = externalComment = q(`${name} has no endpoints`);
  } else {
    if (!hasInternal) {
      internalTarget = "DROP";
      internalComment = q(`${name} has no local endpoints`);
    }
    if (!hasExternal) {
      externalTarget = "DROP";
      externalComment = q(`${name} has no local endpoints`);
    }
  }

  const natServices: string[] = [];
  const natNodePorts: string[] = [];
  const filterServices: string[] = [];
  const filterExternal: string[] = [];
  const filterNodePorts: string[] = [];
  const filterFirewall: string[] = [];
  const match = `-m ${protocol} -p ${protocol}`;

  if (hasInternal) {
    natServices.push(`-A ${KUBE_SERVICES} -m comment --comment ${q(`${name} cluster IP`)} ${match} -d ${sp.clusterIP} --dport ${port} -j ${internalChain}`);
  } else {
    filterServices.push(`-A ${KUBE_SERVICES} -m comment --comment ${internalComment} ${match} -d ${sp.clusterIP} --dport ${port} -j ${internalTarget}`);
  }
  for (const ip of sp.externalIPs) {
    if (hasAny) natServices.push(`-A ${KUBE_SERVICES} -m comment --comment ${q(`${name} external IP`)} ${match} -d ${ip} --dport ${port} -j ${extChain}`);
    if (!hasExternal) filterExternal.push(`-A ${KUBE_EXTERNAL_SERVICES} -m comment --comment ${externalComment} ${match} -d ${ip} --dport ${port} -j ${externalTarget}`);
  }
  for (const ip of sp.loadBalancerIPs) {
    if (hasAny) natServices.push(`-A ${KUBE_SERVICES} -m comment --comment ${q(`${name} loadbalancer IP`)} ${match} -d ${ip} --dport ${port} -j ${lbChain}`);
    if (usesFWChain) filterFirewall.push(`-A ${KUBE_PROXY_FIREWALL} -m comment --comment ${q(`${name} traffic not accepted by ${sp.fwChain}`)} ${match} -d ${ip} --dport ${port} -j DROP`);
  }
  if (!hasExternal) {
    for (const ip of sp.loadBalancerIPs) filterExternal.push(`-A ${KUBE_EXTERNAL_SERVICES} -m comment --comment ${externalComment} ${match} -d ${ip} --dport ${port} -j ${externalTarget}`);
  }
  if (sp.nodePort !== 0) {
    if (hasAny) natNodePorts.push(`-A ${KUBE_NODEPORTS} -m comment --comment ${name} ${match} --dport ${sp.nodePort} -j ${extChain}`);
    if (!hasExternal) filterExternal.push(`-A ${KUBE_EXTERNAL_SERVICES} -m comment --comment ${externalComment} -m addrtype --dst-type LOCAL ${match} --dport ${sp.nodePort} -j ${externalTarget}`);
  }
  if (sp.healthCheckNodePort !== 0) {
    filterNodePorts.push(`-A ${KUBE_NODEPORTS} -m comment --comment ${q(`${name} health check node port`)} -m tcp -p tcp --dport ${sp.healthCheckNodePort} -j ACCEPT`);
  }

  const chains: [string, string[]][] = [];
  const local_ = node.clusterCIDR;
  // Masquerade off-cluster traffic to the ClusterIP: the first rule of the internal policy chain.
  let internalMasq: string | undefined;
  if (hasInternal) {
    const args = `-m comment --comment ${q(`${name} cluster IP`)} ${match} -d ${sp.clusterIP} --dport ${port}`;
    if (node.masqueradeAll) internalMasq = `-A ${internalChain} ${args} -j ${KUBE_MARK_MASQ}`;
    else if (local_) internalMasq = `-A ${internalChain} ${args} ! -s ${local_} -j ${KUBE_MARK_MASQ}`;
  }
  if (usesExtChain) {
    const rules: string[] = [];
    if (!sp.externalPolicyLocal) {
      rules.push(`-A ${extChain} -m comment --comment ${q(`masquerade traffic for ${name} external destinations`)} -j ${KUBE_MARK_MASQ}`);
    } else {
      if (local_) rules.push(`-A ${extChain} -m comment --comment ${q(`pod traffic for ${name} external destinations`)} -s ${local_} -j ${sp.svcChain}`);
      rules.push(`-A ${extChain} -m comment --comment ${q(`masquerade LOCAL traffic for ${name} external destinations`)} -m addrtype --src-type LOCAL -j ${KUBE_MARK_MASQ}`);
      rules.push(`-A ${extChain} -m comment --comment ${q(`route LOCAL traffic for ${name} external destinations`)} -m addrtype --src-type LOCAL -j ${sp.svcChain}`);
    }
    if (hasExternal) rules.push(`-A ${extChain} -j ${externalPolicyChain}`);
    chains.push([extChain, rules]);
  }
  if (usesFWChain) {
    const head = `-A ${sp.fwChain} -m comment --comment ${q(`${name} loadbalancer IP`)}`;
    const rules: string[] = [];
    let allowFromNode = false;
    for (const src of sp.loadBalancerSourceRanges) {
      rules.push(`${head} -s ${src} -j ${extChain}`);
      if (node.nodeIPs.some((ip) => cidrContains(src, ip))) allowFromNode = true;
    }
    if (allowFromNode) for (const ip of sp.loadBalancerIPs) rules.push(`${head} -s ${ip} -j ${extChain}`);
    rules.push(`-A ${sp.fwChain} -m comment --comment ${q(`other traffic to ${name} will be dropped by KUBE-PROXY-FIREWALL`)}`);
    chains.push([sp.fwChain, rules]);
  }
  const withMasq = (chain: string, rules: string[]) => (internalMasq && chain === internalChain ? [internalMasq, ...rules] : rules);
  if (usesClusterChain) chains.push([sp.svcChain, withMasq(sp.svcChain, endpointRules(sp, sp.svcChain, cluster, largeClusterMode))]);
  if (usesLocalChain) chains.push([sp.svlChain, withMasq(sp.svlChain, endpointRules(sp, sp.svlChain, local, largeClusterMode))]);
  for (const ep of allReachable) {
    const comment = largeClusterMode ? "" : ` -m comment --comment ${name}`;
    const head = `-A ${ep.chain}${comment}`;
    const recent = sp.sessionAffinityClientIP ? ` -m recent --name ${ep.chain} --set` : "";
    chains.push([ep.chain, [`${head} -s ${ep.ip} -j ${KUBE_MARK_MASQ}`, `${head}${recent} ${match} -j DNAT --to-destination ${ep.endpoint}`]]);
  }
  return {
    natServices,
    natNodePorts,
    filterServices,
    filterExternalServices: filterExternal,
    filterNodePorts,
    filterProxyFirewall: filterFirewall,
    chains,
    noLocalInternal: hasAny && !hasInternal,
    noLocalExternal: hasAny && !hasExternal,
  };
}

function endpointRules(sp: ServicePortInfo, chain: string, endpoints: readonly EndpointInfo[], largeClusterMode: boolean): string[] {
  const rules: string[] = [];
  const comment = (ep: EndpointInfo) => (largeClusterMode ? "" : ` -m comment --comment ${q(`${sp.name} -> ${ep.endpoint}`)}`);
  if (sp.sessionAffinityClientIP) {
    for (const ep of endpoints) rules.push(`-A ${chain}${comment(ep)} -m recent --name ${ep.chain} --rcheck --seconds ${sp.stickyMaxAgeSeconds} --reap -j ${ep.chain}`);
  }
  const n = endpoints.length;
  endpoints.forEach((ep, i) => {
    const stat = i < n - 1 ? ` -m statistic --mode random --probability ${probability(n - i)}` : "";
    rules.push(`-A ${chain}${comment(ep)}${stat} -j ${ep.chain}`);
  });
  return rules;
}
