/**
 * Keeps the Node authorizer's graph current from the API server's own
 * informers (pods, persistent volumes, volume attachments), one object's
 * edges per event, as upstream's graph populator does.
 */
import type { PersistentVolume } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import type { KubeObject } from "../../api/types.js";
import type { GVR, InformerFactory } from "../../client/types.js";
import type { NodeGraph, VertexRef } from "./node-graph.js";
import { podEdges, pvEdges, volumeAttachmentEdges } from "./node-graph-edges.js";

const PODS: GVR = { group: "", version: "v1", resource: "pods" };
const PVS: GVR = { group: "", version: "v1", resource: "persistentvolumes" };
const VOLUME_ATTACHMENTS: GVR = { group: "storage.k8s.io", version: "v1", resource: "volumeattachments" };

type Edges = ReturnType<typeof podEdges>;

function follow<T extends KubeObject>(informers: InformerFactory, gvr: GVR, graph: NodeGraph, type: VertexRef["type"], edges: (o: T) => Edges): void {
  const owner = (o: T): VertexRef => ({ type, namespace: o.metadata.namespace, name: o.metadata.name ?? "" });
  const record = (o: T) => graph.set(owner(o), edges(o));
  informers.forResource<T>(gvr).addEventHandler({
    onAdd: record,
    onUpdate: (_old, o) => record(o),
    onDelete: (o) => graph.remove(owner(o)),
  });
}

/** Registers the graph's handlers; the caller starts the factory. */
export function populateNodeGraph(graph: NodeGraph, informers: InformerFactory): void {
  follow<Pod & KubeObject>(informers, PODS, graph, "pod", podEdges);
  follow<PersistentVolume & KubeObject>(informers, PVS, graph, "pv", pvEdges);
  follow<KubeObject & { spec?: { nodeName?: string } }>(informers, VOLUME_ATTACHMENTS, graph, "volumeattachment", volumeAttachmentEdges);
}
