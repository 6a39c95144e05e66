/**
 * RouteLoss (S3): the route to one node's podCIDR deleted from the VPC
 * route table (network.skiff.dev Route), and the route controller's cloud
 * permission gone while the Fault lasts: its route table refuses to create
 * routes with the cloud's "no vpc found" error (a FailedToCreateRoute
 * event on the node), so the route stays missing. The default target is
 * the node of metrics-server's pod, where the incident's chain starts: the
 * API server cannot reach that pod, v1beta1.metrics.k8s.io turns
 * unavailable, and namespaces being deleted stay Terminating. Deleting the
 * Fault gives the permission back; the route controller recreates the
 * route at its next reconciliation and everything heals by itself.
 */
import type { FaultObject } from "../../api/chaos/faults.js";
import { isApiError } from "../../api/errors.js";
import { ROUTES } from "../../client/resources.js";
import type { Lister } from "../../client/types.js";
import type { RouteTable } from "../../cloudcontroller/route/index.js";
import { FaultSpecError, type ClusterFault, type ClusterFaultEnv } from "./cluster-fault.js";

export const METRICS_SERVER_SELECTOR = { namespace: "kube-system", label: "k8s-app", value: "metrics-server" };

/** The cloud's answer to a caller denied vpc:* (the incident's RAM policy): the VPC cannot be found. */
export function noVpcFoundError(vpcId: string): Error {
  return new Error(`RouteTables: no vpc found by [id:${vpcId}], length(vpcs)=0`);
}

/** Whether a RouteLoss fault is in force: created, not being deleted, not ended. */
export function routeLossActive(f: FaultObject): boolean {
  return f.spec?.type === "RouteLoss" && !f.metadata.deletionTimestamp && f.status?.phase !== "Ended" && f.status?.phase !== "Failed";
}

/**
 * The route controller's route table while RouteLoss faults may be active:
 * creating a route fails as the cloud API fails a caller whose policy
 * denies vpc:*. Listing and deleting still work, so the controller keeps
 * reporting each missing route as FailedToCreateRoute.
 */
export function withRouteLoss(inner: RouteTable, faults: Lister<FaultObject>, clusterName: string): RouteTable {
  return {
    list: (c) => inner.list(c),
    delete: (c, route) => inner.delete(c, route),
    async create(c, nameHint, route) {
      if (faults.list().some(routeLossActive)) throw noVpcFoundError(`vpc-${clusterName}`);
      return inner.create(c, nameHint, route);
    },
  };
}

function targetNode(f: FaultObject, env: ClusterFaultEnv): string {
  if (f.spec.target) return f.spec.target;
  const { namespace, label, value } = METRICS_SERVER_SELECTOR;
  const pod = env.pods
    .list(namespace)
    .filter((p) => p.metadata.labels?.[label] === value && p.spec?.nodeName && !p.metadata.deletionTimestamp)
    .sort((a, b) => (a.status?.phase === "Running" ? 0 : 1) - (b.status?.phase === "Running" ? 0 : 1))[0];
  if (!pod) throw new FaultSpecError(`no target given and no metrics-server pod (${namespace}, ${label}=${value}) is scheduled`);
  return pod.spec!.nodeName!;
}

export const routeLoss: ClusterFault = {
  async plan(f, env) {
    const node = targetNode(f, env);
    const route = env.routes.list().find((r) => r.spec?.targetNode === node);
    if (!route) throw new FaultSpecError(`no route to node ${node} in the route table`);
    return { route: { name: route.metadata.name!, targetNode: node, destinationCIDR: route.spec.destinationCIDR } };
  },

  async enact(_f, restore, { client }) {
    const r = restore.route!;
    try {
      await client.delete(ROUTES, undefined, r.name);
    } catch (err) {
      if (!isApiError(err, "NotFound")) throw err;
    }
    return `deleted route ${r.name} (${r.destinationCIDR} -> ${r.targetNode}) from the VPC route table; the route controller's cloud calls fail with "no vpc found" until this Fault is deleted`;
  },

  async heal(_f, restore) {
    const r = restore.route!;
    return `the route controller may create routes again: it recreates ${r.destinationCIDR} -> ${r.targetNode} at its next reconciliation`;
  },
};
