/**
 * RBAC with the real kubectl: a service account's identity (a client
 * certificate naming system:serviceaccount:team:reader, as its token would)
 * bound to a namespaced Role that reads pods; 403s in upstream's words;
 * `kubectl auth can-i` (and --list) and `kubectl auth whoami`; escalation
 * refused; anonymous requests limited to health and version.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import { parse } from "yaml";
import { issueClientCert, renderKubeconfig } from "../../dist/pki/index.js";
import { rawClient } from "./api-client.js";
import { startTestCluster, type TestCluster } from "./cluster.js";

const READER = "system:serviceaccount:team:reader";

const setup = `
apiVersion: v1
kind: Namespace
metadata: {name: team}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: reader, namespace: team}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: team}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: reader-reads-pods, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects:
- kind: ServiceAccount
  name: reader
  namespace: team
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: role-maker, namespace: team}
rules:
- apiGroups: [rbac.authorization.k8s.io]
  resources: [roles]
  verbs: [create]
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: dev-makes-roles, namespace: team}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: role-maker}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: Group, name: devs}
`;

describe("RBAC with kubectl", { concurrency: false }, () => {
  let c: TestCluster;
  let reader: string;
  let dev: string;
  const as = (kubeconfig: string, args: string[], input?: string) => c.kubectl(["--kubeconfig", kubeconfig, ...args], { input });

  /** A kubeconfig for a user with a client certificate from the cluster CA. */
  async function kubeconfigFor(file: string, commonName: string, organizations: string[]): Promise<string> {
    const pki = join(c.dataDir, "pki");
    const ca = { certPem: readFileSync(join(pki, "ca.crt"), "utf8"), keyPem: readFileSync(join(pki, "ca.key"), "utf8") };
    const pair = await issueClientCert(ca, { commonName, organizations });
    const server = parse(readFileSync(c.kubeconfig, "utf8")).clusters[0].cluster.server as string;
    const path = join(c.dataDir, file);
    writeFileSync(path, renderKubeconfig({ server, caPem: ca.certPem, certPem: pair.certPem, keyPem: pair.keyPem, userName: commonName }), { mode: 0o600 });
    return path;
  }

  before(async () => {
    c = await startTestCluster({ args: ["--authorization-mode", "Node,RBAC"] });
    await c.k(["apply", "-f", "-"], setup);
    await c.k(["run", "web", "-n", "team", "--image=nginx", "--overrides", '{"spec":{"serviceAccountName":"reader"}}']);
    reader = await kubeconfigFor("reader.kubeconfig", READER, ["system:serviceaccounts", "system:serviceaccounts:team"]);
    dev = await kubeconfigFor("dev.kubeconfig", "dev", ["devs"]);
  });
  after(async () => {
    await c?.stop();
  });

  test("the service account lists and gets pods in its namespace", async () => {
    const list = await as(reader, ["get", "pods", "-n", "team", "-o", "name"]);
    assert.deepEqual([list.code, list.stdout.trim()], [0, "pod/web"]);
    assert.equal((await as(reader, ["get", "pod", "web", "-n", "team"])).code, 0);
  });

  test("deleting a pod is forbidden in upstream's words", async () => {
    const r = await as(reader, ["delete", "pod", "web", "-n", "team"]);
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), `Error from server (Forbidden): pods "web" is forbidden: User "${READER}" cannot delete resource "pods" in API group "" in the namespace "team"`);
    assert.equal((await c.k(["get", "pods", "-n", "team", "-o", "name"])).trim(), "pod/web");
  });

  test("other namespaces and cluster-scoped resources are forbidden", async () => {
    const other = await as(reader, ["get", "pods", "-n", "default"]);
    assert.equal(other.stderr.trim(), `Error from server (Forbidden): pods is forbidden: User "${READER}" cannot list resource "pods" in API group "" in the namespace "default"`);
    const nodes = await as(reader, ["get", "nodes"]);
    assert.equal(nodes.stderr.trim(), `Error from server (Forbidden): nodes is forbidden: User "${READER}" cannot list resource "nodes" in API group "" at the cluster scope`);
  });

  test("kubectl auth can-i answers yes and no, with its exit codes", async () => {
    const yes = await as(reader, ["auth", "can-i", "list", "pods", "-n", "team"]);
    assert.deepEqual([yes.code, yes.stdout.trim()], [0, "yes"]);
    const no = await as(reader, ["auth", "can-i", "delete", "pods", "-n", "team"]);
    assert.deepEqual([no.code, no.stdout.trim()], [1, "no"]);
    const elsewhere = await as(reader, ["auth", "can-i", "list", "pods", "-n", "default"]);
    assert.deepEqual([elsewhere.code, elsewhere.stdout.trim()], [1, "no"]);
    const admin = await c.kubectl(["auth", "can-i", "delete", "nodes"]);
    assert.deepEqual([admin.code, admin.stdout.trim()], [0, "yes"]);
  });

  test("kubectl auth can-i --list shows the rules held in the namespace", async () => {
    const out = await as(reader, ["auth", "can-i", "--list", "-n", "team"]);
    assert.equal(out.code, 0);
    const rows = out.stdout.split("\n").map((l) => l.trim().split(/\s{2,}/));
    assert.deepEqual(rows[0], ["Resources", "Non-Resource URLs", "Resource Names", "Verbs"]);
    assert.ok(rows.some((r) => JSON.stringify(r) === JSON.stringify(["pods", "[]", "[]", "[get list watch]"])), out.stdout);
    assert.ok(rows.some((r) => JSON.stringify(r) === JSON.stringify(["selfsubjectaccessreviews.authorization.k8s.io", "[]", "[]", "[create]"])), out.stdout);
    assert.match(out.stdout, /^\s+\[\/healthz\]\s+\[\]\s+\[get\]$/m);
    const none = await as(reader, ["auth", "can-i", "--list", "-n", "default"]);
    assert.ok(!/^pods\s/m.test(none.stdout), none.stdout);
  });

  test("a SubjectAccessReview answers for another user, with RBAC's reason", async () => {
    const review = (verb: string) => JSON.stringify({ apiVersion: "authorization.k8s.io/v1", kind: "SubjectAccessReview", spec: { user: READER, groups: ["system:serviceaccounts", "system:serviceaccounts:team", "system:authenticated"], resourceAttributes: { namespace: "team", verb, resource: "pods" } } });
    const allowed = JSON.parse(await c.k(["create", "-f", "-", "-o", "json"], review("list"))).status;
    assert.deepEqual(allowed, { allowed: true, reason: 'RBAC: allowed by RoleBinding "reader-reads-pods/team" of Role "pod-reader" to ServiceAccount "reader/team"' });
    const denied = JSON.parse(await c.k(["create", "-f", "-", "-o", "json"], review("delete"))).status;
    assert.deepEqual(denied, { allowed: false });
  });

  test("kubectl auth whoami names the user and its groups", async () => {
    const out = await as(reader, ["auth", "whoami", "-o", "json"]);
    assert.equal(out.code, 0, out.stderr);
    const info = JSON.parse(out.stdout).status.userInfo;
    assert.equal(info.username, READER);
    assert.deepEqual([...info.groups].sort(), ["system:authenticated", "system:serviceaccounts", "system:serviceaccounts:team"]);
  });

  test("a Role granting more than its creator holds is refused", async () => {
    const ok = await as(dev, ["create", "role", "lister", "-n", "team", "--verb=list", "--resource=pods"]);
    assert.equal(ok.code, 0, ok.stderr);
    const r = await as(dev, ["create", "role", "deleter", "-n", "team", "--verb=delete", "--resource=pods"]);
    assert.equal(r.code, 1);
    assert.match(
      r.stderr,
      /roles\.rbac\.authorization\.k8s\.io "deleter" is forbidden: user "dev" \(groups=\["devs" "system:authenticated"\]\) is attempting to grant RBAC permissions not currently held:\n\{APIGroups:\[""\], Resources:\["pods"\], Verbs:\["delete"\]\}/,
    );
  });

  test("anonymous requests read health and version only", async () => {
    const api = rawClient(c.kubeconfig);
    const pods = await api.request("GET", "/api/v1/namespaces/team/pods", { anonymous: true });
    assert.equal(pods.status, 403);
    assert.deepEqual(pods.json(), {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'pods is forbidden: User "system:anonymous" cannot list resource "pods" in API group "" in the namespace "team"',
      reason: "Forbidden",
      details: { kind: "pods" },
      code: 403,
    });
    for (const p of ["/healthz", "/livez", "/readyz", "/version"]) assert.equal((await api.request("GET", p, { anonymous: true })).status, 200, p);
  });

  test("the default policy is reconciled at the next start: a removed rule comes back", async () => {
    const api = rawClient(c.kubeconfig);
    await c.k(["patch", "clusterrole", "system:public-info-viewer", "--type=json", "-p", '[{"op":"replace","path":"/rules","value":[{"nonResourceURLs":["/healthz"],"verbs":["get"]}]}]']);
    const refused = async () => (await api.request("GET", "/version", { anonymous: true })).status === 403;
    for (let i = 0; !(await refused()); i++) if (i > 100) assert.fail("/version stayed open after its rule was removed");
    await c.restart();
    assert.equal((await rawClient(c.kubeconfig).request("GET", "/version", { anonymous: true })).status, 200);
    const rules = JSON.parse(await c.k(["get", "clusterrole", "system:public-info-viewer", "-o", "json"])).rules as { nonResourceURLs: string[] }[];
    assert.deepEqual(rules.flatMap((r) => r.nonResourceURLs).sort(), ["/healthz", "/livez", "/readyz", "/version", "/version/"]);
  });
});
