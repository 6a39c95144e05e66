/**
 * The built-in admission chain through the real kubectl: PodSecurity
 * enforce and warn from namespace labels (workloads warned about, not
 * refused), a LimitRange defaulting and
 * refusing, a ResourceQuota refusing, and the default ServiceAccount's
 * imagePullSecrets copied into new pods.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { getJson, untilKubectl } from "./wait.js";

const pod = (name: string, container: Record<string, unknown> = {}, spec: Record<string, unknown> = {}) =>
  JSON.stringify({ apiVersion: "v1", kind: "Pod", metadata: { name }, spec: { containers: [{ name: "c", image: "nginx:1.25", ...container }], ...spec } });

const restrictedPod = (name: string) =>
  pod(name, { securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } } }, { securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } } });

describe("admission chain", { concurrency: false }, () => {
  let c: TestCluster;
  before(async () => {
    c = await startTestCluster();
  });
  after(async () => {
    await c?.stop();
  });

  test("a namespace enforcing restricted refuses a privileged pod with upstream's message, and admits a restricted one", async () => {
    await c.k(["create", "namespace", "locked"]);
    await c.k(["label", "namespace", "locked", "pod-security.kubernetes.io/enforce=restricted"]);
    const r = await c.kubectl(["-n", "locked", "create", "-f", "-"], { input: pod("p", { securityContext: { privileged: true } }) });
    assert.equal(r.code, 1);
    assert.equal(
      r.stderr.trim(),
      'Error from server (Forbidden): error when creating "STDIN": pods "p" is forbidden: violates PodSecurity "restricted:latest": privileged (container "c" must not set securityContext.privileged=true), allowPrivilegeEscalation != false (container "c" must set securityContext.allowPrivilegeEscalation=false), unrestricted capabilities (container "c" must set securityContext.capabilities.drop=["ALL"]), runAsNonRoot != true (pod or container "c" must set securityContext.runAsNonRoot=true), seccompProfile (pod or container "c" must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost")',
    );
    const ok = await c.kubectl(["-n", "locked", "create", "-f", "-"], { input: restrictedPod("fine") });
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stderr, "");
  });

  test("warn mode admits and kubectl prints the warning; tightening enforce warns about existing pods", async () => {
    await c.k(["create", "namespace", "watched"]);
    await c.k(["label", "namespace", "watched", "pod-security.kubernetes.io/warn=baseline"]);
    const r = await c.kubectl(["-n", "watched", "create", "-f", "-"], { input: pod("host", {}, { hostNetwork: true }) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.trim(), 'Warning: would violate PodSecurity "baseline:latest": host namespaces (hostNetwork=true)');
    assert.equal(await c.k(["-n", "watched", "get", "pod", "host", "-o", "jsonpath={.metadata.name}"]), "host");
    const label = await c.kubectl(["label", "namespace", "watched", "pod-security.kubernetes.io/enforce=baseline"]);
    assert.equal(label.code, 0, label.stderr);
    assert.equal(label.stderr.trim(), 'Warning: existing pods in namespace "watched" violate the new PodSecurity enforce level "baseline:latest"\nWarning: host: host namespaces');
    const bad = await c.kubectl(["label", "namespace", "watched", "--overwrite", "pod-security.kubernetes.io/enforce=strict"]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /The Namespace "watched" is invalid: metadata\.labels\[pod-security\.kubernetes\.io\/enforce\]: Invalid value: "strict": must be one of privileged, baseline, restricted/);
  });

  test("a Deployment in an enforcing namespace is admitted with a warning for its pod template", async () => {
    await c.k(["create", "namespace", "workloads"]);
    await c.k(["label", "namespace", "workloads", "pod-security.kubernetes.io/enforce=baseline"]);
    const deployment = {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web" },
      spec: { replicas: 0, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "c", image: "nginx:1.25", securityContext: { privileged: true } }] } } },
    };
    const r = await c.kubectl(["-n", "workloads", "create", "-f", "-"], { input: JSON.stringify(deployment) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.trim(), 'Warning: would violate PodSecurity "baseline:latest": privileged (container "c" must not set securityContext.privileged=true)');
  });

  test("a LimitRange fills in defaults and refuses a container over its max", async () => {
    await c.k(["create", "namespace", "limited"]);
    const limitRange = { apiVersion: "v1", kind: "LimitRange", metadata: { name: "cpu" }, spec: { limits: [{ type: "Container", max: { cpu: "1" }, default: { cpu: "500m" }, defaultRequest: { cpu: "100m" } }] } };
    await c.k(["-n", "limited", "create", "-f", "-"], JSON.stringify(limitRange));
    await c.k(["-n", "limited", "create", "-f", "-"], pod("defaulted"));
    const p = await getJson<{ metadata: { annotations: Record<string, string> }; spec: { containers: { resources: unknown }[] } }>(c, ["-n", "limited", "get", "pod", "defaulted"]);
    assert.deepEqual(p.spec.containers[0].resources, { limits: { cpu: "500m" }, requests: { cpu: "100m" } });
    assert.equal(p.metadata.annotations["kubernetes.io/limit-ranger"], "LimitRanger plugin set: cpu request for container c; cpu limit for container c");
    const r = await c.kubectl(["-n", "limited", "create", "-f", "-"], { input: pod("greedy", { resources: { limits: { cpu: "2" } } }) });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'Error from server (Forbidden): error when creating "STDIN": pods "greedy" is forbidden: maximum cpu usage per Container is 1, but limit is 2');
  });

  test("a ResourceQuota refuses the pod past its limit", async () => {
    await c.k(["create", "namespace", "quota"]);
    await c.k(["-n", "quota", "create", "quota", "q", "--hard=pods=2"]);
    await untilKubectl(c, ["-n", "quota", "get", "quota", "q", "-o", "jsonpath={.status.used.pods}"], "the quota is counted", (out) => out === "0");
    await c.k(["-n", "quota", "create", "-f", "-"], pod("one"));
    await c.k(["-n", "quota", "create", "-f", "-"], pod("two"));
    const r = await c.kubectl(["-n", "quota", "create", "-f", "-"], { input: pod("three") });
    assert.equal(r.code, 1);
    assert.equal(r.stderr.trim(), 'Error from server (Forbidden): error when creating "STDIN": pods "three" is forbidden: exceeded quota: q, requested: pods=1, used: pods=2, limited: pods=2');
  });

  test("the default ServiceAccount's imagePullSecrets are copied into new pods", async () => {
    await c.k(["create", "namespace", "pulls"]);
    await untilKubectl(c, ["-n", "pulls", "get", "serviceaccounts", "-o", "name"], "the default service account exists", (out) => out.split("\n").includes("serviceaccount/default"));
    await c.k(["-n", "pulls", "create", "secret", "docker-registry", "regcred", "--docker-server=registry.example.com", "--docker-username=u", "--docker-password=p"]);
    await c.k(["-n", "pulls", "patch", "serviceaccount", "default", "-p", JSON.stringify({ imagePullSecrets: [{ name: "regcred" }] })]);
    await c.k(["-n", "pulls", "create", "-f", "-"], pod("pulled"));
    const p = await getJson<{ spec: { serviceAccountName: string; imagePullSecrets: unknown } }>(c, ["-n", "pulls", "get", "pod", "pulled"]);
    assert.equal(p.spec.serviceAccountName, "default");
    assert.deepEqual(p.spec.imagePullSecrets, [{ name: "regcred" }]);
  });
});

describe("admission plugin flags", { concurrency: false }, () => {
  let c: TestCluster;
  before(async () => {
    c = await startTestCluster({ args: ["--disable-admission-plugins", "PodSecurity,LimitRanger"] });
  });
  after(async () => {
    await c?.stop();
  });

  test("--disable-admission-plugins turns PodSecurity and LimitRanger off", async () => {
    await c.k(["create", "namespace", "open"]);
    await c.k(["label", "namespace", "open", "pod-security.kubernetes.io/enforce=restricted"]);
    await c.k(["-n", "open", "create", "-f", "-"], JSON.stringify({ apiVersion: "v1", kind: "LimitRange", metadata: { name: "cpu" }, spec: { limits: [{ type: "Container", max: { cpu: "1" } }] } }));
    const r = await c.kubectl(["-n", "open", "create", "-f", "-"], { input: pod("free", { securityContext: { privileged: true }, resources: { limits: { cpu: "2" } } }) });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, "");
  });
});
