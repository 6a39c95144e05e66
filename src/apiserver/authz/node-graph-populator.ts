/**
 * Keeps the Node authorizer's graph current from the API server's watch
 * caches of pods, persistent volumes and volume attachments: their current
 * objects, then one object's edges per event, as upstream's graph
 * populator does from informers. A watch that ends starts again from a
 * fresh list of its resource, replacing that resource's edges.
 */
import type { PersistentVolume } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import type { KubeObject } from "../../api/types.js";
import type { Cacher, CacheWatch } from "../../storage/cacher/index.js";
import type { NodeGraph, VertexRef, VertexType } from "./node-graph.js";
import { podEdges, pvEdges, volumeAttachmentEdges } from "./node-graph-edges.js";

export interface NodeGraphSources {
  pods: Cacher<KubeObject>;
  persistentVolumes: Cacher<KubeObject>;
  volumeAttachments?: Cacher<KubeObject>;
}

export interface NodeGraphWatch {
  /** Resolves once every source's current objects are in the graph. */
  ready: Promise<void>;
  close(): void;
}

type Edges = ReturnType<typeof podEdges>;

export function populateNodeGraph(graph: NodeGraph, sources: NodeGraphSources): NodeGraphWatch {
  const watches = new Set<CacheWatch>();
  let closed = false;
  const follow = (cacher: Cacher<KubeObject>, type: VertexType, edges: (o: KubeObject) => Edges): Promise<void> => {
    const owner = (o: KubeObject): VertexRef => ({ type, namespace: o.metadata.namespace, name: o.metadata.name ?? "" });
    const start = (onSynced: () => void) => {
      if (closed) return onSynced();
      graph.removeOwnersOfType(type);
      let w: CacheWatch | undefined = undefined;
      try {
        w = cacher.watch(
          0,
          {
            initialEvents: true,
            onInitialEventsEnd: onSynced,
            onError: () => {
              if (w) watches.delete(w);
              start(() => undefined);
            },
          },
          (ev) => (ev.type === "DELETED" ? graph.remove(owner(ev.object)) : graph.set(owner(ev.object), edges(ev.object))),
        );
      } catch {
        return onSynced(); // the cache was closed: the server is stopping
      }
      watches.add(w);
    };
    return cacher.ready.then(() => new Promise<void>((resolve) => start(resolve)));
  };
  const ready = Promise.all([
    follow(sources.pods, "pod", (o) => podEdges(o as Pod)),
    follow(sources.persistentVolumes, "pv", (o) => pvEdges(o as PersistentVolume)),
    sources.volumeAttachments ? follow(sources.volumeAttachments, "volumeattachment", volumeAttachmentEdges) : undefined,
  ]).then(() => undefined);
  return {
    ready,
    close() {
      closed = true;
      for (const w of watches) w.close();
      watches.clear();
    },
  };
}
