/**
 * Sim pods that depend on a Service, through the simulated network, on
 * `skiff up --nodes 2`: a client whose `sim.skiff.dev/depends-on` names
 * web's Service turns Ready once its name resolves through cluster DNS
 * (the pod's resolv.conf -> 10.96.0.10 -> kube-proxy's NAT -> a coredns
 * pod) and the connection reaches a web pod. S5: the kube-dns Service
 * deleted and recreated without its fixed clusterIP (it gets another
 * address; the pods' resolv.conf still says 10.96.0.10): the clients turn
 * not Ready and log the lookup timeout as a Go program does; recreated
 * with 10.96.0.10, they are Ready again.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { DNS_DEPENDENT_CLIENT } from "./fixtures.js";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { getJson, isReady, items, until, type Obj } from "./wait.js";

const APPS = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{containerPort: 80}]
---
${DNS_DEPENDENT_CLIENT}`;

const clients = (c: TestCluster) => items(c, ["get", "pods", "-l", "app=client"]);
const allClients = (c: TestCluster, ready: boolean, what: string) =>
  until(
    what,
    async (seen) => {
      const pods = await clients(c);
      seen(JSON.stringify(pods.map((p) => ({ name: p.metadata.name, conditions: p.status?.conditions }))));
      return pods.length === 2 && pods.every((p) => isReady(p) === ready) ? pods : undefined;
    },
    { timeoutMs: 30_000 },
  );

/** The kube-dns Service as a new object: what the add-on created, without what the server assigned (and without the clusterIP unless given). */
function kubeDnsWith(svc: Obj, clusterIP?: string): string {
  const spec = { ...(svc.spec as Record<string, unknown>) };
  delete spec.clusterIP;
  delete spec.clusterIPs;
  if (clusterIP) spec.clusterIP = clusterIP;
  return JSON.stringify({ apiVersion: "v1", kind: "Service", metadata: { name: "kube-dns", namespace: "kube-system", labels: svc.metadata.labels, annotations: svc.metadata.annotations }, spec });
}

describe("sim pods depending on a Service", { timeout: 180_000 }, () => {
  let c: TestCluster;
  let kubeDns: Obj;
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "2"] });
  });
  after(() => c?.stop());

  test("a client depending on web's Service turns Ready once web is exposed and reachable by name", async () => {
    await c.k(["apply", "-f", "-"], APPS);
    await until("web pods running", async () => {
      const pods = await items(c, ["get", "pods", "-l", "app=web"]);
      return pods.length === 2 && pods.every(isReady);
    });
    // Before the Service exists, the name does not resolve: the clients are not Ready.
    await until("a client logs the failed lookup", async (seen) => {
      const log = await c.k(["logs", "deployment/client"]);
      seen(log);
      return /dial tcp: lookup web\.default\.svc\.cluster\.local on 10\.96\.0\.10:53: no such host/.test(log);
    });
    assert.ok((await clients(c)).every((p) => !isReady(p)));
    await c.k(["expose", "deployment", "web", "--port", "80"]);
    await allClients(c, true, "both clients Ready");
    assert.match(await c.k(["logs", "deployment/client"]), /^connected to web\.default\.svc\.cluster\.local:80$/m);
  });

  test("S5: kube-dns recreated without 10.96.0.10 makes the clients not Ready; with 10.96.0.10 they recover", async () => {
    kubeDns = await getJson<Obj>(c, ["get", "service", "kube-dns", "-n", "kube-system"]);
    assert.equal((kubeDns.spec as { clusterIP: string }).clusterIP, "10.96.0.10");
    await c.k(["delete", "service", "kube-dns", "-n", "kube-system"]);
    await c.k(["create", "-f", "-"], kubeDnsWith(kubeDns));
    const moved = await getJson<Obj>(c, ["get", "service", "kube-dns", "-n", "kube-system"]);
    assert.notEqual((moved.spec as { clusterIP: string }).clusterIP, "10.96.0.10");

    const pods = await allClients(c, false, "both clients not Ready");
    for (const p of pods) {
      const log = await c.k(["logs", p.metadata.name]);
      assert.match(log, new RegExp(`dial tcp: lookup web\\.default\\.svc\\.cluster\\.local on 10\\.96\\.0\\.10:53: read udp ${p.status!.podIP!.replace(/\./g, "\\.")}:\\d+->10\\.96\\.0\\.10:53: i/o timeout`));
    }
    // web itself is unaffected: it depends on nothing.
    assert.ok((await items(c, ["get", "pods", "-l", "app=web"])).every(isReady));

    await c.k(["delete", "service", "kube-dns", "-n", "kube-system"]);
    await c.k(["create", "-f", "-"], kubeDnsWith(kubeDns, "10.96.0.10"));
    await allClients(c, true, "both clients Ready again");
  });
});
