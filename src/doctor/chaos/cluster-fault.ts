/**
 * What a cluster fault (one enacted by the fault controller rather than a
 * kubelet) does: plan reads the cluster and says what will change and how
 * to put it back (recorded in the Fault's status before anything changes,
 * so a fault interrupted half-way can still be healed); enact changes it;
 * heal puts it back. Each returns a sentence for status.message.
 */
import type { FaultObject, FaultRestore } from "../../api/chaos/faults.js";
import type { Client, Lister } from "../../client/types.js";
import type { Pod } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import type { RouteObject } from "../../api/network/routes.js";

export interface ClusterFaultEnv {
  client: Client;
  pods: Lister<Pod & KubeObject>;
  routes: Lister<RouteObject>;
  /** --cluster-cidr, comma-separated. */
  clusterCIDR: string;
}

export interface ClusterFault {
  plan(f: FaultObject, env: ClusterFaultEnv): Promise<FaultRestore>;
  enact(f: FaultObject, restore: FaultRestore, env: ClusterFaultEnv): Promise<string>;
  heal(f: FaultObject, restore: FaultRestore, env: ClusterFaultEnv): Promise<string>;
}

/** The fault cannot apply as asked (its target does not exist, nothing matches): reported as phase Failed, not retried. */
export class FaultSpecError extends Error {}
