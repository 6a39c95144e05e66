/**
 * The network as sim pods see it, from informers in the nodes' process:
 * nodes, pods, the route table, the security groups, and each node's NAT
 * rules from kube-proxy. The informers start on first use (a cluster whose
 * pods never connect anywhere pays no pod informer), so the first calls
 * answer undefined until they have listed. One snapshot object is handed
 * out until something changes: an object event, or a kube-proxy sync
 * (natVersion), so verdicts cached per snapshot stay right.
 */
import type { Node, Pod } from "kubernetes-types/core/v1.js";
import type { RouteObject } from "../api/network/routes.js";
import type { SecurityGroupObject } from "../api/network/security-groups.js";
import type { KubeObject } from "../api/types.js";
import { NODES, PODS, ROUTES, SECURITY_GROUPS } from "../client/resources.js";
import type { InformerFactory } from "../client/types.js";
import type { NatTableSupplier, NetworkSnapshot } from "./model/index.js";
import type { SnapshotSource } from "./informer-snapshot.js";

export interface PodSnapshotOptions {
  base: Pick<NetworkSnapshot, "apiServer" | "clusterCIDR" | "serviceCIDR">;
  nat: NatTableSupplier;
  /** Changes whenever the NAT rules may have (kube-proxy's last sync time). */
  natVersion(): unknown;
  /** Stops the informers. */
  signal: AbortSignal;
}

export function createPodSnapshotSource(informers: InformerFactory, opts: PodSnapshotOptions): SnapshotSource {
  let started = false;
  let current: NetworkSnapshot | undefined;
  let natVersion: unknown;
  const listers: {
    nodes?: ReturnType<typeof informers.forResource<Node & KubeObject>>;
    pods?: ReturnType<typeof informers.forResource<Pod & KubeObject>>;
    routes?: ReturnType<typeof informers.forResource<RouteObject>>;
    groups?: ReturnType<typeof informers.forResource<SecurityGroupObject>>;
  } = {};
  const start = () => {
    started = true;
    listers.nodes = informers.forResource<Node & KubeObject>(NODES);
    listers.pods = informers.forResource<Pod & KubeObject>(PODS);
    listers.routes = informers.forResource<RouteObject>(ROUTES);
    listers.groups = informers.forResource<SecurityGroupObject>(SECURITY_GROUPS);
    const changed = { onAdd: () => (current = undefined), onUpdate: () => (current = undefined), onDelete: () => (current = undefined) };
    for (const i of [listers.nodes, listers.pods, listers.routes, listers.groups]) i.addEventHandler(changed);
    informers.start(opts.signal);
  };
  return {
    snapshot() {
      if (!started) start();
      const { nodes, pods, routes, groups } = listers;
      if (!nodes || !pods || !routes || !groups) return undefined;
      const version = opts.natVersion();
      if (current && version === natVersion) return current;
      if (!nodes.hasSynced() || !pods.hasSynced() || !routes.hasSynced() || !groups.hasSynced()) return undefined;
      natVersion = version;
      current = { ...opts.base, nodes: nodes.lister.list(), pods: pods.lister.list(), routes: routes.lister.list(), securityGroups: groups.lister.list(), nat: opts.nat };
      return current;
    },
  };
}
