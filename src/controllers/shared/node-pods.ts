/**
 * Pods by the node they are bound to (spec.nodeName), as an index on the
 * shared pod informer: controllers that react to one node's change read
 * that node's pods instead of scanning every pod of the cluster.
 */
import type { KubeObject } from "../../api/types.js";
import type { Informer } from "../../client/types.js";

export const NODE_NAME_INDEX = "spec.nodeName";
const indexed = new WeakSet<object>();

type Bound = KubeObject & { spec?: { nodeName?: string } };

/** Adds the index once, whichever controller asks first. */
export function ensureNodeNameIndex<T extends Bound>(informer: Informer<T>): void {
  if (indexed.has(informer)) return;
  indexed.add(informer);
  informer.addIndexer(NODE_NAME_INDEX, (p) => (p.spec?.nodeName ? [p.spec.nodeName] : []));
}

/** The pods the informer has bound to the node. */
export function podsOnNode<T extends Bound>(informer: Informer<T>, nodeName: string): T[] {
  ensureNodeNameIndex(informer);
  return informer.lister.byIndex(NODE_NAME_INDEX, nodeName);
}
