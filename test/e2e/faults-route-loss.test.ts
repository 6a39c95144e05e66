/**
 * The RouteLoss Fault (S3) on `skiff up --nodes 2`: the route to the
 * podCIDR of metrics-server's node is deleted and the route controller
 * cannot recreate it ("no vpc found", as when its cloud permission is
 * denied). The chain follows through kubectl: FailedToCreateRoute on the
 * node and NetworkUnavailable, v1beta1.metrics.k8s.io Available=False, a
 * namespace being deleted stays Terminating with
 * NamespaceDeletionDiscoveryFailure. Deleting the Fault heals it all,
 * without touching the namespace.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { condition, getJson, items, until, type Obj } from "./wait.js";
import { chainText, deleteFault, doctorClean, doctorFinds, faultPhase, skiff } from "./faults-common.js";

const METRICS_API = "v1beta1.metrics.k8s.io";
const available = async (c: TestCluster) => condition(await getJson<Obj>(c, ["get", "apiservice", METRICS_API]), "Available");

describe("Fault RouteLoss (S3)", { timeout: 300_000 }, () => {
  let c: TestCluster;
  let node: string;
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "2"] });
    await until("metrics API available", async () => (await available(c))?.status === "True", { timeoutMs: 60_000 });
    const pod = (await items(c, ["get", "pods", "-n", "kube-system", "-l", "k8s-app=metrics-server"]))[0];
    node = pod.spec!.nodeName!;
    await c.k(["create", "namespace", "doomed"]);
    await c.k(["create", "configmap", "leftover", "-n", "doomed", "--from-literal=a=b"]);
  });
  after(() => c?.stop());

  test("the route to metrics-server's node is gone until the Fault is deleted; the namespace deletion it blocked then completes", async () => {
    const made = await skiff(c, ["chaos", "RouteLoss"]);
    assert.equal(made.code, 0, made.stderr);
    const f = await faultPhase(c, "routeloss", "Active");
    const route = (f.status!.restore as { route: { name: string; destinationCIDR: string; targetNode: string } }).route;
    assert.equal(route.targetNode, node, "the default target is metrics-server's node");
    assert.equal(
      f.status!.message,
      `deleted route ${route.name} (${route.destinationCIDR} -> ${node}) from the VPC route table; the route controller's cloud calls fail with "no vpc found" until this Fault is deleted`,
    );

    // The route controller tries at its next period and fails as the cloud answers.
    const event = await until("FailedToCreateRoute", async () => (await items(c, ["get", "events", "--field-selector", `reason=FailedToCreateRoute,involvedObject.name=${node}`]))[0], { timeoutMs: 30_000 });
    assert.match((event as { message?: string }).message ?? "", new RegExp(`^Could not create route \\S+ ${route.destinationCIDR.replace(/[./]/g, "\\$&")} for node ${node} after \\S+: RouteTables: no vpc found by \\[id:vpc-kubernetes\\], length\\(vpcs\\)=0$`));
    assert.equal((await items(c, ["get", "routes"])).filter((r) => (r.spec as { targetNode: string }).targetNode === node).length, 0);
    await until("NetworkUnavailable", async () => condition(await getJson<Obj>(c, ["get", "node", node]), "NetworkUnavailable")?.reason === "NoRouteCreated");

    // The API server (host network) cannot reach the metrics-server pod.
    const down = await until("metrics API unavailable", async (seen) => {
      const a = await available(c);
      seen(JSON.stringify(a));
      return a?.status === "False" ? a : undefined;
    }, { timeoutMs: 60_000 });
    assert.equal(down.reason, "FailedDiscoveryCheck");
    const top = await c.kubectl(["top", "nodes"]);
    assert.notEqual(top.code, 0);

    await c.k(["delete", "namespace", "doomed", "--wait=false"]);
    const stuck = await until("namespace stuck", async (seen) => {
      const ns = await getJson<Obj>(c, ["get", "namespace", "doomed"]);
      seen(JSON.stringify(ns.status));
      const cond = condition(ns, "NamespaceDeletionDiscoveryFailure");
      return cond?.status === "True" ? { ns, cond } : undefined;
    }, { timeoutMs: 60_000 });
    assert.equal(stuck.ns.status?.phase, "Terminating");
    assert.equal(stuck.cond.reason, "DiscoveryFailed");
    assert.equal(stuck.cond.message, "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request");

    // The doctor follows the chain down from the namespace to the route controller's error.
    const found = await doctorFinds(c, "the stuck namespace", (f) => f.check === "namespace-terminating" && f.about.name === "doomed");
    assert.equal(found.run.code, 1);
    const chain = chainText(found.finding);
    assert.match(chain, /metrics\.k8s\.io/);
    assert.match(chain, /no vpc found/);
    assert.equal(found.run.findings.filter((f) => f.check === "namespace-terminating").length, 1, "reported once");

    await deleteFault(c, "routeloss");
    await until("route recreated", async () => ((await items(c, ["get", "routes"])).some((r) => (r.spec as { targetNode: string }).targetNode === node) ? true : undefined), { timeoutMs: 30_000 });
    await until("metrics API available again", async () => (await available(c))?.status === "True", { timeoutMs: 90_000 });
    await until("namespace gone", async () => (await c.kubectl(["get", "namespace", "doomed"])).code !== 0, { timeoutMs: 90_000 });
    await doctorClean(c);
  });
});
