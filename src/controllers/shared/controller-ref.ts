/**
 * Controller references (metadata.ownerReferences with controller=true):
 * who manages an object, and the reference a controller stamps on what it
 * creates or adopts.
 */
import type { OwnerReference } from "kubernetes-types/meta/v1.js";
import type { KubeObject } from "../../api/types.js";
import type { Informer } from "../../client/types.js";

export type { OwnerReference };

/** The ownerReference with controller=true, if any (metav1.GetControllerOf). */
export function getControllerOf(obj: KubeObject): OwnerReference | undefined {
  return (obj.metadata.ownerReferences ?? []).find((r) => r.controller === true);
}

/** Whether owner (by uid) is obj's controller. */
export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = getControllerOf(obj);
  return ref !== undefined && ref.uid === owner.metadata.uid;
}

/** The reference a controller puts on what it creates (metav1.NewControllerRef). */
export function newControllerRef(owner: KubeObject, gvk: { apiVersion: string; kind: string }): OwnerReference {
  return {
    apiVersion: gvk.apiVersion,
    kind: gvk.kind,
    name: owner.metadata.name!,
    uid: owner.metadata.uid!,
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** Index of objects by the uid of their controller ("" for objects without one). */
export const CONTROLLER_UID_INDEX = "controller-uid";
const indexed = new WeakSet<object>();

/**
 * Adds the controller-uid index to a shared informer once, whichever
 * controller asks first: syncs then read their own objects, not a namespace's.
 */
export function ensureControllerIndex<T extends KubeObject>(informer: Informer<T>): void {
  if (indexed.has(informer)) return;
  indexed.add(informer);
  informer.addIndexer(CONTROLLER_UID_INDEX, (o) => [getControllerOf(o)?.uid ?? ""]);
}
