/**
 * A kubelet's identity against a running `skiff up` with the default
 * --authorization-mode=Node,RBAC: a client certificate for
 * system:node:node-1 (group system:nodes), issued by the data directory's
 * CA, reads what pods bound to node-1 use and reports their status, and is
 * refused, with upstream's messages, what belongs to node-2 or to no pod
 * of its own (Node authorizer, then NodeRestriction admission).
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { issueClientCert, renderKubeconfig } from "../../dist/pki/index.js";
import { rawClient, type RawClient, type RawResponse } from "./api-client.js";
import { startTestCluster, type TestCluster } from "./cluster.js";

const json = (o: unknown) => JSON.stringify(o);
const pod = (name: string, nodeName: string, secret: string) => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { nodeName, containers: [{ name: "app", image: "nginx" }], volumes: [{ name: "creds", secret: { secretName: secret } }] },
});
const secret = (name: string) => ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "default" }, stringData: { k: "v" } });
const node = (name: string) => ({ apiVersion: "v1", kind: "Node", metadata: { name } });
const lease = (name: string) => ({ apiVersion: "coordination.k8s.io/v1", kind: "Lease", metadata: { name, namespace: "kube-node-lease" }, spec: { holderIdentity: name, leaseDurationSeconds: 40 } });

function assertForbidden(res: RawResponse, message: string): void {
  assert.equal(res.status, 403, res.body);
  const status = res.json<{ reason: string; message: string; code: number }>();
  assert.equal(status.reason, "Forbidden");
  assert.equal(status.code, 403);
  assert.equal(status.message, message);
}

describe("A kubelet's identity under Node,RBAC", () => {
  let cluster: TestCluster;
  let admin: RawClient;
  let kubelet: RawClient;

  before(async () => {
    cluster = await startTestCluster();
    admin = rawClient(cluster.kubeconfig);
    const post = async (path: string, body: unknown) => {
      const res = await admin.request("POST", path, { body: json(body), headers: { "content-type": "application/json" } });
      assert.equal(res.status, 201, res.body);
    };
    for (const n of ["node-1", "node-2"]) await post("/api/v1/nodes", node(n));
    for (const n of ["node-1", "node-2"]) await post("/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases", lease(n));
    for (const s of ["mine", "theirs", "unused"]) await post("/api/v1/namespaces/default/secrets", secret(s));
    await post("/api/v1/namespaces/default/pods", pod("p1", "node-1", "mine"));
    await post("/api/v1/namespaces/default/pods", pod("p2", "node-2", "theirs"));
    const ca = { certPem: readFileSync(join(cluster.dataDir, "pki", "ca.crt"), "utf8"), keyPem: readFileSync(join(cluster.dataDir, "pki", "ca.key"), "utf8") };
    const cert = await issueClientCert(ca, { commonName: "system:node:node-1", organizations: ["system:nodes"] });
    const path = join(cluster.dataDir, "kubelet-node-1.kubeconfig");
    writeFileSync(path, renderKubeconfig({ server: admin.server, caPem: ca.certPem, certPem: cert.certPem, keyPem: cert.keyPem, userName: "system:node:node-1" }));
    kubelet = rawClient(path);
  });
  after(async () => {
    await cluster?.stop();
  });

  test("reads its pod and the secret that pod mounts, and patches the pod's status", async () => {
    assert.equal((await kubelet.request("GET", "/api/v1/namespaces/default/pods/p1")).status, 200);
    const got = await kubelet.request("GET", "/api/v1/namespaces/default/secrets/mine");
    assert.equal(got.status, 200, got.body);
    const patch = { status: { conditions: [{ type: "Ready", status: "False", reason: "Testing" }] } };
    const res = await kubelet.request("PATCH", "/api/v1/namespaces/default/pods/p1/status", { body: json(patch), headers: { "content-type": "application/strategic-merge-patch+json" } });
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json<{ status: { conditions: { reason?: string }[] } }>().status.conditions.find((c) => c.reason === "Testing")?.reason, "Testing");
  });

  test("is refused the status of a pod bound to node-2", async () => {
    const res = await kubelet.request("PATCH", "/api/v1/namespaces/default/pods/p2/status", { body: json({ status: { phase: "Failed" } }), headers: { "content-type": "application/strategic-merge-patch+json" } });
    assertForbidden(res, 'pods "p2" is forbidden: node "node-1" can only update pod status for pods with spec.nodeName set to itself');
  });

  test("is refused secrets its pods do not use, including node-2's pod's", async () => {
    for (const name of ["unused", "theirs"]) {
      assertForbidden(
        await kubelet.request("GET", `/api/v1/namespaces/default/secrets/${name}`),
        `secrets "${name}" is forbidden: User "system:node:node-1" cannot get resource "secrets" in API group "" in the namespace "default": no relationship found between node 'node-1' and this object`,
      );
    }
  });

  test("is refused another node's Node and Lease", async () => {
    const res = await kubelet.request("PATCH", "/api/v1/nodes/node-2", { body: json({ metadata: { labels: { hijacked: "true" } } }), headers: { "content-type": "application/merge-patch+json" } });
    assertForbidden(res, 'nodes "node-2" is forbidden: node "node-1" is not allowed to modify node "node-2"');
    assertForbidden(
      await kubelet.request("GET", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-2"),
      'leases.coordination.k8s.io "node-2" is forbidden: User "system:node:node-1" cannot get resource "leases" in API group "coordination.k8s.io" in the namespace "kube-node-lease": can only access node lease with the same name as the requesting node',
    );
    assert.equal((await kubelet.request("GET", "/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/node-1")).status, 200);
  });
});
