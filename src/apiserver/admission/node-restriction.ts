/**
 * NodeRestriction admission (upstream's plugin/pkg/admission/noderestriction):
 * what a kubelet (system:node:<name> in system:nodes) may write. Its own
 * Node object only, without taints changes or labels outside the kubelet's
 * set; mirror pods bound to itself only; status of pods bound to it; its
 * own Lease in kube-node-lease and CSINode; evictions of its own pods;
 * tokens only bound to its own pods; PVC status only. Refusals are 403s
 * with upstream's messages.
 */
import type { Node, PersistentVolumeClaim } from "kubernetes-types/core/v1.js";
import type { OwnerReference } from "kubernetes-types/meta/v1.js";
import { forbidden as forbiddenError, notFound } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import type { Pod } from "../../api/core/pod-types.js";
import { nodeIdentity } from "../authz/node-authorizer.js";
import { podConfigMapNames, podSecretNames } from "../authz/pod-references.js";
import type { AdmissionAttributes, AdmissionPlugin } from "./types.js";

const MIRROR_POD_ANNOTATION = "kubernetes.io/config.mirror";
const NODE_LEASE_NAMESPACE = "kube-node-lease";
const NODE_RESTRICTION_LABEL_NAMESPACE = "node-restriction.kubernetes.io";
/** Labels and label namespaces a kubelet may set on its Node (upstream's k8s.io/kubelet/pkg/apis). */
const KUBELET_LABELS = new Set([
  "kubernetes.io/hostname",
  "topology.kubernetes.io/zone",
  "topology.kubernetes.io/region",
  "failure-domain.beta.kubernetes.io/zone",
  "failure-domain.beta.kubernetes.io/region",
  "beta.kubernetes.io/instance-type",
  "node.kubernetes.io/instance-type",
  "kubernetes.io/os",
  "kubernetes.io/arch",
  "beta.kubernetes.io/os",
  "beta.kubernetes.io/arch",
]);
const KUBELET_LABEL_NAMESPACES = ["kubelet.kubernetes.io", "node.kubernetes.io"];

export interface NodeRestrictionLookups {
  getPod(namespace: string, name: string): Promise<(Pod & KubeObject) | undefined>;
  getNode(name: string): Promise<(Node & KubeObject) | undefined>;
}

const labelNamespace = (key: string): string => (key.includes("/") ? key.slice(0, key.indexOf("/")) : "");
const inDomain = (ns: string, domain: string): boolean => ns === domain || ns.endsWith(`.${domain}`);

function isKubeletLabel(key: string): boolean {
  if (KUBELET_LABELS.has(key)) return true;
  const ns = labelNamespace(key);
  return KUBELET_LABEL_NAMESPACES.some((d) => inDomain(ns, d));
}

/** Labels a node may not add, remove or change: node-restriction.kubernetes.io, and kubernetes.io/k8s.io ones not the kubelet's. */
export function forbiddenNodeLabels(labels: Record<string, string> | undefined, old: Record<string, string> | undefined): string[] {
  const a = labels ?? {};
  const b = old ?? {};
  const modified = new Set([...Object.keys(a).filter((k) => a[k] !== b[k]), ...Object.keys(b).filter((k) => a[k] !== b[k])]);
  return [...modified]
    .filter((k) => {
      const ns = labelNamespace(k);
      if (inDomain(ns, NODE_RESTRICTION_LABEL_NAMESPACE)) return true;
      const kubernetes = inDomain(ns, "kubernetes.io") || inDomain(ns, "k8s.io");
      return kubernetes && !isKubeletLabel(k);
    })
    .sort();
}

const stable = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === "object" && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([p], [q]) => (p < q ? -1 : 1))) : x));
const same = (a: unknown, b: unknown): boolean => stable(a ?? null) === stable(b ?? null);

