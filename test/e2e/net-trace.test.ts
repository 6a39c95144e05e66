/**
 * The simulated network through `skiff net trace` on `skiff up --nodes 2`:
 * the route controller's routes (one per node podCIDR), a pod reaching a
 * pod on the other node over the VPC route table; then, with the route
 * controller unable to write routes (its RBAC rule for them removed, as a
 * cloud policy that denies it), `kubectl delete route` breaking exactly
 * the traffic to that node's pods, the trace naming the missing route,
 * FailedToCreateRoute events and NetworkUnavailable; and once the rule is
 * back, the route controller recreating the route at its next pass; and
 * the API server's own dials crossing the network: without its security
 * group rule, kubectl logs times out dialling the kubelet; and a NodePort
 * Service reached at every node's address through KUBE-NODEPORTS.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { trace } from "./net-trace-run.js";
import { condition, getJson, items, until, type Obj } from "./wait.js";


const ROLE = "system:controller:route-controller";
const writesRoutes = (r: { apiGroups?: string[]; resources?: string[] }) => (r.apiGroups ?? []).includes("network.skiff.dev") && (r.resources ?? []).includes("routes");

describe("skiff net trace", { timeout: 180_000 }, () => {
  let c: TestCluster;
  let node2PodCIDR = "";
  let webIP = "";
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "2"] });
  });
  after(() => c?.stop());

  test("the route controller keeps one route per node podCIDR", async () => {
    const routes = await until("two available routes", async () => {
      const list = await items(c, ["get", "routes"]);
      return list.length === 2 && list.every((r) => (r.status as { state?: string } | undefined)?.state === "Available") ? list : undefined;
    });
    const nodes = await items(c, ["get", "nodes"]);
    for (const n of nodes) {
      const mine = routes.find((r) => (r.spec as { targetNode: string }).targetNode === n.metadata.name)!;
      assert.equal(mine.metadata.name, `kubernetes-${(n.metadata as { uid?: string }).uid}`);
      assert.equal((mine.spec as { destinationCIDR: string }).destinationCIDR, (n.spec as { podCIDR: string }).podCIDR);
    }
    node2PodCIDR = (nodes.find((n) => n.metadata.name === "node-2")!.spec as { podCIDR: string }).podCIDR;
    const table = await c.k(["get", "routes"]);
    assert.match(table.split("\n")[0], /^NAME\s+DESTINATION\s+TARGET NODE\s+STATE\s+AGE$/);
    const n2 = await until("node-2 network available", async () => {
      const n = await getJson<Obj>(c, ["get", "node", "node-2"]);
      return condition(n, "NetworkUnavailable")?.status === "False" ? n : undefined;
    });
    // The route controller or flanneld (the node network agent), whichever came first: neither overwrites a False.
    assert.match(condition(n2, "NetworkUnavailable")!.reason ?? "", /^(RouteCreated|FlannelIsUp)$/);
  });

  test("a pod reaches a pod on the other node through the route table", async () => {
    await c.k(["run", "client", "--image=busybox", "--overrides", JSON.stringify({ spec: { nodeName: "node-1" } }), "--", "sleep", "3600"]);
    await c.k(["run", "web", "--image=nginx", "--port=80", "--overrides", JSON.stringify({ spec: { nodeName: "node-2" } })]);
    const web = await until("pods running", async () => {
      const pods = await items(c, ["get", "pods"]);
      return pods.length === 2 && pods.every((p) => p.status?.phase === "Running" && p.status.podIP) ? pods.find((p) => p.metadata.name === "web") : undefined;
    });
    webIP = web.status!.podIP!;
    const t = await trace(c, "client", "web:80");
    assert.equal(t.code, 0, t.stdout);
    assert.match(t.stdout, /^trace from pod default\/client \(10\.244\.\d+\.\d+\) to pod default\/web \(10\.244\.\d+\.\d+\) port 80\/TCP$/m);
    assert.match(t.stdout, new RegExp(`VPC route table\\s+route kubernetes-[0-9a-f-]+: ${node2PodCIDR.replace(/[./]/g, "\\$&")} -> node-2`));
    assert.match(t.stdout, /node-2 security group \(ingress\)\s+allowed by default: Ingress All from 10\.244\.0\.0\/16 \(pod network\)/);
    assert.match(t.stdout, /^REACHED pod default\/web: container web listens on 80\/TCP$/m);
  });

  test("with its route deleted and the route controller denied, traffic to node-2's pods drops at the missing route", async () => {
    const role = await getJson<Obj & { rules: { apiGroups?: string[]; resources?: string[] }[] }>(c, ["get", "clusterrole", ROLE]);
    const denied = { ...role, rules: role.rules.filter((r) => !writesRoutes(r)) };
    assert.equal(denied.rules.length, role.rules.length - 1);
    await c.k(["replace", "-f", "-"], JSON.stringify(denied));
    const route = (await items(c, ["get", "routes"])).find((r) => (r.spec as { targetNode: string }).targetNode === "node-2")!;
    await c.k(["delete", "route", route.metadata.name]);

    const t = await trace(c, "client", "web:80");
    assert.equal(t.code, 1, t.stdout);
    assert.equal(t.stdout.trim().split("\n").pop(), `DROPPED at VPC route table: no route for ${webIP}: node node-2's podCIDR ${node2PodCIDR} has no route in the table`);
    const back = await trace(c, "web", "client:80");
    assert.equal(back.code, 0, `node-1's pods are still reachable:\n${back.stdout}`);

    const event = await until("FailedToCreateRoute", async () => (await items(c, ["get", "events", "--field-selector", "reason=FailedToCreateRoute"]))[0], { timeoutMs: 30_000 });
    assert.equal((event as { involvedObject?: { kind: string; name: string } }).involvedObject?.name, "node-2");
    assert.match((event as { message?: string }).message ?? "", new RegExp(`^Could not create route [0-9a-f-]+ ${node2PodCIDR.replace(/[./]/g, "\\$&")} for node node-2 after .*forbidden`));
    const n2 = await until("node-2 network unavailable", async () => {
      const n = await getJson<Obj>(c, ["get", "node", "node-2"]);
      return condition(n, "NetworkUnavailable")?.status === "True" ? n : undefined;
    });
    assert.equal(condition(n2, "NetworkUnavailable")!.reason, "NoRouteCreated");

    // Restoring the rule heals it without touching the routes: the controller reconciles.
    const current = await getJson<Obj>(c, ["get", "clusterrole", ROLE]);
    await c.k(["replace", "-f", "-"], JSON.stringify({ ...role, metadata: { ...role.metadata, resourceVersion: (current.metadata as { resourceVersion?: string }).resourceVersion } }));
    await until("route recreated", async () => ((await items(c, ["get", "routes"])).some((r) => (r.spec as { targetNode: string }).targetNode === "node-2") ? true : undefined), { timeoutMs: 30_000 });
    await until("node-2 network available again", async () => condition(await getJson<Obj>(c, ["get", "node", "node-2"]), "NetworkUnavailable")?.status === "False", { timeoutMs: 30_000 });
    const healed = await trace(c, "client", "web:80");
    assert.equal(healed.code, 0, healed.stdout);
  });

  test("without the security-group rule for the API server, kubectl logs times out dialling the kubelet (S4a)", async () => {
    assert.equal((await c.kubectl(["logs", "client"])).code, 0);
    const sg = await getJson<Obj & { spec: { rules: { description?: string }[] } }>(c, ["get", "securitygroup", "default"]);
    const index = sg.spec.rules.findIndex((r) => r.description === "API server to kubelets");
    assert.ok(index >= 0);
    const rule = sg.spec.rules[index];
    await c.k(["patch", "securitygroup", "default", "--type=json", "-p", JSON.stringify([{ op: "remove", path: `/spec/rules/${index}` }])]);

    const node1 = await getJson<Obj>(c, ["get", "node", "node-1"]);
    const ip = (node1.status as { addresses: { type: string; address: string }[] }).addresses.find((a) => a.type === "InternalIP")!.address;
    const port = (node1.status as { daemonEndpoints: { kubeletEndpoint: { Port: number } } }).daemonEndpoints.kubeletEndpoint.Port;
    const failed = await until("kubectl logs fails", async (seen) => {
      const r = await c.kubectl(["logs", "client"]);
      seen(r.stderr + r.stdout);
      return r.code !== 0 ? r.stderr : undefined;
    });
    assert.match(failed, new RegExp(`dial tcp ${ip.replace(/\./g, "\\.")}:${port}: i/o timeout`));
    const t = await trace(c, "apiserver", `node-1:${port}`);
    assert.equal(t.code, 1, t.stdout);
    assert.match(t.stdout.trim().split("\n").pop()!, new RegExp(`^DROPPED at node-1 security group \\(ingress\\): no ingress rule of default allows TCP port ${port} from `));

    await c.k(["patch", "securitygroup", "default", "--type=json", "-p", JSON.stringify([{ op: "add", path: `/spec/rules/${index}`, value: rule }])]);
    await until("kubectl logs works again", async () => (await c.kubectl(["logs", "client"])).code === 0);
  });

  test("a NodePort Service is reachable at every node's address, through KUBE-NODEPORTS", async () => {
    await c.k(["expose", "pod", "web", "--port", "80", "--type", "NodePort", "--name", "web-np"]);
    const svc = await getJson<Obj & { spec: { ports: { nodePort: number }[] } }>(c, ["get", "service", "web-np"]);
    const nodePort = svc.spec.ports[0].nodePort;
    const nodes = await items(c, ["get", "nodes"]);
    assert.equal(nodes.length, 2);
    for (const n of nodes) {
      const ip = (n.status as { addresses: { type: string; address: string }[] }).addresses.find((a) => a.type === "InternalIP")!.address;
      const t = await until(`web-np reached at ${n.metadata.name}`, async (seen) => {
        const r = await trace(c, "client", `${ip}:${nodePort}`);
        seen(r.stdout);
        return r.code === 0 ? r : undefined;
      });
      assert.match(t.stdout, /nat KUBE-SERVICES: jump KUBE-NODEPORTS/);
      assert.match(t.stdout, new RegExp(`DNAT ${ip.replace(/\./g, "\\.")}:${nodePort} -> ${webIP.replace(/\./g, "\\.")}:80`));
      assert.match(t.stdout, /^REACHED pod default\/web: container web listens on 80\/TCP$/m);
    }
  });
});
