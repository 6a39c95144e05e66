import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Node } from "kubernetes-types/core/v1.js";
import { isApiError } from "../../api/errors.js";
import type { KubeObject, UserInfo } from "../../api/types.js";
import type { Pod } from "../../api/core/pod-types.js";
import { createNodeRestriction, forbiddenNodeLabels } from "./node-restriction.js";
import type { AdmissionAttributes } from "./types.js";

const n1: UserInfo = { username: "system:node:n1", groups: ["system:nodes", "system:authenticated"] };
const podOn = (name: string, nodeName: string, extra: Partial<Pod> = {}): Pod & KubeObject =>
  ({ metadata: { name, namespace: "ns", uid: `uid-${name}`, labels: { app: "web" } }, spec: { nodeName, containers: [{ name: "c", image: "i" }] }, ...extra }) as Pod & KubeObject;
const pods: Record<string, Pod & KubeObject> = { mine: podOn("mine", "n1"), theirs: podOn("theirs", "n2") };
const nodes: Record<string, Node & KubeObject> = { n1: { metadata: { name: "n1", uid: "node-uid-1" } } };
const plugin = createNodeRestriction({ getPod: async (_ns, name) => pods[name], getNode: async (name) => nodes[name] });

const attrs = (a: Partial<AdmissionAttributes> & Pick<AdmissionAttributes, "operation" | "resource">): AdmissionAttributes => ({ kind: "", name: "", namespace: "ns", user: n1, dryRun: false, ...a });
const PODS = { group: "", resource: "pods" };
const NODES = { group: "", resource: "nodes" };
const LEASES = { group: "coordination.k8s.io", resource: "leases" };
const SAS = { group: "", resource: "serviceaccounts" };

const mirror = (over: Partial<Pod["spec"]> = {}, owner: Record<string, unknown> = {}): KubeObject =>
  ({
    metadata: { name: "static-n1", namespace: "ns", annotations: { "kubernetes.io/config.mirror": "hash" }, ownerReferences: [{ apiVersion: "v1", kind: "Node", name: "n1", uid: "node-uid-1", controller: true, ...owner }] },
    spec: { nodeName: "n1", containers: [{ name: "c", image: "i" }], ...over },
  }) as KubeObject;
const withStatus = (p: Pod & KubeObject, labels?: Record<string, string>): KubeObject => ({ ...p, metadata: { ...p.metadata, labels: labels ?? p.metadata.labels }, status: { phase: "Running" } }) as KubeObject;
const node = (labels: Record<string, string>, taints?: { key: string; effect: string }[]): KubeObject => ({ metadata: { name: "n1", labels }, spec: taints ? { taints } : {} }) as KubeObject;
const token = (ref: Record<string, string> | undefined): KubeObject => ({ metadata: {}, spec: { audiences: [], boundObjectRef: ref } }) as unknown as KubeObject;

