/**
 * The node's heartbeat Lease in kube-node-lease (upstream's nodelease
 * controller): created owned by the Node, renewed every leaseDuration/4
 * by setting renewTime. A conflict re-reads the lease and tries again on
 * the next renewal.
 */
import type { Lease } from "kubernetes-types/coordination/v1.js";
import { isApiError } from "../../api/errors.js";
import { LEASES, type Client, type KubeObject } from "../../client/index.js";
import { formatMicroTime } from "../../util/time.js";

export const NODE_LEASE_NAMESPACE = "kube-node-lease";

type LeaseObject = Lease & KubeObject;

/** metav1.MicroTime: RFC 3339 with microseconds. */
export function microTime(ms: number): string {
  return formatMicroTime(ms);
}

export class NodeLease {
  private lease: LeaseObject | undefined;

  constructor(
    private readonly client: Client,
    private readonly nodeName: string,
    private readonly durationSeconds: number,
  ) {}

  /** Creates or renews the lease; nodeUid makes the Node its owner. */
  async renew(now: number, nodeUid: string | undefined): Promise<void> {
    if (!this.lease) {
      try {
        this.lease = await this.client.get<LeaseObject>(LEASES, NODE_LEASE_NAMESPACE, this.nodeName);
      } catch (err) {
        if (!isApiError(err, "NotFound")) throw err;
        this.lease = await this.client.create<LeaseObject>(LEASES, NODE_LEASE_NAMESPACE, this.newLease(now, nodeUid));
        return;
      }
    }
    const next: LeaseObject = {
      ...this.lease,
      metadata: { ...this.lease.metadata, ownerReferences: this.lease.metadata.ownerReferences?.length ? this.lease.metadata.ownerReferences : this.owners(nodeUid) },
      spec: { ...this.lease.spec, holderIdentity: this.nodeName, leaseDurationSeconds: this.durationSeconds, renewTime: microTime(now) },
    };
    try {
      this.lease = await this.client.update<LeaseObject>(LEASES, NODE_LEASE_NAMESPACE, next);
    } catch (err) {
      this.lease = undefined;
      throw err;
    }
  }

  private owners(nodeUid: string | undefined) {
    return nodeUid ? [{ apiVersion: "v1", kind: "Node", name: this.nodeName, uid: nodeUid }] : undefined;
  }

  private newLease(now: number, nodeUid: string | undefined): LeaseObject {
    return {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: this.nodeName, namespace: NODE_LEASE_NAMESPACE, ...(nodeUid ? { ownerReferences: this.owners(nodeUid) } : {}) },
      spec: { holderIdentity: this.nodeName, leaseDurationSeconds: this.durationSeconds, renewTime: microTime(now) },
    } as LeaseObject;
  }
}
