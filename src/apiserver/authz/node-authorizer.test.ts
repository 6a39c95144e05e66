import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { PersistentVolume } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import type { AuthorizationAttributes } from "../../api/types.js";
import { nodeRules } from "../../api/rbac/bootstrap-policy.js";
import { createNodeAuthorizer, nodeIdentity } from "./node-authorizer.js";
import { NodeGraph } from "./node-graph.js";
import { podEdges, pvEdges, volumeAttachmentEdges } from "./node-graph-edges.js";

const node = (name: string) => ({ username: `system:node:${name}`, groups: ["system:nodes", "system:authenticated"] });

function pod(name: string, nodeName: string | undefined, spec: Partial<NonNullable<Pod["spec"]>> = {}): Pod {
  return { metadata: { name, namespace: "ns" }, spec: { nodeName, serviceAccountName: "sa-" + name, containers: [{ name: "c", image: "i" }], ...spec } };
}

function graphWith(pods: Pod[], pvs: PersistentVolume[] = []): NodeGraph {
  const g = new NodeGraph();
  for (const p of pods) g.set({ type: "pod", namespace: "ns", name: p.metadata!.name! }, podEdges(p));
  for (const pv of pvs) g.set({ type: "pv", name: pv.metadata!.name! }, pvEdges(pv));
  return g;
}

const usesEverything = pod("web", "n1", {
  imagePullSecrets: [{ name: "pull" }],
  containers: [{ name: "c", image: "i", env: [{ name: "A", valueFrom: { secretKeyRef: { name: "env-secret", key: "k" } } }], envFrom: [{ configMapRef: { name: "env-cm" } }] }],
  initContainers: [{ name: "init", image: "i", env: [{ name: "B", valueFrom: { configMapKeyRef: { name: "init-cm", key: "k" } } }] }],
  volumes: [
    { name: "s", secret: { secretName: "vol-secret" } },
    { name: "p", projected: { sources: [{ secret: { name: "proj-secret" } }, { configMap: { name: "proj-cm" } }] } },
    { name: "claim", persistentVolumeClaim: { claimName: "data" } },
    { name: "scratch", ephemeral: { volumeClaimTemplate: { spec: {} } } },
  ],
  resourceClaims: [{ name: "gpu", resourceClaimName: "gpu-claim" }],
} as unknown as Partial<NonNullable<Pod["spec"]>>);
const boundPV: PersistentVolume = { metadata: { name: "pv-1" }, spec: { claimRef: { namespace: "ns", name: "data" }, csi: { driver: "d", volumeHandle: "h", nodePublishSecretRef: { namespace: "ns", name: "csi-secret" } } } };
const graph = graphWith([usesEverything, pod("other", "n2", { volumes: [{ name: "s", secret: { secretName: "n2-secret" } }] }), pod("pending", undefined, { volumes: [{ name: "s", secret: { secretName: "pending-secret" } }] })], [boundPV]);
const authorizer = createNodeAuthorizer({ graph, nodeRules: nodeRules() });

type Res = NonNullable<AuthorizationAttributes["resource"]>;
const req = (user: string, verb: string, resource: Partial<Res> & { resource: string }): AuthorizationAttributes => ({ user: node(user), verb, resource: { group: "", ...resource } });
const noRelation = (n: string) => `no relationship found between node '${n}' and this object`;