export function createNodeRestriction(lookups: NodeRestrictionLookups): AdmissionPlugin {
  const refuse = (a: AdmissionAttributes, why: string) => forbiddenError(a.resource, a.name || ((a.object?.metadata?.name ?? a.object?.metadata?.generateName) ?? "Unknown"), why);

  async function existingPod(a: AdmissionAttributes, name: string): Promise<Pod & KubeObject> {
    const pod = await lookups.getPod(a.namespace ?? "", name);
    if (!pod) throw notFound({ group: "", resource: "pods" }, name);
    return pod;
  }

  async function admitPodCreate(a: AdmissionAttributes, nodeName: string): Promise<void> {
    const pod = a.object as Pod & KubeObject;
    if (pod.metadata.annotations?.[MIRROR_POD_ANNOTATION] === undefined) {
      throw refuse(a, `pod does not have "${MIRROR_POD_ANNOTATION}" annotation, node "${nodeName}" can only create mirror pods`);
    }
    if (pod.spec?.nodeName !== nodeName) throw refuse(a, `node "${nodeName}" can only create pods with spec.nodeName set to itself`);
    const owners: OwnerReference[] = pod.metadata.ownerReferences ?? [];
    if (owners.length > 1) throw refuse(a, `node "${nodeName}" can only create pods with a single owner reference set to itself`);
    const owner = owners[0];
    if (!owner || owner.apiVersion !== "v1" || owner.kind !== "Node" || owner.name !== nodeName) {
      throw refuse(a, `node "${nodeName}" can only create pods with an owner reference set to itself`);
    }
    if (!owner.controller) throw refuse(a, `node "${nodeName}" can only create pods with a controller owner reference set to itself`);
    if (owner.blockOwnerDeletion) throw refuse(a, `node "${nodeName}" must not set blockOwnerDeletion on an owner reference`);
    const node = await lookups.getNode(nodeName);
    if (!node) throw notFound({ group: "", resource: "nodes" }, nodeName);
    if (owner.uid !== node.metadata.uid) throw refuse(a, `node ${nodeName} UID mismatch: expected ${owner.uid} got ${node.metadata.uid}`);
    if (pod.spec?.serviceAccountName) throw refuse(a, `node "${nodeName}" can not create pods that reference a service account`);
    if (podSecretNames(pod).size > 0) throw refuse(a, `node "${nodeName}" can not create pods that reference secrets`);
    if (podConfigMapNames(pod).size > 0) throw refuse(a, `node "${nodeName}" can not create pods that reference configmaps`);
    const volumes = pod.spec?.volumes ?? [];
    if (volumes.some((v) => v.projected?.sources?.some((s) => (s as { clusterTrustBundle?: unknown }).clusterTrustBundle))) {
      throw refuse(a, `node "${nodeName}" can not create pods that reference clustertrustbundles`);
    }
    if (volumes.some((v) => v.persistentVolumeClaim)) throw refuse(a, `node "${nodeName}" can not create pods that reference persistentvolumeclaims`);
  }

  async function admitPod(a: AdmissionAttributes, nodeName: string): Promise<void> {
    if (a.operation === "CREATE") return admitPodCreate(a, nodeName);
    if (a.operation === "DELETE") {
      const pod = (a.oldObject as Pod | undefined) ?? (await existingPod(a, a.name));
      if (pod.spec?.nodeName !== nodeName) throw refuse(a, `node "${nodeName}" can only delete pods with spec.nodeName set to itself`);
      return;
    }
    throw refuse(a, `unexpected operation "${a.operation}", node "${nodeName}" can only create and delete mirror pods`);
  }

  function admitPodStatus(a: AdmissionAttributes, nodeName: string): void {
    if (a.operation !== "UPDATE") throw refuse(a, `unexpected operation "${a.operation}"`);
    const old = a.oldObject as Pod;
    const pod = a.object as Pod;
    if (old.spec?.nodeName !== nodeName) throw refuse(a, `node "${nodeName}" can only update pod status for pods with spec.nodeName set to itself`);
    if (!same(old.metadata?.labels ?? {}, pod.metadata?.labels ?? {})) throw refuse(a, `node "${nodeName}" cannot update labels through pod status`);
    const claims = (p: Pod) => ((p.status as { resourceClaimStatuses?: { name: string; resourceClaimName?: string }[] } | undefined)?.resourceClaimStatuses ?? []).map((c) => [c.name, c.resourceClaimName ?? null]);
    if (!same(claims(old), claims(pod))) throw refuse(a, `node "${nodeName}" cannot update resource claim statues`);
  }

  async function admitPodEviction(a: AdmissionAttributes, nodeName: string): Promise<void> {
    if (a.operation !== "CREATE") throw refuse(a, `unexpected operation ${a.operation}`);
    const podName = a.name || a.object?.metadata?.name;
    if (!podName) throw refuse(a, "could not determine pod from request data");
    const pod = await existingPod(a, podName);
    if (pod.spec?.nodeName !== nodeName) throw refuse(a, `node ${nodeName} can only evict pods with spec.nodeName set to itself`);
  }

  function admitNode(a: AdmissionAttributes, nodeName: string): void {
    const requested = a.name || a.object?.metadata?.name || "";
    if (requested !== nodeName) throw refuse(a, `node "${nodeName}" is not allowed to modify node "${requested}"`);
    const node = a.object as Node | undefined;
    if (a.operation === "CREATE" && node) {
      if ((node.spec as { configSource?: unknown } | undefined)?.configSource) throw refuse(a, `node "${nodeName}" is not allowed to create pods with a non-nil configSource`);
      const labels = forbiddenNodeLabels(node.metadata?.labels, undefined);
      if (labels.length) throw refuse(a, `node "${nodeName}" is not allowed to set the following labels: ${labels.join(", ")}`);
    }
    if (a.operation === "UPDATE" && node) {
      const old = a.oldObject as Node;
      const source = (n: Node) => (n.spec as { configSource?: unknown } | undefined)?.configSource;
      if (source(node) && !same(source(node), source(old))) throw refuse(a, `node "${nodeName}" is not allowed to update configSource to a new non-nil configSource`);
      if (!same(node.spec?.taints?.length ? node.spec.taints : null, old.spec?.taints?.length ? old.spec.taints : null)) throw refuse(a, `node "${nodeName}" is not allowed to modify taints`);
      const labels = forbiddenNodeLabels(node.metadata?.labels, old.metadata?.labels);
      if (labels.length) throw refuse(a, `is not allowed to modify labels: ${labels.join(", ")}`);
    }
  }

  function admitPVCStatus(a: AdmissionAttributes, nodeName: string): void {
    if (a.subresource !== "status") throw refuse(a, "may only update PVC status");
    if (a.operation !== "UPDATE") throw refuse(a, `unexpected operation "${a.operation}"`);
    // Only capacity and conditions may change: nothing in metadata, spec or the rest of status.
    const comparable = (p: PersistentVolumeClaim & KubeObject) => {
      const { resourceVersion: _rv, managedFields: _mf, ...metadata } = p.metadata ?? {};
      const { capacity: _c, conditions: _cond, ...status } = p.status ?? {};
      return { metadata, spec: p.spec, status };
    };
    if (!same(comparable(a.oldObject as PersistentVolumeClaim & KubeObject), comparable(a.object as PersistentVolumeClaim & KubeObject))) {
      throw refuse(a, `node "${nodeName}" is not allowed to update fields other than status.capacity and status.conditions`);
    }
  }

  async function admitServiceAccount(a: AdmissionAttributes, nodeName: string): Promise<void> {
    if (a.operation !== "CREATE" || a.subresource !== "token") return;
    const ref = (a.object as { spec?: { boundObjectRef?: { apiVersion?: string; kind?: string; name?: string; uid?: string } } } | undefined)?.spec?.boundObjectRef;
    if (!ref || ref.apiVersion !== "v1" || ref.kind !== "Pod" || !ref.name) throw refuse(a, "node requested token not bound to a pod");
    if (!ref.uid) throw refuse(a, "node requested token with a pod binding without a uid");
    const pod = await existingPod(a, ref.name);
    if (ref.uid !== pod.metadata.uid) {
      throw refuse(a, `the UID in the bound object reference (${ref.uid}) does not match the UID in record. The object might have been deleted and then recreated`);
    }
    if (pod.spec?.nodeName !== nodeName) throw refuse(a, "node requested token bound to a pod scheduled on a different node");
  }

  function admitOwnNamed(a: AdmissionAttributes, nodeName: string, what: string): void {
    const name = a.operation === "CREATE" ? a.object?.metadata?.name : a.name;
    if (name !== nodeName) throw refuse(a, `can only access ${what} with the same name as the requesting node`);
  }

  return {
    name: "NodeRestriction",
    async admit(a) {
      if (a.operation === "CONNECT" || !a.user) return;
      const node = nodeIdentity(a.user);
      if (!node) return;
      const { nodeName } = node;
      if (!nodeName) throw refuse(a, `could not determine node from user "${a.user.username}"`);
      const gr = `${a.resource.group}/${a.resource.resource}`;
      switch (gr) {
        case "/pods":
          if (!a.subresource) return admitPod(a, nodeName);
          if (a.subresource === "status") return admitPodStatus(a, nodeName);
          if (a.subresource === "eviction") return admitPodEviction(a, nodeName);
          throw refuse(a, `unexpected pod subresource "${a.subresource}", only 'status' and 'eviction' are allowed`);
        case "/nodes":
          return admitNode(a, nodeName);
        case "/persistentvolumeclaims":
          return admitPVCStatus(a, nodeName);
        case "/serviceaccounts":
          return admitServiceAccount(a, nodeName);
        case "coordination.k8s.io/leases":
          if (a.namespace !== NODE_LEASE_NAMESPACE) throw refuse(a, `can only access leases in the "${NODE_LEASE_NAMESPACE}" system namespace`);
          return admitOwnNamed(a, nodeName, "node lease");
        case "storage.k8s.io/csinodes":
          return admitOwnNamed(a, nodeName, "CSINode");
      }
    },
  };
}
