/**
 * The kubectl core suite: everyday kubectl commands against a running Skiff,
 * with upstream's output. Shared by the SQLite and etcd runs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { TestCluster } from "./cluster.js";
import { configMap, deploymentYaml, serviceYaml } from "./fixtures.js";

export function kubectlCoreSuite(cluster: () => TestCluster): void {
  test("kubectl version shows the server's Kubernetes 1.35 version", async () => {
    const out = await cluster().k(["version"]);
    assert.match(out, /Server Version: v1\.35\.0\+skiff/);
  });

  test("kubectl api-resources lists short names, kinds and scope as upstream", async () => {
    const out = await cluster().k(["api-resources"]);
    assert.match(out, /^pods\s+po\s+v1\s+true\s+Pod$/m);
    assert.match(out, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    assert.match(out, /^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    assert.match(out, /^leases\s+coordination\.k8s\.io\/v1\s+true\s+Lease$/m);
    const wide = await cluster().k(["api-resources", "-o", "wide", "--api-group=apps"]);
    assert.match(wide, /deployments\s+deploy\s+apps\/v1\s+true\s+Deployment\s+create,delete,deletecollection,get,list,patch,update,watch\s+all/);
    const versions = await cluster().k(["api-versions"]);
    for (const gv of ["v1", "apps/v1", "batch/v1", "rbac.authorization.k8s.io/v1", "policy/v1"]) assert.match(versions, new RegExp(`^${gv.replace(/\./g, "\\.")}$`, "m"));
  });

  test("kubectl explain reads the OpenAPI schema", async () => {
    const out = await cluster().k(["explain", "deployment.spec.replicas"]);
    assert.match(out, /GROUP:\s+apps/);
    assert.match(out, /FIELD: replicas <integer>/);
  });

  test("kubectl apply creates, then reports unchanged and configured", async () => {
    const c = cluster();
    assert.match(await c.k(["apply", "-f", "-"], deploymentYaml("web", 2)), /deployment\.apps\/web created/);
    assert.match(await c.k(["apply", "-f", "-"], deploymentYaml("web", 2)), /deployment\.apps\/web unchanged/);
    assert.match(await c.k(["apply", "-f", "-"], deploymentYaml("web", 3)), /deployment\.apps\/web configured/);
    assert.equal(await c.k(["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"]), "3");
    // A second apply merges the containers list by name (strategic merge patch from kubectl).
    await c.k(["apply", "-f", "-"], deploymentYaml("web", 3, "nginx:1.26"));
    assert.equal(await c.k(["get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"]), "nginx:1.26");
    assert.equal(await c.k(["get", "deploy", "web", "-o", "jsonpath={.metadata.generation}"]), "3");
  });

  test("kubectl create and get print upstream's tables", async () => {
    const c = cluster();
    await c.k(["apply", "-f", "-"], serviceYaml("web"));
    const svc = await c.k(["get", "svc", "web"]);
    assert.match(svc, /^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m);
    assert.match(svc, /^web\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP\s+\d+s$/m);
    const deploy = await c.k(["get", "deploy", "-o", "wide"]);
    assert.match(deploy, /^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/m);
    // No node runs in this suite, so the pods stay Pending: nothing is ready or available.
    assert.match(deploy, /^web\s+0\/3\s+\d\s+0\s+\d+s\s+main\s+nginx:1\.26\s+app=web$/m);
    const ns = await c.k(["get", "ns"]);
    for (const n of ["default", "kube-system", "kube-public", "kube-node-lease"]) assert.match(ns, new RegExp(`^${n}\\s+Active\\s+`, "m"));
  });

  test("kubectl get supports -o yaml, json, jsonpath, labels and field selectors, and chunking", async () => {
    const c = cluster();
    for (let i = 0; i < 5; i++) await c.k(["apply", "-f", "-"], configMap(`cm-${i}`, { n: String(i) }, { tier: i % 2 ? "odd" : "even" }));
    const yaml = await c.k(["get", "cm", "cm-1", "-o", "yaml"]);
    assert.match(yaml, /^kind: ConfigMap$/m);
    assert.match(yaml, /^  resourceVersion: "\d+"$/m);
    assert.match(yaml, /^  uid: [0-9a-f-]{36}$/m);
    const json = JSON.parse(await c.k(["get", "cm", "cm-2", "-o", "json"]));
    assert.equal(json.data.n, "2");
    assert.equal(await c.k(["get", "cm", "-l", "tier=odd", "-o", "jsonpath={.items[*].metadata.name}"]), "cm-1 cm-3");
    assert.equal(await c.k(["get", "cm", "-l", "tier in (even),tier!=odd", "-o", "name"]), "configmap/cm-0\nconfigmap/cm-2\nconfigmap/cm-4\n");
    assert.equal(await c.k(["get", "cm", "--field-selector", "metadata.name=cm-3", "-o", "name"]), "configmap/cm-3\n");
    const chunked = await c.k(["get", "cm", "--chunk-size=2", "-l", "tier", "-o", "name"]);
    assert.equal(chunked.trim().split("\n").length, 5);
    const bad = await c.kubectl(["get", "cm", "--field-selector", "spec.nope=1"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /field label not supported: spec\.nope/);
  });

  test("kubectl label, annotate and the three patch types change objects as upstream", async () => {
    const c = cluster();
    await c.k(["apply", "-f", "-"], configMap("patched", { a: "1" }));
    assert.match(await c.k(["label", "cm", "patched", "color=blue"]), /configmap\/patched labeled/);
    assert.match(await c.k(["annotate", "cm", "patched", "note=hello"]), /configmap\/patched annotated/);
    await c.k(["patch", "cm", "patched", "-p", '{"data":{"b":"2"}}']);
    await c.k(["patch", "cm", "patched", "--type=merge", "-p", '{"data":{"a":null}}']);
    await c.k(["patch", "cm", "patched", "--type=json", "-p", '[{"op":"add","path":"/data/c","value":"3"}]']);
    const obj = JSON.parse(await c.k(["get", "cm", "patched", "-o", "json"]));
    assert.deepEqual(obj.data, { b: "2", c: "3" });
    assert.equal(obj.metadata.labels.color, "blue");
    assert.equal(obj.metadata.annotations.note, "hello");
    const fail = await c.kubectl(["patch", "cm", "patched", "--type=json", "-p", '[{"op":"test","path":"/data/b","value":"nope"}]']);
    assert.notEqual(fail.code, 0);
    // Strategic merge patch merges lists by their merge key.
    await c.k(["patch", "deploy", "web", "-p", '{"spec":{"template":{"spec":{"containers":[{"name":"main","env":[{"name":"EXTRA","value":"x"}]}]}}}}']);
    const env = JSON.parse(await c.k(["get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].env}"]));
    assert.deepEqual(env.map((e: { name: string }) => e.name).sort(), ["EXTRA", "MODE"]);
  });

  test("kubectl replace and scale update objects and their generation", async () => {
    const c = cluster();
    const current = JSON.parse(await c.k(["get", "cm", "cm-0", "-o", "json"]));
    current.data.n = "replaced";
    assert.match(await c.k(["replace", "-f", "-"], JSON.stringify(current)), /configmap\/cm-0 replaced/);
    assert.equal(await c.k(["get", "cm", "cm-0", "-o", "jsonpath={.data.n}"]), "replaced");
    // The resourceVersion of the earlier read is stale now: replace conflicts.
    const stale = await c.kubectl(["replace", "-f", "-"], { input: JSON.stringify(current) });
    assert.notEqual(stale.code, 0);
    assert.match(stale.stderr, /Operation cannot be fulfilled on configmaps "cm-0": the object has been modified; please apply your changes to the latest version and try again/);
    assert.match(await c.k(["scale", "deploy", "web", "--replicas=5"]), /deployment\.apps\/web scaled/);
    assert.equal(await c.k(["get", "deploy", "web", "-o", "jsonpath={.spec.replicas}"]), "5");
  });

  test("kubectl describe shows the object and its events", async () => {
    const out = await cluster().k(["describe", "cm", "patched"]);
    assert.match(out, /^Name:\s+patched$/m);
    assert.match(out, /^Labels:\s+color=blue$/m);
    assert.match(out, /^Events:\s+<none>$/m);
    const svc = await cluster().k(["describe", "svc", "web"]);
    assert.match(svc, /^Type:\s+ClusterIP$/m);
    assert.match(svc, /^TargetPort:\s+8080\/TCP$/m);
  });

  test("kubectl delete accepts the cascade flags and removes objects", async () => {
    const c = cluster();
    assert.match(await c.k(["delete", "cm", "cm-4", "--cascade=background"]), /configmap "cm-4" deleted/);
    assert.match(await c.k(["delete", "cm", "cm-3", "--cascade=foreground", "--wait=false"]), /configmap "cm-3" deleted/);
    assert.match(await c.k(["delete", "cm", "-l", "tier=odd", "--wait=false"]), /deleted/);
    const gone = await c.kubectl(["get", "cm", "cm-4"]);
    assert.equal(gone.code, 1);
    assert.match(gone.stderr, /Error from server \(NotFound\): configmaps "cm-4" not found/);
  });
}