describe("Node authorizer", () => {
  const cases: [string, AuthorizationAttributes, boolean, string][] = [
    ["a secret in a secret volume of its pod", req("n1", "get", { resource: "secrets", namespace: "ns", name: "vol-secret" }), true, ""],
    ["an image pull secret", req("n1", "get", { resource: "secrets", namespace: "ns", name: "pull" }), true, ""],
    ["an env secret, by list (single-object watch)", req("n1", "list", { resource: "secrets", namespace: "ns", name: "env-secret" }), true, ""],
    ["a projected secret, by watch", req("n1", "watch", { resource: "secrets", namespace: "ns", name: "proj-secret" }), true, ""],
    ["an envFrom configmap", req("n1", "get", { resource: "configmaps", namespace: "ns", name: "env-cm" }), true, ""],
    ["an init container's configmap", req("n1", "get", { resource: "configmaps", namespace: "ns", name: "init-cm" }), true, ""],
    ["a projected configmap", req("n1", "get", { resource: "configmaps", namespace: "ns", name: "proj-cm" }), true, ""],
    ["its pod's claim", req("n1", "get", { resource: "persistentvolumeclaims", namespace: "ns", name: "data" }), true, ""],
    ["an ephemeral volume's claim", req("n1", "get", { resource: "persistentvolumeclaims", namespace: "ns", name: "web-scratch" }), true, ""],
    ["the PV bound to its claim", req("n1", "get", { resource: "persistentvolumes", name: "pv-1" }), true, ""],
    ["the PV's CSI secret", req("n1", "get", { resource: "secrets", namespace: "ns", name: "csi-secret" }), true, ""],
    ["its pod's resource claim", req("n1", "get", { group: "resource.k8s.io", resource: "resourceclaims", namespace: "ns", name: "gpu-claim" }), true, ""],
    ["a token for its pod's service account", req("n1", "create", { resource: "serviceaccounts", subresource: "token", namespace: "ns", name: "sa-web" }), true, ""],
    ["its claim's status", req("n1", "patch", { resource: "persistentvolumeclaims", subresource: "status", namespace: "ns", name: "data" }), true, ""],
    ["another node's pod's secret", req("n1", "get", { resource: "secrets", namespace: "ns", name: "n2-secret" }), false, noRelation("n1")],
    ["an unscheduled pod's secret", req("n1", "get", { resource: "secrets", namespace: "ns", name: "pending-secret" }), false, noRelation("n1")],
    ["an unrelated secret", req("n2", "get", { resource: "secrets", namespace: "ns", name: "vol-secret" }), false, noRelation("n2")],
    ["a token for another pod's account", req("n2", "create", { resource: "serviceaccounts", subresource: "token", namespace: "ns", name: "sa-web" }), false, noRelation("n2")],
    ["listing all secrets", req("n1", "list", { resource: "secrets", namespace: "ns" }), false, "No Object name found"],
    ["writing a secret", req("n1", "update", { resource: "secrets", namespace: "ns", name: "vol-secret" }), false, "can only read resources of this type"],
    ["a cluster-wide secret read", req("n1", "list", { resource: "secrets" }), false, "can only read namespaced object of this type"],
    ["listing PVs", req("n1", "list", { resource: "persistentvolumes" }), false, "can only get individual resources of this type"],
    ["a serviceaccount itself", req("n1", "get", { resource: "serviceaccounts", namespace: "ns", name: "sa-web" }), false, "can only create tokens for individual service accounts"],
    ["its own lease", req("n1", "update", { group: "coordination.k8s.io", resource: "leases", namespace: "kube-node-lease", name: "n1" }), true, ""],
    ["creating a lease (name checked by admission)", req("n1", "create", { group: "coordination.k8s.io", resource: "leases", namespace: "kube-node-lease" }), true, ""],
    ["another node's lease", req("n1", "get", { group: "coordination.k8s.io", resource: "leases", namespace: "kube-node-lease", name: "n2" }), false, "can only access node lease with the same name as the requesting node"],
    ["a lease elsewhere", req("n1", "get", { group: "coordination.k8s.io", resource: "leases", namespace: "kube-system", name: "n1" }), false, 'can only access leases in the "kube-node-lease" system namespace'],
    ["listing leases", req("n1", "list", { group: "coordination.k8s.io", resource: "leases", namespace: "kube-node-lease" }), false, "can only get, create, update, patch, or delete a node lease"],
    ["another node's CSINode", req("n1", "get", { group: "storage.k8s.io", resource: "csinodes", name: "n2" }), false, "can only access CSINode with the same name as the requesting node"],
    ["reading pods (the system:node rules)", req("n1", "list", { resource: "pods" }), true, ""],
    ["patching pod status (the rules; NodeRestriction narrows)", req("n1", "patch", { resource: "pods", subresource: "status", namespace: "ns", name: "other" }), true, ""],
    ["something outside the rules", req("n1", "create", { group: "apps", resource: "deployments", namespace: "ns" }), false, ""],
  ];
  for (const [name, attrs, allowed, reason] of cases) {
    it(`${allowed ? "allows" : "has no opinion on"} ${name}`, async () => {
      const d = await authorizer.authorize(attrs);
      assert.equal(d.allowed, allowed);
      assert.equal(d.reason, reason);
    });
  }

  it("has no opinion on users that are not nodes", async () => {
    const d = await authorizer.authorize({ user: { username: "system:node:n1", groups: ["system:authenticated"] }, verb: "get", resource: { group: "", resource: "secrets", namespace: "ns", name: "vol-secret" } });
    assert.deepEqual(d, { allowed: false, reason: "" });
    assert.equal(nodeIdentity({ username: "alice", groups: ["system:nodes"] }), undefined);
  });

  it("refuses a node it cannot name", async () => {
    const d = await authorizer.authorize({ user: { username: "system:node:", groups: ["system:nodes"] }, verb: "get", resource: { group: "", resource: "pods" } });
    assert.deepEqual(d, { allowed: false, reason: 'unknown node for user "system:node:"' });
  });

  it("says a node's rules cannot be listed", async () => {
    assert.equal((await authorizer.rulesFor(node("n1"), "ns")).incomplete, true);
    assert.equal((await authorizer.rulesFor({ username: "bob", groups: [] }, "ns")).incomplete, false);
  });
});

