/**
 * Why the API server cannot reach an address, on clusters with Skiff's
 * simulated network (network.skiff.dev Routes and SecurityGroups): the
 * packet is traced through the same model the API server's dialer uses, and
 * a drop in the route table or a security group becomes evidence: the
 * missing Route with the route controller's Events about it, or the
 * security groups with the rule that is not there. Other clusters have no
 * such objects: the answer is then undefined, and checks stop at the node.
 */
import type { Endpoints, Node, Pod } from "kubernetes-types/core/v1.js";
import type { RouteObject } from "../api/network/routes.js";
import type { SecurityGroupObject } from "../api/network/security-groups.js";
import type { KubeObject } from "../api/types.js";
import { ENDPOINTS, NODES, PODS, ROUTES, SECURITY_GROUPS } from "../client/resources.js";
import { cidrContains } from "../network/cidr.js";
import { createNetworkView, groupsOf, podCIDRsOf, tracePath, type NetworkView } from "../network/model/index.js";
import type { ClusterView, EvidenceStep } from "./types.js";

const models = new WeakMap<ClusterView, Promise<NetworkView | undefined>>();

/** The simulated network as the view sees it, built once per run; undefined when the cluster has none. */
export function networkModel(view: ClusterView): Promise<NetworkView | undefined> {
  let m = models.get(view);
  if (!m) {
    m = (async () => {
      if (!(await view.serves(ROUTES)) || !(await view.serves(SECURITY_GROUPS))) return undefined;
      const [nodes, pods, routes, securityGroups, apiEndpoints] = await Promise.all([
        view.list<Node & KubeObject>(NODES),
        view.list<Pod & KubeObject>(PODS),
        view.list<RouteObject>(ROUTES),
        view.list<SecurityGroupObject>(SECURITY_GROUPS),
        view.get<Endpoints & KubeObject>(ENDPOINTS, "default", "kubernetes"),
      ]);
      const subset = apiEndpoints?.subsets?.[0];
      const address = subset?.addresses?.[0]?.ip;
      const port = subset?.ports?.find((p) => p.name === "https")?.port ?? subset?.ports?.[0]?.port;
      return createNetworkView({ nodes, pods, routes, securityGroups, apiServer: address && port ? { address, port } : undefined });
    })();
    models.set(view, m);
  }
  return m;
}

export interface Explanation {
  steps: EvidenceStep[];
  /** The incident's identity (see Finding.cause). */
  cause: string;
  fix: string;
}

/**
 * Why a TCP connection from the API server to address:port is dropped by the simulated
 * network, or undefined when it is not (or the cluster has no simulated network).
 */
export async function explainUnreachable(view: ClusterView, address: string, port: number): Promise<Explanation | undefined> {
  const net = await networkModel(view);
  if (!net) return undefined;
  const verdict = tracePath(net, { from: { kind: "apiserver" }, to: address, port, protocol: "tcp" }).verdict;
  if (verdict.result !== "DROPPED") return undefined;
  if (verdict.hop === "VPC route table") return explainMissingRoute(view, net, address, verdict.reason);
  const sg = /^(.*) security group \((ingress|egress)\)$/.exec(verdict.hop);
  if (!sg) return undefined;
  const nodeName = sg[1].replace(/^node /, "");
  const node = net.node(nodeName);
  const groups = node ? groupsOf(net, node).map((g) => g.metadata.name!) : [];
  return {
    steps: [
      { text: `${sg[1]}'s security groups (${groups.join(", ") || "none"}) drop TCP ${port} from the API server: ${verdict.reason}`, ref: groups[0] ? { kind: "SecurityGroup", name: groups[0] } : undefined },
    ],
    cause: `SecurityGroup/${groups.join(",") || "none"}/${sg[2]}/${port}`,
    fix: groups.length
      ? `add an ${sg[2]} rule allowing TCP ${port} from the API server to the nodes' security group (kubectl edit securitygroup ${groups[0]})`
      : `put node ${nodeName} back in the cluster's security group (its labels must match the group's nodeSelector)`,
  };
}

async function explainMissingRoute(view: ClusterView, net: NetworkView, address: string, reason: string): Promise<Explanation> {
  const owner = net.snapshot.nodes.find((n) => podCIDRsOf(n).some((c) => cidrContains(c, address)));
  const nodeName = owner?.metadata?.name;
  const cidr = owner ? podCIDRsOf(owner).find((c) => cidrContains(c, address)) : undefined;
  const steps: EvidenceStep[] = [{ text: `VPC route table: ${reason}`, ref: { kind: "Route", name: cidr ?? address } }];
  if (nodeName) {
    const events = (await view.eventsFor({ kind: "Node", name: nodeName })).filter((e) => e.reason === "FailedToCreateRoute");
    const last = events.at(-1);
    if (last) steps.push({ text: `route controller: ${last.reason}: ${last.message}${last.count && last.count > 1 ? ` (${last.count} times)` : ""}`, ref: { kind: "Event", namespace: last.metadata.namespace, name: last.metadata.name! } });
    const nu = ((owner?.status?.conditions ?? []) as { type: string; status: string; reason?: string; message?: string }[]).find((c) => c.type === "NetworkUnavailable");
    if (nu && nu.status === "True") steps.push({ text: `Node ${nodeName} NetworkUnavailable=True (${nu.reason ?? ""}): ${nu.message ?? ""}`, ref: { kind: "Node", name: nodeName } });
  }
  const hasError = steps.length > 1 && steps[1].text.startsWith("route controller");
  return {
    steps,
    cause: `Route/${cidr ?? address}`,
    fix: hasError
      ? `fix what the route controller's error says (its cloud credentials or permissions), after which it recreates the route for ${cidr} by itself`
      : `the route for ${cidr ?? address} to ${nodeName ?? "its node"} is missing: check the route controller (kube-controller-manager's route controller) and its cloud permissions`,
  };
}
