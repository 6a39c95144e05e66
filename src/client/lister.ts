/**
 * A Lister over an informer's Indexer: reads by key, by namespace (through
 * the namespace index) with a label selector, or by any named index.
 */
import { parseLabelSelector, type LabelSelector } from "../apiserver/selection/labels.js";
import { NAMESPACE_INDEX, type Indexer } from "./indexer.js";
import type { KubeObject, Lister } from "./types.js";

/** Parsed selectors are reused: controllers list with the same few strings over and over. */
const selectorCache = new Map<string, LabelSelector>();
const SELECTOR_CACHE_LIMIT = 1024;

function selectorFor(text: string): LabelSelector {
  let sel = selectorCache.get(text);
  if (!sel) {
    sel = parseLabelSelector(text);
    if (selectorCache.size >= SELECTOR_CACHE_LIMIT) selectorCache.clear();
    selectorCache.set(text, sel);
  }
  return sel;
}

export function createLister<T extends KubeObject>(indexer: Indexer<T>): Lister<T> {
  return {
    get: (namespace, name) => indexer.getByName(namespace, name),
    list(namespace, labelSelector) {
      const items = namespace ? indexer.byIndex(NAMESPACE_INDEX, namespace) : indexer.list();
      if (!labelSelector) return items;
      const sel = selectorFor(labelSelector);
      return sel.empty ? items : items.filter((o) => sel.matches(o.metadata.labels));
    },
    byIndex: (name, value) => indexer.byIndex(name, value),
  };
}