describe("Node graph", () => {
  it("follows a pod that moves, changes its references and goes away", () => {
    const g = new NodeGraph();
    const owner = { type: "pod" as const, namespace: "ns", name: "web" };
    const secret = { type: "secret" as const, namespace: "ns", name: "s" };
    g.set(owner, podEdges(pod("web", "n1", { volumes: [{ name: "v", secret: { secretName: "s" } }] })));
    assert.equal(g.hasPath(secret, "n1"), true);
    g.set(owner, podEdges(pod("web", "n1", { volumes: [{ name: "v", secret: { secretName: "t" } }] })));
    assert.equal(g.hasPath(secret, "n1"), false);
    assert.equal(g.hasPath({ ...secret, name: "t" }, "n1"), true);
    g.remove(owner);
    assert.equal(g.hasPath({ ...secret, name: "t" }, "n1"), false);
    assert.equal(g.ownerCount, 0);
  });

  it("keeps a secret reachable while any pod on the node still uses it", () => {
    const g = new NodeGraph();
    const secret = { type: "secret" as const, namespace: "ns", name: "shared" };
    const uses = (name: string) => pod(name, "n1", { volumes: [{ name: "v", secret: { secretName: "shared" } }] });
    g.set({ type: "pod", namespace: "ns", name: "a" }, podEdges(uses("a")));
    g.set({ type: "pod", namespace: "ns", name: "b" }, podEdges(uses("b")));
    g.remove({ type: "pod", namespace: "ns", name: "a" });
    assert.equal(g.hasPath(secret, "n1"), true);
    g.remove({ type: "pod", namespace: "ns", name: "b" });
    assert.equal(g.hasPath(secret, "n1"), false);
  });

  it("does not walk through one node to reach another", () => {
    const g = new NodeGraph();
    g.set({ type: "volumeattachment", name: "va" }, volumeAttachmentEdges({ metadata: { name: "va" }, spec: { nodeName: "n1" } }));
    assert.equal(g.hasPath({ type: "volumeattachment", name: "va" }, "n1"), true);
    assert.equal(g.hasPath({ type: "volumeattachment", name: "va" }, "n2"), false);
  });

  it("answers for an account shared by pods on many nodes, and forgets a node once its last pod goes", () => {
    const g = new NodeGraph();
    const account = { type: "serviceaccount" as const, namespace: "ns", name: "shared" };
    for (let i = 0; i < 50; i++) g.set({ type: "pod", namespace: "ns", name: `p${i}` }, podEdges(pod(`p${i}`, `n${i % 5}`, { serviceAccountName: "shared" })));
    for (let n = 0; n < 5; n++) assert.equal(g.hasPath(account, `n${n}`), true);
    assert.equal(g.hasPath(account, "n5"), false);
    for (let i = 0; i < 50; i += 5) g.remove({ type: "pod", namespace: "ns", name: `p${i}` });
    assert.equal(g.hasPath(account, "n0"), false);
    assert.equal(g.hasPath(account, "n1"), true);
  });

  it("keeps a pod's edges when an event leaves them unchanged, and moves them when it does not", () => {
    const g = new NodeGraph();
    const owner = { type: "pod" as const, namespace: "ns", name: "web" };
    const cm = { type: "configmap" as const, namespace: "ns", name: "c" };
    const uses = (nodeName: string) => pod("web", nodeName, { volumes: [{ name: "v", configMap: { name: "c" } }] });
    g.set(owner, podEdges(uses("n1")));
    g.set(owner, podEdges(uses("n1")));
    assert.equal(g.hasPath(cm, "n1"), true);
    g.remove(owner);
    assert.equal(g.hasPath(cm, "n1"), false, "a repeated set must not count the edges twice");
    g.set(owner, podEdges(uses("n1")));
    g.set(owner, podEdges(uses("n2")));
    assert.equal(g.hasPath(cm, "n1"), false);
    assert.equal(g.hasPath(cm, "n2"), true);
    assert.equal(g.hasPath(owner, "n2"), true);
  });

  it("walks from a PV's secret through the PV and its claim to the node of the pod using the claim", () => {
    const g = graphWith(
      [pod("db", "n1", { volumes: [{ name: "d", persistentVolumeClaim: { claimName: "data" } }] })],
      [{ metadata: { name: "pv1" }, spec: { claimRef: { namespace: "ns", name: "data" }, csi: { driver: "d", volumeHandle: "h", nodePublishSecretRef: { namespace: "ns", name: "csi-secret" } } } }],
    );
    assert.equal(g.hasPath({ type: "secret", namespace: "ns", name: "csi-secret" }, "n1"), true);
    assert.equal(g.hasPath({ type: "pv", name: "pv1" }, "n1"), true);
    assert.equal(g.hasPath({ type: "pv", name: "pv1" }, "n2"), false);
    assert.equal(g.hasPath({ type: "secret", namespace: "ns", name: "csi-secret" }, "n2"), false);
  });

  it("links an unbound PV to nothing", () => {
    assert.deepEqual(pvEdges({ metadata: { name: "free" }, spec: {} }), []);
  });
});
