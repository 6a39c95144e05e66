/**
 * An Indexer: an IndexedStore keyed by "namespace/name" with the
 * "namespace" index built in, as informers use.
 */
import { IndexedStore } from "../util/indexed-store.js";
import { keyOf, type IndexFunc, type KubeObject } from "./types.js";

/** The built-in index of objects by metadata.namespace ("" for cluster-scoped). */
export const NAMESPACE_INDEX = "namespace";

export const namespaceIndexFunc: IndexFunc = (obj) => [obj.metadata.namespace ?? ""];

export class Indexer<T extends KubeObject = KubeObject> extends IndexedStore<T> {
  constructor() {
    super();
    this.addIndexer(NAMESPACE_INDEX, namespaceIndexFunc as IndexFunc<T>);
  }

  /** Stores obj under its own key; returns the object it replaced. */
  put(obj: T): T | undefined {
    return this.set(keyOf(obj), obj);
  }

  getByName(namespace: string | undefined, name: string): T | undefined {
    return this.get(namespace ? `${namespace}/${name}` : name);
  }
}
