/**
 * The SecurityGroupRule Fault (S4) on `skiff up --nodes 2`, with its
 * presets: KubeletPort takes out the API server's rule to the kubelets, so
 * `kubectl logs` and `exec` fail with "error dialing backend: dial tcp
 * <ip>:<port>: i/o timeout"; PodCIDRIngress takes out the pod network's
 * rule, so pods on another node (and the DNS pods there) are unreachable
 * while ICMP still passes. Deleting the Fault restores the original rules.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { getJson, isReady, items, until, type Obj } from "./wait.js";
import { chainText, deleteFault, doctorClean, doctorFinds, faultPhase, skiff } from "./faults-common.js";

type Rule = { direction: string; protocol: string; cidr?: string; description?: string };
const rules = async (c: TestCluster) => (await getJson<Obj & { spec: { rules: Rule[] } }>(c, ["get", "securitygroup", "default"])).spec.rules;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

describe("Fault SecurityGroupRule (S4)", { timeout: 300_000 }, () => {
  let c: TestCluster;
  let original: Rule[];
  let pods: Obj[];
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "2"] });
    await c.k(["run", "client", "--image=busybox", "--overrides", JSON.stringify({ spec: { nodeName: "node-1" } }), "--", "sleep", "3600"]);
    await c.k(["run", "web", "--image=nginx", "--port=80", "--overrides", JSON.stringify({ spec: { nodeName: "node-2" } })]);
    pods = await until("pods ready", async () => {
      const list = await items(c, ["get", "pods"]);
      return list.length === 2 && list.every(isReady) ? list : undefined;
    });
    original = await rules(c);
  });
  after(() => c?.stop());

  test("KubeletPort: kubectl logs and exec time out dialling the kubelet until the Fault is deleted", async () => {
    assert.equal((await c.kubectl(["logs", "client"])).code, 0);
    const made = await skiff(c, ["chaos", "SecurityGroupRule", "--preset", "KubeletPort"]);
    assert.equal(made.code, 0, made.stderr);
    const f = await faultPhase(c, "securitygrouprule-kubeletport", "Active");
    const removed = original.find((r) => r.description === "API server to kubelets")!;
    assert.equal(f.status!.message, `SecurityGroup default: removed Ingress TCP from ${removed.cidr} ("API server to kubelets"); deleting this Fault restores the original rules`);
    assert.deepEqual(await rules(c), original.filter((r) => r !== removed && r.description !== "API server to kubelets"));

    const node1 = await getJson<Obj>(c, ["get", "node", "node-1"]);
    const ip = (node1.status as { addresses: { type: string; address: string }[] }).addresses.find((a) => a.type === "InternalIP")!.address;
    const port = (node1.status as { daemonEndpoints: { kubeletEndpoint: { Port: number } } }).daemonEndpoints.kubeletEndpoint.Port;
    const dial = `dial tcp ${esc(ip)}:${port}: i/o timeout`;
    const logs = await until("kubectl logs fails", async (seen) => {
      const r = await c.kubectl(["logs", "client"]);
      seen(r.stderr + r.stdout);
      return r.code !== 0 ? r.stderr : undefined;
    });
    // As kube-apiserver words them: logs are a GET to the kubelet, exec an upgraded stream.
    assert.match(logs, new RegExp(`^Error from server: Get "https://${esc(ip)}:${port}/containerLogs/default/client/client": ${dial}$`, "m"));
    const exec = await c.kubectl(["exec", "client", "--", "true"]);
    assert.notEqual(exec.code, 0);
    assert.match(exec.stderr, new RegExp(`error dialing backend: ${dial}`));

    // The doctor names the nodes the API server cannot reach and the rule that is missing.
    const found = await doctorFinds(c, "unreachable kubelets", (f) => f.check === "node-unreachable");
    assert.equal(found.run.code, 1);
    assert.match(chainText(found.finding), /security group/i);

    await deleteFault(c, "securitygrouprule-kubeletport");
    assert.deepEqual(
      [...(await rules(c))].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
      [...original].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    );
    await until("kubectl logs works again", async () => (await c.kubectl(["logs", "client"])).code === 0);
    await doctorClean(c);
  });

  test("PodCIDRIngress: pods and DNS on the other node are unreachable while ping passes, until the Fault is deleted", async () => {
    const web = pods.find((p) => p.metadata.name === "web")!;
    const coredns = (await items(c, ["get", "pods", "-n", "kube-system", "-l", "k8s-app=kube-dns"])).find((p) => p.spec?.nodeName === "node-2");
    const made = await skiff(c, ["chaos", "SecurityGroupRule", "--preset", "PodCIDRIngress"]);
    assert.equal(made.code, 0, made.stderr);
    const f = await faultPhase(c, "securitygrouprule-podcidringress", "Active");
    assert.match(f.status!.message!, /^SecurityGroup default: removed Ingress All from 10\.244\.0\.0\/16 \("pod network"\); deleting this Fault restores the original rules$/);

    const tcp = await skiff(c, ["net", "trace", "client", `${web.status!.podIP}:80`]);
    assert.equal(tcp.code, 1, tcp.stdout);
    assert.match(tcp.stdout.trim().split("\n").pop()!, /^DROPPED at node-2 security group \(ingress\): no ingress rule of default allows TCP port 80 from /);
    const ping = await skiff(c, ["net", "trace", "client", `${web.status!.podIP}/icmp`]);
    assert.equal(ping.code, 0, ping.stdout);
    if (coredns) {
      const dns = await skiff(c, ["net", "trace", "client", `${coredns.status!.podIP}:53/udp`]);
      assert.equal(dns.code, 1, dns.stdout);
      assert.match(dns.stdout, /DROPPED at node-2 security group \(ingress\)/);
    }

    await deleteFault(c, "securitygrouprule-podcidringress");
    const healed = await skiff(c, ["net", "trace", "client", `${web.status!.podIP}:80`]);
    assert.equal(healed.code, 0, healed.stdout);
  });

  test("a custom rule is added and taken out again", async () => {
    const rule = { direction: "Ingress", protocol: "TCP", ports: "8443", cidr: "203.0.113.0/24", description: "partner" };
    const made = await skiff(c, ["chaos", "SecurityGroupRule", "--action", "Add", "--rule", JSON.stringify(rule), "--name", "partner"]);
    assert.equal(made.code, 0, made.stderr);
    await faultPhase(c, "partner", "Active");
    assert.deepEqual((await rules(c)).at(-1), rule);
    await deleteFault(c, "partner");
    assert.equal((await rules(c)).length, original.length);
  });
});