describe("NodeRestriction", () => {
  const cases: [string, AdmissionAttributes, string | undefined][] = [
    ["a mirror pod bound to itself", attrs({ operation: "CREATE", resource: PODS, name: "static-n1", object: mirror() }), undefined],
    ["a pod that is not a mirror pod", attrs({ operation: "CREATE", resource: PODS, name: "p", object: { metadata: { name: "p" }, spec: { nodeName: "n1" } } as KubeObject }), 'pods "p" is forbidden: pod does not have "kubernetes.io/config.mirror" annotation, node "n1" can only create mirror pods'],
    ["a mirror pod bound elsewhere", attrs({ operation: "CREATE", resource: PODS, name: "static-n1", object: mirror({ nodeName: "n2" }) }), 'pods "static-n1" is forbidden: node "n1" can only create pods with spec.nodeName set to itself'],
    ["a mirror pod owned by another node", attrs({ operation: "CREATE", resource: PODS, name: "static-n1", object: mirror({}, { name: "n2" }) }), 'pods "static-n1" is forbidden: node "n1" can only create pods with an owner reference set to itself'],
    ["a mirror pod with a stale node uid", attrs({ operation: "CREATE", resource: PODS, name: "static-n1", object: mirror({}, { uid: "old" }) }), 'pods "static-n1" is forbidden: node n1 UID mismatch: expected old got node-uid-1'],
    ["a mirror pod using a secret", attrs({ operation: "CREATE", resource: PODS, name: "static-n1", object: mirror({ volumes: [{ name: "v", secret: { secretName: "s" } }] }) }), 'pods "static-n1" is forbidden: node "n1" can not create pods that reference secrets'],
    ["a mirror pod with a service account", attrs({ operation: "CREATE", resource: PODS, name: "static-n1", object: mirror({ serviceAccountName: "default" }) }), 'pods "static-n1" is forbidden: node "n1" can not create pods that reference a service account'],
    ["deleting its own pod", attrs({ operation: "DELETE", resource: PODS, name: "mine", oldObject: pods.mine }), undefined],
    ["deleting another node's pod", attrs({ operation: "DELETE", resource: PODS, name: "theirs", oldObject: pods.theirs }), 'pods "theirs" is forbidden: node "n1" can only delete pods with spec.nodeName set to itself'],
    ["updating a pod", attrs({ operation: "UPDATE", resource: PODS, name: "mine", object: pods.mine, oldObject: pods.mine }), 'pods "mine" is forbidden: unexpected operation "UPDATE", node "n1" can only create and delete mirror pods'],
    ["status of its own pod", attrs({ operation: "UPDATE", resource: PODS, subresource: "status", name: "mine", object: withStatus(pods.mine), oldObject: pods.mine }), undefined],
    ["status of another node's pod", attrs({ operation: "UPDATE", resource: PODS, subresource: "status", name: "theirs", object: withStatus(pods.theirs), oldObject: pods.theirs }), 'pods "theirs" is forbidden: node "n1" can only update pod status for pods with spec.nodeName set to itself'],
    ["labels through pod status", attrs({ operation: "UPDATE", resource: PODS, subresource: "status", name: "mine", object: withStatus(pods.mine, { app: "evil" }), oldObject: pods.mine }), 'pods "mine" is forbidden: node "n1" cannot update labels through pod status'],
    ["another pod subresource", attrs({ operation: "UPDATE", resource: PODS, subresource: "ephemeralcontainers", name: "mine", object: pods.mine, oldObject: pods.mine }), `pods "mine" is forbidden: unexpected pod subresource "ephemeralcontainers", only 'status' and 'eviction' are allowed`],
    ["evicting its own pod", attrs({ operation: "CREATE", resource: PODS, subresource: "eviction", name: "mine", object: { metadata: { name: "mine" } } as KubeObject }), undefined],
    ["evicting another node's pod", attrs({ operation: "CREATE", resource: PODS, subresource: "eviction", name: "theirs", object: { metadata: { name: "theirs" } } as KubeObject }), 'pods "theirs" is forbidden: node n1 can only evict pods with spec.nodeName set to itself'],
    ["registering itself with kubelet labels", attrs({ operation: "CREATE", resource: NODES, name: "n1", object: node({ "kubernetes.io/hostname": "n1", "node.kubernetes.io/instance-type": "m", "example.com/x": "y" }) }), undefined],
    ["registering with a node-role label", attrs({ operation: "CREATE", resource: NODES, name: "n1", object: node({ "node-role.kubernetes.io/control-plane": "", "node-restriction.kubernetes.io/pool": "a" }) }), 'nodes "n1" is forbidden: node "n1" is not allowed to set the following labels: node-restriction.kubernetes.io/pool, node-role.kubernetes.io/control-plane'],
    ["another node's Node", attrs({ operation: "UPDATE", resource: NODES, name: "n2", object: node({}), oldObject: node({}) }), 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"'],
    ["deleting another node's Node", attrs({ operation: "DELETE", resource: NODES, name: "n2", oldObject: node({}) }), 'nodes "n2" is forbidden: node "n1" is not allowed to modify node "n2"'],
    ["its own taints", attrs({ operation: "UPDATE", resource: NODES, name: "n1", object: node({}), oldObject: node({}, [{ key: "k", effect: "NoSchedule" }]) }), 'nodes "n1" is forbidden: node "n1" is not allowed to modify taints'],
    ["its own labels outside the kubelet's", attrs({ operation: "UPDATE", resource: NODES, name: "n1", object: node({ "kubernetes.io/hostname": "n1", "k8s.io/x": "1" }), oldObject: node({ "kubernetes.io/hostname": "n1" }) }), 'nodes "n1" is forbidden: is not allowed to modify labels: k8s.io/x'],
    ["its own status and kubelet labels", attrs({ operation: "UPDATE", resource: NODES, name: "n1", object: node({ "kubernetes.io/arch": "arm64" }), oldObject: node({ "kubernetes.io/arch": "amd64" }) }), undefined],
    ["creating its own lease", attrs({ operation: "CREATE", resource: LEASES, namespace: "kube-node-lease", name: "n1", object: { metadata: { name: "n1" } } as KubeObject }), undefined],
    ["creating another node's lease", attrs({ operation: "CREATE", resource: LEASES, namespace: "kube-node-lease", name: "n2", object: { metadata: { name: "n2" } } as KubeObject }), 'leases.coordination.k8s.io "n2" is forbidden: can only access node lease with the same name as the requesting node'],
    ["updating another node's lease", attrs({ operation: "UPDATE", resource: LEASES, namespace: "kube-node-lease", name: "n2", object: { metadata: { name: "n2" } } as KubeObject }), 'leases.coordination.k8s.io "n2" is forbidden: can only access node lease with the same name as the requesting node'],
    ["a lease in another namespace", attrs({ operation: "UPDATE", resource: LEASES, namespace: "kube-system", name: "n1", object: { metadata: { name: "n1" } } as KubeObject }), 'leases.coordination.k8s.io "n1" is forbidden: can only access leases in the "kube-node-lease" system namespace'],
    ["a token bound to its own pod", attrs({ operation: "CREATE", resource: SAS, subresource: "token", name: "default", object: token({ apiVersion: "v1", kind: "Pod", name: "mine", uid: "uid-mine" }) }), undefined],
    ["an unbound token", attrs({ operation: "CREATE", resource: SAS, subresource: "token", name: "default", object: token(undefined) }), 'serviceaccounts "default" is forbidden: node requested token not bound to a pod'],
    ["a token bound to another node's pod", attrs({ operation: "CREATE", resource: SAS, subresource: "token", name: "default", object: token({ apiVersion: "v1", kind: "Pod", name: "theirs", uid: "uid-theirs" }) }), 'serviceaccounts "default" is forbidden: node requested token bound to a pod scheduled on a different node'],
    ["a token with a stale pod uid", attrs({ operation: "CREATE", resource: SAS, subresource: "token", name: "default", object: token({ apiVersion: "v1", kind: "Pod", name: "mine", uid: "gone" }) }), 'serviceaccounts "default" is forbidden: the UID in the bound object reference (gone) does not match the UID in record. The object might have been deleted and then recreated'],
    ["writing a PVC", attrs({ operation: "UPDATE", resource: { group: "", resource: "persistentvolumeclaims" }, name: "data", object: { metadata: { name: "data" } } as KubeObject, oldObject: { metadata: { name: "data" } } as KubeObject }), 'persistentvolumeclaims "data" is forbidden: may only update PVC status'],
    ["anything else", attrs({ operation: "CREATE", resource: { group: "", resource: "events" }, name: "e", object: { metadata: { name: "e" } } as KubeObject }), undefined],
  ];
  for (const [name, a, message] of cases) {
    it(`${message ? "refuses" : "admits"} ${name}`, async () => {
      const run = plugin.admit!(a);
      if (!message) return void (await run);
      await assert.rejects(run, (err: unknown) => isApiError(err) && err.code === 403 && err.reason === "Forbidden" && err.message === message);
    });
  }

  it("answers NotFound for an eviction of a pod that does not exist", async () => {
    await assert.rejects(plugin.admit!(attrs({ operation: "CREATE", resource: PODS, subresource: "eviction", name: "nope", object: { metadata: { name: "nope" } } as KubeObject })), (err: unknown) => isApiError(err) && err.code === 404);
  });

  it("leaves users that are not nodes alone", async () => {
    await plugin.admit!(attrs({ operation: "UPDATE", resource: NODES, name: "n2", object: node({}), oldObject: node({}, [{ key: "k", effect: "NoSchedule" }]), user: { username: "admin", groups: ["system:masters"] } }));
  });

  it("lists changed, added and removed labels outside the kubelet's set, sorted", () => {
    assert.deepEqual(forbiddenNodeLabels({ "b.k8s.io/x": "1", "kubelet.kubernetes.io/y": "2", plain: "1" }, { "a.kubernetes.io/z": "0" }), ["a.kubernetes.io/z", "b.k8s.io/x"]);
  });
});
