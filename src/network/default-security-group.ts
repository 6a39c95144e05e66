/**
 * The security group `skiff up` creates, as a cloud's default for a
 * cluster: the nodes talk to each other on every port, the pod network is
 * allowed in, the API server reaches the kubelets, NodePorts and ping are
 * open, and everything may go out. Nothing is filtered until a user (or a
 * fault) removes a rule or moves a node out of the group.
 */
import type { SecurityGroupObject, SecurityGroupRule } from "../api/network/security-groups.js";
import { isIP } from "node:net";

export const DEFAULT_SECURITY_GROUP = "default";

export interface DefaultSecurityGroupOptions {
  clusterCIDR: string;
  /** The API server's address as the nodes see it. */
  apiServerAddress: string;
  nodePortRange: [number, number];
}

export function defaultSecurityGroup(opts: DefaultSecurityGroupOptions): SecurityGroupObject {
  const host = `${opts.apiServerAddress}/${isIP(opts.apiServerAddress) === 6 ? 128 : 32}`;
  const nodePorts = `${opts.nodePortRange[0]}-${opts.nodePortRange[1]}`;
  const rules: SecurityGroupRule[] = [
    { direction: "Ingress", protocol: "All", group: DEFAULT_SECURITY_GROUP, description: "nodes of the cluster" },
    ...opts.clusterCIDR.split(",").map((c): SecurityGroupRule => ({ direction: "Ingress", protocol: "All", cidr: c.trim(), description: "pod network" })),
    // Every TCP port: a kubelet listens on 10250, or wherever its node's daemonEndpoints say (sim nodes share one host).
    { direction: "Ingress", protocol: "TCP", cidr: host, description: "API server to kubelets" },
    { direction: "Ingress", protocol: "TCP", ports: nodePorts, cidr: "0.0.0.0/0", description: "NodePort Services" },
    { direction: "Ingress", protocol: "UDP", ports: nodePorts, cidr: "0.0.0.0/0", description: "NodePort Services" },
    { direction: "Ingress", protocol: "ICMP", cidr: "0.0.0.0/0", description: "ping" },
    { direction: "Egress", protocol: "All", cidr: "0.0.0.0/0", description: "everything out" },
  ];
  return { apiVersion: "network.skiff.dev/v1", kind: "SecurityGroup", metadata: { name: DEFAULT_SECURITY_GROUP }, spec: { nodeSelector: {}, rules } };
}
