/**
 * The network as the API server's process sees it, from informers: nodes,
 * the route table and the security groups (pods are left out: the API
 * server's dials need routing and filtering, and a pod informer would cost
 * every pod write a decode here). Undefined until every informer has listed.
 */
import type { Node } from "kubernetes-types/core/v1.js";
import type { RouteObject } from "../api/network/routes.js";
import type { SecurityGroupObject } from "../api/network/security-groups.js";
import type { KubeObject } from "../api/types.js";
import { NODES, ROUTES, SECURITY_GROUPS } from "../client/resources.js";
import type { InformerFactory } from "../client/types.js";
import type { NetworkSnapshot } from "./model/index.js";

export interface SnapshotSource {
  snapshot(): NetworkSnapshot | undefined;
}

export function createInformerSnapshotSource(informers: InformerFactory, base: Pick<NetworkSnapshot, "apiServer" | "clusterCIDR" | "serviceCIDR">): SnapshotSource {
  const nodes = informers.forResource<Node & KubeObject>(NODES);
  const routes = informers.forResource<RouteObject>(ROUTES);
  const groups = informers.forResource<SecurityGroupObject>(SECURITY_GROUPS);
  // One snapshot object until something changes: every dial in between
  // (metrics scrapes of thousands of nodes) reuses it and what was traced on it.
  let current: NetworkSnapshot | undefined;
  const changed = { onAdd: () => (current = undefined), onUpdate: () => (current = undefined), onDelete: () => (current = undefined) };
  for (const i of [nodes, routes, groups]) i.addEventHandler(changed);
  return {
    snapshot() {
      if (current) return current;
      if (!nodes.hasSynced() || !routes.hasSynced() || !groups.hasSynced()) return undefined;
      current = { ...base, nodes: nodes.lister.list(), pods: [], routes: routes.lister.list(), securityGroups: groups.lister.list() };
      return current;
    },
  };
}
