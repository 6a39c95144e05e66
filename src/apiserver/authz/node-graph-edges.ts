/**
 * What each watched object contributes to the Node authorizer's graph, as
 * upstream's graph populator records it: a scheduled pod links what it uses
 * to its node, a bound PV links itself to its claim and its secrets to
 * itself, a VolumeAttachment links itself to its node.
 */
import type { PersistentVolume } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import type { VertexRef } from "./node-graph.js";
import { podClaimNames, podConfigMapNames, podResourceClaimNames, podSecretNames } from "./pod-references.js";

type Edge = [VertexRef, VertexRef];

/**
 * A pod's edges; none until it is bound to a node (upstream ignores
 * unscheduled pods). What the pod uses links to the pod's node directly:
 * the only edge out of a pod is to its node, so this reaches the same nodes
 * as going through the pod (upstream's destination edges serve the same end).
 */
export function podEdges(pod: Pod): Edge[] {
  const nodeName = pod.spec?.nodeName;
  const namespace = pod.metadata?.namespace ?? "";
  if (!nodeName) return [];
  const self: VertexRef = { type: "pod", namespace, name: pod.metadata?.name ?? "" };
  const node: VertexRef = { type: "node", name: nodeName };
  const edges: Edge[] = [[self, node]];
  const link = (type: VertexRef["type"], names: Iterable<string>) => {
    for (const name of names) edges.push([{ type, namespace, name }, node]);
  };
  link("serviceaccount", pod.spec?.serviceAccountName ? [pod.spec.serviceAccountName] : []);
  link("secret", podSecretNames(pod));
  link("configmap", podConfigMapNames(pod));
  link("pvc", podClaimNames(pod));
  link("resourceclaim", podResourceClaimNames(pod));
  return edges;
}

/** Secrets a PV's sources name, with the namespace each lives in. */
function pvSecrets(pv: PersistentVolume): { namespace: string; name: string }[] {
  const s = pv.spec ?? {};
  const claimNs = s.claimRef?.namespace ?? "";
  const refs: ({ namespace?: string; name?: string } | undefined)[] = [
    s.azureFile?.secretName ? { namespace: s.azureFile.secretNamespace ?? claimNs, name: s.azureFile.secretName } : undefined,
    s.cephfs?.secretRef,
    s.cinder?.secretRef,
    s.flexVolume?.secretRef,
    s.iscsi?.secretRef,
    s.rbd?.secretRef,
    s.scaleIO?.secretRef,
    s.storageos?.secretRef,
    s.csi?.controllerPublishSecretRef,
    s.csi?.controllerExpandSecretRef,
    s.csi?.nodePublishSecretRef,
    s.csi?.nodeStageSecretRef,
    s.csi?.nodeExpandSecretRef,
  ];
  return refs.filter((r): r is { namespace?: string; name: string } => !!r?.name).map((r) => ({ namespace: r.namespace ?? claimNs, name: r.name }));
}

/** A PV's edges: pv -> its claim, and its secrets -> pv; none until it is bound to a claim. */
export function pvEdges(pv: PersistentVolume): Edge[] {
  const claim = pv.spec?.claimRef;
  if (!claim?.name) return [];
  const self: VertexRef = { type: "pv", name: pv.metadata?.name ?? "" };
  const edges: Edge[] = [[self, { type: "pvc", namespace: claim.namespace ?? "", name: claim.name }]];
  for (const s of pvSecrets(pv)) edges.push([{ type: "secret", namespace: s.namespace, name: s.name }, self]);
  return edges;
}

/** A VolumeAttachment's edge to the node it attaches to. */
export function volumeAttachmentEdges(va: { metadata?: { name?: string }; spec?: { nodeName?: string } }): Edge[] {
  if (!va.spec?.nodeName) return [];
  return [[{ type: "volumeattachment", name: va.metadata?.name ?? "" }, { type: "node", name: va.spec.nodeName }]];
}

