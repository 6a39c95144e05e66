/**
 * The ServiceRecreate Fault (S5) on `skiff up --nodes 2`: kube-dns deleted
 * and recreated without its clusterIP. Clients depending on web by name
 * (sim.skiff.dev/depends-on) turn 1/1 not Ready, logging the lookup timeout
 * against 10.96.0.10, while the Service now has another address. Deleting
 * the Fault recreates kube-dns with 10.96.0.10 and the clients recover.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { DNS_DEPENDENT_CLIENT } from "./fixtures.js";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { getJson, isReady, items, until, type Obj } from "./wait.js";
import { chainText, deleteFault, doctorClean, doctorFinds, faultPhase, skiff } from "./faults-common.js";

const APPS = `
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - {name: web, image: nginx:1.27, ports: [{containerPort: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80}]
---
${DNS_DEPENDENT_CLIENT}`;

const clusterIP = async (c: TestCluster) => (await getJson<Obj & { spec: { clusterIP: string } }>(c, ["get", "service", "kube-dns", "-n", "kube-system"])).spec.clusterIP;
const clients = (c: TestCluster, ready: boolean, what: string) =>
  until(
    what,
    async (seen) => {
      const pods = await items(c, ["get", "pods", "-l", "app=client"]);
      seen(JSON.stringify(pods.map((p) => p.status?.conditions)));
      return pods.length === 2 && pods.every((p) => isReady(p) === ready) ? pods : undefined;
    },
    { timeoutMs: 40_000 },
  );

describe("Fault ServiceRecreate (S5)", { timeout: 240_000 }, () => {
  let c: TestCluster;
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "2"] });
    await c.k(["apply", "-f", "-"], APPS);
    await clients(c, true, "clients Ready");
  });
  after(() => c?.stop());

  test("kube-dns loses 10.96.0.10: clients are not Ready with the lookup timeout; deleting the Fault restores it", async () => {
    assert.equal(await clusterIP(c), "10.96.0.10");
    const made = await skiff(c, ["chaos", "ServiceRecreate"]);
    assert.equal(made.code, 0, made.stderr);
    assert.equal(made.stdout, "fault.chaos.skiff.dev/servicerecreate created\n");
    const f = await faultPhase(c, "servicerecreate", "Active");
    const moved = await clusterIP(c);
    assert.notEqual(moved, "10.96.0.10");
    assert.equal(
      f.status!.message,
      `deleted Service kube-system/kube-dns (clusterIP 10.96.0.10) and recreated it without its clusterIP: it is now ${moved}; deleting this Fault recreates it with 10.96.0.10`,
    );
    assert.deepEqual(f.status!.restore, { service: { namespace: "kube-system", name: "kube-dns", clusterIP: "10.96.0.10", clusterIPs: ["10.96.0.10"] } });
    assert.match(await c.k(["get", "faults"]), /^servicerecreate\s+ServiceRecreate\s+<default>\s+Active\s+<none>\s+/m);

    const pods = await clients(c, false, "clients not Ready");
    const table = await c.k(["get", "pods", "-l", "app=client"]);
    assert.match(table, /0\/1\s+Running/);
    for (const p of pods) {
      const log = await c.k(["logs", p.metadata.name]);
      assert.match(log, /dial tcp: lookup web\.default\.svc\.cluster\.local on 10\.96\.0\.10:53: read udp [\d.]+:\d+->10\.96\.0\.10:53: i\/o timeout/);
    }

    // The doctor names the moved DNS Service behind the half-ready pods.
    const found = await doctorFinds(c, "kube-dns moved", (f) => f.check === "cluster-dns");
    assert.equal(found.run.code, 1);
    assert.match(chainText(found.finding), /10\.96\.0\.10/);
    assert.match(chainText(found.finding), new RegExp(moved.replace(/\./g, "\\.")));

    await deleteFault(c, "servicerecreate");
    assert.equal(await clusterIP(c), "10.96.0.10");
    await clients(c, true, "clients Ready again");
    await doctorClean(c);
  });

  test("a Service that does not exist leaves the Fault Failed, changing nothing", async () => {
    const made = await skiff(c, ["chaos", "ServiceRecreate", "default/nope"]);
    assert.equal(made.code, 0, made.stderr);
    const f = await faultPhase(c, "default-nope-servicerecreate", "Failed");
    assert.equal(f.status!.message, "Service default/nope not found");
    await deleteFault(c, "default-nope-servicerecreate");
  });

  test("a bad spec is refused with a Status naming the field", async () => {
    const r = await c.kubectl(["apply", "-f", "-"], { input: JSON.stringify({ apiVersion: "chaos.skiff.dev/v1", kind: "Fault", metadata: { name: "bad" }, spec: { type: "ServiceRecreate", target: "kube-dns", preset: "KubeletPort" } }) });
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /The Fault "bad" is invalid: \n\* spec\.target: Invalid value: "kube-dns": must be a Service as namespace\/name\n\* spec\.preset: Forbidden: may only be set when type is SecurityGroupRule/);
  });
});
