/**
 * kubectl flows that depend on the API server answering exactly as
 * upstream: client-side apply followed by server-side apply (kubectl
 * migrates managedFields itself), raw creates of the wrong kind, and
 * rollout history read from ControllerRevision annotations.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { until } from "./wait.js";

const podYaml = `apiVersion: v1
kind: Pod
metadata:
  name: valid-pod
  labels:
    name: valid-pod
spec:
  containers:
  - name: kubernetes-serve-hostname
    image: registry.k8s.io/serve_hostname
    resources:
      limits:
        cpu: "1"
        memory: 512Mi
`;

const workload = (kind: "DaemonSet" | "StatefulSet", name: string) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: ${name}
  annotations:
    kubernetes.io/change-cause: first rollout of ${name}
spec:
${kind === "StatefulSet" ? "  serviceName: " + name + "\n  replicas: 0\n" : ""}  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: main
        image: nginx:1.25
`;

describe("kubectl flows that need upstream's exact answers", { concurrency: false }, () => {
  let c: TestCluster;
  let dir: string;
  before(async () => {
    c = await startTestCluster();
    dir = mkdtempSync(join(tmpdir(), "skiff-fidelity-"));
    writeFileSync(join(dir, "pod.yaml"), podYaml);
  });
  after(async () => {
    await c?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test("a client-side applied pod moves to server-side apply without conflicts", async () => {
    const file = join(dir, "pod.yaml");
    assert.match(await c.k(["apply", "-f", file]), /pod\/valid-pod created/);
    const ssa = await c.kubectl(["apply", "--server-side", "-f", file]);
    assert.equal(ssa.code, 0, ssa.stderr);
    assert.match(ssa.stdout, /pod\/valid-pod serverside-applied/);
    assert.equal(ssa.stderr, "", "no migration warnings");
    const diff = await c.kubectl(["diff", "--server-side", "-f", file]);
    assert.equal(diff.code, 0, diff.stderr + diff.stdout);
    const managers = JSON.parse(await c.k(["get", "pod", "valid-pod", "-o", "jsonpath={.metadata.managedFields}"])) as { manager: string; operation: string }[];
    assert.ok(managers.some((m) => m.manager === "kubectl" && m.operation === "Apply"));
    assert.ok(!managers.some((m) => m.manager === "kubectl-client-side-apply"), "kubectl handed the client-side fields to its apply manager");
  });

  test("posting a pod manifest to namespaces fails as upstream", async () => {
    const r = await c.kubectl(["create", "--raw", "/api/v1/namespaces", "-f", join(dir, "pod.yaml")]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /Error from server \(BadRequest\): the object provided is unrecognized \(must be of type Namespace\): couldn't get version\/kind; json parse error: invalid character 'a' looking for beginning of value \(61706956657273696f6e3a2076310a6b696e643a20506f640a6d65746164 \.\.\.\)/);
  });

  for (const [kind, res] of [["DaemonSet", "ds"], ["StatefulSet", "sts"]] as const) {
    test(`kubectl rollout history ${res} shows the change-cause`, async () => {
      const name = `hist-${res}`;
      await c.k(["apply", "-f", "-"], workload(kind, name));
      const out = await until(`the ${kind}'s first revision exists`, async (seen) => {
        const h = await c.k(["rollout", "history", `${res}/${name}`]);
        seen(h);
        return /^1\s+\S/m.test(h) && h;
      });
      assert.match(out, new RegExp(`^1\\s+first rollout of ${name}$`, "m"));
    });
  }
});
