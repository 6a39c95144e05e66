/**
 * The cloud's route table as the route controller sees it (upstream's
 * cloudprovider.Routes): list the cluster's routes, create one for a node's
 * podCIDR, delete one. Until a simulated cloud owns the table, it is the
 * network.skiff.dev Route objects: createApiRouteTable reads them from an
 * informer and writes them through the API server.
 */
import type { RouteObject } from "../../api/network/routes.js";
import { ROUTES } from "../../client/resources.js";
import type { Client, Lister } from "../../client/types.js";

export interface CloudRoute {
  name: string;
  targetNode: string;
  destinationCIDR: string;
  /** The route's target is gone: the cloud drops its traffic. */
  blackhole: boolean;
}

export interface RouteTable {
  /** The routes this cluster made (upstream's ListRoutes(clusterName)). */
  list(clusterName: string): Promise<CloudRoute[]>;
  /** Creates a route named from nameHint (the node's UID), as upstream's providers do. */
  create(clusterName: string, nameHint: string, route: { targetNode: string; destinationCIDR: string }): Promise<void>;
  delete(clusterName: string, route: CloudRoute): Promise<void>;
}

/** Which cluster made a Route: routes carry it as a label, as a cloud's route carries a cluster tag. */
export const CLUSTER_NAME_LABEL = "network.skiff.dev/cluster-name";

/** The route's name: <clusterName>-<nameHint>, as upstream's GCE provider names them. */
export function routeName(clusterName: string, nameHint: string): string {
  return `${clusterName}-${nameHint}`;
}

export function createApiRouteTable(client: Client, routes: Lister<RouteObject>): RouteTable {
  return {
    async list(clusterName) {
      return routes
        .list()
        .filter((r) => r.metadata.labels?.[CLUSTER_NAME_LABEL] === clusterName && !r.metadata.deletionTimestamp)
        .map((r) => ({ name: r.metadata.name!, targetNode: r.spec?.targetNode ?? "", destinationCIDR: r.spec?.destinationCIDR ?? "", blackhole: r.status?.state === "Blackhole" }));
    },
    async create(clusterName, nameHint, route) {
      const name = routeName(clusterName, nameHint);
      await client.create<RouteObject>(ROUTES, undefined, {
        apiVersion: "network.skiff.dev/v1",
        kind: "Route",
        metadata: { name, labels: { [CLUSTER_NAME_LABEL]: clusterName } },
        spec: { destinationCIDR: route.destinationCIDR, targetNode: route.targetNode },
      });
      // The table accepts the route at once: it carries traffic from now on.
      await client.patch(ROUTES, undefined, name, "merge", { status: { state: "Available" } }, { subresource: "status" });
    },
    async delete(_clusterName, route) {
      await client.delete(ROUTES, undefined, route.name);
    },
  };
}
