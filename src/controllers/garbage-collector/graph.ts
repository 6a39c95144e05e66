/**
 * The garbage collector's view of ownership (upstream's GraphBuilder
 * nodes): one node per uid, with its owners and dependents. An owner
 * referenced before it is observed is a virtual node: it holds dependents
 * but is not known to exist.
 */
import type { OwnerReference } from "kubernetes-types/meta/v1.js";
import type { KubeObject } from "../../api/types.js";
import type { MonitoredResource } from "./resources.js";

export const FOREGROUND_FINALIZER = "foregroundDeletion";
export const ORPHAN_FINALIZER = "orphan";

export interface GraphNode {
  uid: string;
  /** Set once the object itself has been observed (not virtual). */
  resource?: MonitoredResource;
  namespace?: string;
  name?: string;
  owners: OwnerReference[];
  dependents: Set<string>;
  /** Being deleted with the foregroundDeletion finalizer: its blocking dependents go first. */
  deletingDependents: boolean;
  beingDeleted: boolean;
}

export interface GraphChange {
  /** Owner uids newly referenced by the object. */
  addedOwners: OwnerReference[];
  /** Owner uids no longer referenced. */
  removedOwners: OwnerReference[];
  /** Whether the object just started waiting for its dependents (foreground) or orphaning them. */
  startedForeground: boolean;
  startedOrphan: boolean;
}

export class OwnershipGraph {
  private readonly nodes = new Map<string, GraphNode>();

  node(uid: string): GraphNode | undefined {
    return this.nodes.get(uid);
  }

  get size(): number {
    return this.nodes.size;
  }

  /** Records the object's current state; returns what changed about its ownership. */
  observe(resource: MonitoredResource, obj: KubeObject): GraphChange {
    const uid = obj.metadata.uid!;
    const node = this.nodes.get(uid) ?? this.create(uid);
    const wasForeground = node.resource !== undefined && node.deletingDependents;
    const wasOrphan = node.resource !== undefined && node.beingDeleted && this.orphaning.has(uid);
    node.resource = resource;
    node.namespace = obj.metadata.namespace;
    node.name = obj.metadata.name;
    const finalizers = obj.metadata.finalizers ?? [];
    node.beingDeleted = !!obj.metadata.deletionTimestamp;
    node.deletingDependents = node.beingDeleted && finalizers.includes(FOREGROUND_FINALIZER);
    const orphan = node.beingDeleted && finalizers.includes(ORPHAN_FINALIZER);
    if (orphan) this.orphaning.add(uid);
    else this.orphaning.delete(uid);

    const next = obj.metadata.ownerReferences ?? [];
    const before = new Map(node.owners.map((o) => [o.uid, o]));
    const after = new Map(next.map((o) => [o.uid, o]));
    const addedOwners = next.filter((o) => !before.has(o.uid));
    const removedOwners = node.owners.filter((o) => !after.has(o.uid));
    node.owners = next.map((o) => ({ ...o }));
    for (const o of addedOwners) (this.nodes.get(o.uid) ?? this.create(o.uid)).dependents.add(uid);
    for (const o of removedOwners) this.unlink(o.uid, uid);
    return { addedOwners, removedOwners, startedForeground: node.deletingDependents && !wasForeground, startedOrphan: orphan && !wasOrphan };
  }

  /** Forgets a deleted object; returns its former node (dependents and owners). */
  remove(uid: string): GraphNode | undefined {
    const node = this.nodes.get(uid);
    if (!node) return undefined;
    this.orphaning.delete(uid);
    for (const o of node.owners) this.unlink(o.uid, uid);
    if (node.dependents.size) {
      // Dependents still point here: keep a virtual node for them.
      this.nodes.set(uid, { uid, owners: [], dependents: new Set(node.dependents), deletingDependents: false, beingDeleted: false });
    } else {
      this.nodes.delete(uid);
    }
    return node;
  }

  /** Dependents whose reference to uid has blockOwnerDeletion (node.blockingDependents). */
  blockingDependents(uid: string): GraphNode[] {
    const node = this.nodes.get(uid);
    if (!node) return [];
    const out: GraphNode[] = [];
    for (const d of node.dependents) {
      const dep = this.nodes.get(d);
      if (dep?.owners.some((o) => o.uid === uid && o.blockOwnerDeletion)) out.push(dep);
    }
    return out;
  }

  /** Uids of the observed objects whose resource matches. */
  uidsOf(match: (resource: MonitoredResource) => boolean): string[] {
    const out: string[] = [];
    for (const n of this.nodes.values()) if (n.resource && match(n.resource)) out.push(n.uid);
    return out;
  }

  private readonly orphaning = new Set<string>();

  private create(uid: string): GraphNode {
    const n: GraphNode = { uid, owners: [], dependents: new Set(), deletingDependents: false, beingDeleted: false };
    this.nodes.set(uid, n);
    return n;
  }

  private unlink(ownerUid: string, dependentUid: string): void {
    const owner = this.nodes.get(ownerUid);
    if (!owner) return;
    owner.dependents.delete(dependentUid);
    if (!owner.resource && owner.dependents.size === 0) this.nodes.delete(ownerUid);
  }
}
