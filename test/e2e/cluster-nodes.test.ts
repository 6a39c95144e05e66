/**
 * `skiff up --nodes 3` as a working cluster, driven by the real kubectl:
 * nodes and pod CIDRs, workloads (Deployment rollouts, Job, DaemonSet,
 * StatefulSet ordering), scheduling failures, garbage collection and
 * namespace deletion; then node failures injected with `skiff chaos`
 * (heartbeat loss with taint-based eviction, runtime hang with PLEG).
 * The two clusters run side by side.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { configMap, deploymentYaml } from "./fixtures.js";
import { repoRoot } from "./tools.js";
import { condition, getJson, isReady, items, live, nodeReady, nodeWhere, readyPods, summary, until, untilKubectl, type Obj } from "./wait.js";

interface EventObj {
  reason?: string;
  message?: string;
  firstTimestamp?: string;
  eventTime?: string;
  involvedObject: { kind?: string; name?: string };
}

const NODES = ["node-1", "node-2", "node-3"];

const hasTaint = (n: Obj, key: string, effect: string) => (n.spec?.taints ?? []).some((t) => t.key === key && t.effect === effect);
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

function ipv4(ip: string): number {
  const parts = ip.split(".").map(Number);
  assert.equal(parts.length, 4, `not an IPv4 address: ${ip}`);
  return parts.reduce((a, o) => a * 256 + o, 0);
}
function cidrRange(cidr: string): [number, number] {
  const [base, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipv4(base) / size) * size;
  return [start, start + size - 1];
}
const inCidr = (ip: string, cidr: string) => {
  const [lo, hi] = cidrRange(cidr);
  const x = ipv4(ip);
  return x >= lo && x <= hi;
};

/** kubectl rollout status that must succeed; returns its last line. */
async function rolloutStatus(c: TestCluster, target: string, ns = "default"): Promise<string> {
  const r = await c.kubectl(["rollout", "status", "-n", ns, target, "--timeout=30s"], { timeoutMs: 40_000 });
  assert.equal(r.code, 0, `kubectl rollout status ${target} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout.trim().split("\n").pop()!;
}

/** `skiff chaos <type> <node>` against the cluster; returns its output. */
function chaos(c: TestCluster, type: string, node: string): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [join(repoRoot, "bin", "skiff"), "chaos", type, node, "--kubeconfig", c.kubeconfig], { timeout: 30_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`skiff chaos ${type} ${node} failed: ${err.message}\n${stderr}${stdout}`)) : resolve(stdout),
    ),
  );
}

describe("skiff up --nodes 3", { concurrency: true }, () => {
  describe("a healthy three-node cluster", { concurrency: false }, () => {
    let c: TestCluster;
    before(async () => {
      c = await startTestCluster({ args: ["--nodes", "3"] });
    });
    after(async () => {
      await c?.stop();
    });

    test("kubectl get nodes shows three Ready nodes, each with its own podCIDR inside 10.244.0.0/16", async () => {
      const table = await untilKubectl(c, ["get", "nodes"], "three nodes are Ready", (out) => (out.match(/^node-\d\s+Ready\s/gm) ?? []).length === 3);
      assert.match(table, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION$/m);
      for (const n of NODES) assert.match(table, new RegExp(`^${n}\\s+Ready\\s+<none>\\s+\\S+\\s+v1\\.35\\.\\S+$`, "m"));
      const out = await untilKubectl(c, ["get", "nodes", "-o", 'jsonpath={range .items[*]}{.metadata.name}={.spec.podCIDR}{"\\n"}{end}'], "every node has a podCIDR", (s) => {
        const lines = s.trim().split("\n");
        return lines.length === 3 && lines.every((l) => /=\S+$/.test(l));
      });
      const cidrs = new Map(out.trim().split("\n").map((l) => l.split("=") as [string, string]));
      assert.deepEqual([...cidrs.keys()].sort(), NODES);
      assert.equal(new Set(cidrs.values()).size, 3, out);
      const ranges = [...cidrs.values()].map((cidr) => {
        assert.match(cidr, /^\d+\.\d+\.\d+\.\d+\/\d+$/);
        const [lo, hi] = cidrRange(cidr);
        const [clo, chi] = cidrRange("10.244.0.0/16");
        assert.ok(lo >= clo && hi <= chi, `${cidr} lies outside 10.244.0.0/16`);
        return [lo, hi] as const;
      });
      for (let i = 0; i < ranges.length; i++) for (let j = i + 1; j < ranges.length; j++) assert.ok(ranges[i][1] < ranges[j][0] || ranges[j][1] < ranges[i][0], `podCIDRs overlap: ${out}`);
    });

    test("a 3-replica Deployment becomes 3/3 Ready and each pod's IP lies in its node's podCIDR", async () => {
      assert.match(await c.k(["apply", "-f", "-"], deploymentYaml("web", 3)), /^deployment\.apps\/web created$/m);
      assert.equal(await rolloutStatus(c, "deploy/web"), 'deployment "web" successfully rolled out');
      assert.match(await c.k(["get", "deploy", "web"]), /^web\s+3\/3\s+3\s+3\s+\S+$/m);
      const pods = await readyPods(c, "app=web", 3);
      const nodes = await items(c, ["get", "nodes"]);
      const cidrOf = new Map(nodes.map((n) => [n.metadata.name, n.spec?.podCIDR ?? ""]));
      for (const p of pods) {
        const node = p.spec?.nodeName ?? "";
        const ip = p.status?.podIP ?? "";
        assert.ok(cidrOf.get(node), `pod ${p.metadata.name} is on unknown node "${node}"`);
        assert.ok(inCidr(ip, cidrOf.get(node)!), `pod ${p.metadata.name} has IP ${ip}, outside ${node}'s podCIDR ${cidrOf.get(node)}`);
      }
      assert.equal(new Set(pods.map((p) => p.status?.podIP)).size, 3, summary(pods));
    });

    test("set image rolls out revision 2, rollout undo restores the image, and scale gives 5 ready pods", async () => {
      assert.match(await c.k(["set", "image", "deploy/web", "main=nginx:1.26"]), /^deployment\.apps\/web image updated$/m);
      assert.equal(await rolloutStatus(c, "deploy/web"), 'deployment "web" successfully rolled out');
      const history = await c.k(["rollout", "history", "deploy/web"]);
      assert.match(history, /^deployment\.apps\/web \nREVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n/);
      const sets = await items(c, ["get", "rs", "-l", "app=web"]);
      const byRevision = new Map(sets.map((rs) => [rs.metadata.annotations?.["deployment.kubernetes.io/revision"], rs]));
      assert.equal(sets.length, 2, summary(sets));
      assert.equal(byRevision.get("2")?.spec?.template?.spec?.containers?.[0]?.image, "nginx:1.26");
      assert.equal(byRevision.get("2")?.spec?.replicas, 3);
      assert.equal(byRevision.get("1")?.spec?.replicas, 0);

      assert.match(await c.k(["rollout", "undo", "deploy/web"]), /^deployment\.apps\/web rolled back$/m);
      assert.equal(await rolloutStatus(c, "deploy/web"), 'deployment "web" successfully rolled out');
      assert.equal(await c.k(["get", "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"]), "nginx:1.25");
      assert.match(await c.k(["rollout", "history", "deploy/web"]), /^3\s+<none>$/m);

      assert.match(await c.k(["scale", "deploy/web", "--replicas=5"]), /^deployment\.apps\/web scaled$/m);
      assert.equal(await rolloutStatus(c, "deploy/web"), 'deployment "web" successfully rolled out');
      const pods = await readyPods(c, "app=web", 5);
      assert.ok(pods.every((p) => (p.spec as { containers?: { image?: string }[] }).containers?.[0]?.image === "nginx:1.25"), summary(pods));
      await untilKubectl(c, ["get", "deploy", "web"], "the Deployment shows 5/5", (s) => /^web\s+5\/5\s+5\s+5\s+\S+$/m.test(s));
    });

    test(
      "rollout undo returns to the previous ReplicaSet, whose revision becomes the newest",
      async () => {
        await c.k(["apply", "-f", "-"], deploymentYaml("undone", 1));
        assert.equal(await rolloutStatus(c, "deploy/undone"), 'deployment "undone" successfully rolled out');
        await c.k(["set", "image", "deploy/undone", "main=nginx:1.26"]);
        assert.equal(await rolloutStatus(c, "deploy/undone"), 'deployment "undone" successfully rolled out');
        await c.k(["rollout", "undo", "deploy/undone"]);
        assert.equal(await rolloutStatus(c, "deploy/undone"), 'deployment "undone" successfully rolled out');
        const sets = await items(c, ["get", "rs", "-l", "app=undone"]);
        assert.equal(sets.length, 2, summary(sets));
        assert.match(await c.k(["rollout", "history", "deploy/undone"]), /^deployment\.apps\/undone \nREVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n/);
      },
    );

    test("a pod requesting more cpu than any node has is reported as FailedScheduling in kubectl describe", async () => {
      const pod = { apiVersion: "v1", kind: "Pod", metadata: { name: "hungry" }, spec: { containers: [{ name: "main", image: "busybox", resources: { requests: { cpu: "100" } } }] } };
      await c.k(["apply", "-f", "-"], JSON.stringify(pod));
      const message = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.";
      const line = new RegExp(`^\\s*Warning\\s+FailedScheduling\\s+.*\\s+default-scheduler\\s+${escape(message)}$`, "m");
      await untilKubectl(c, ["describe", "pod", "hungry"], "describe pod shows the FailedScheduling event", (s) => line.test(s));
      assert.equal(await c.k(["get", "pod", "hungry", "-o", "jsonpath={.status.phase} {.spec.nodeName}"]), "Pending ");
      const scheduled = await c.k(["get", "pod", "hungry", "-o", 'jsonpath={.status.conditions[?(@.type=="PodScheduled")].status} {.status.conditions[?(@.type=="PodScheduled")].reason}']);
      assert.equal(scheduled, "False Unschedulable");
      await c.k(["delete", "pod", "hungry", "--wait=false"]);
    });

    test("kubectl delete ns empties the namespace of its Deployment and ConfigMap and removes it", async () => {
      assert.match(await c.k(["create", "ns", "doomed"]), /^namespace\/doomed created$/m);
      await c.k(["apply", "-n", "doomed", "-f", "-"], deploymentYaml("app", 2));
      await c.k(["apply", "-n", "doomed", "-f", "-"], configMap("settings", { a: "b" }));
      assert.equal(await rolloutStatus(c, "deploy/app", "doomed"), 'deployment "app" successfully rolled out');
      const del = await c.kubectl(["delete", "ns", "doomed", "--timeout=30s"], { timeoutMs: 40_000 });
      assert.equal(del.code, 0, del.stderr);
      assert.equal(del.stdout.trim(), 'namespace "doomed" deleted');
      const gone = await c.kubectl(["get", "ns", "doomed"]);
      assert.equal(gone.code, 1);
      assert.equal(gone.stderr.trim(), 'Error from server (NotFound): namespaces "doomed" not found');
      const left = await c.kubectl(["get", "deploy,rs,pods,cm", "-n", "doomed"]);
      assert.equal(left.code, 0, left.stderr);
      assert.equal(left.stdout, "");
      assert.equal(left.stderr.trim(), "No resources found in doomed namespace.");
    });

    test("a Job of two completions whose pods exit after 1s completes", async () => {
      const job = `apiVersion: batch/v1
kind: Job
metadata:
  name: twice
spec:
  completions: 2
  template:
    metadata:
      annotations:
        sim.skiff.dev/exit-after: "1s"
    spec:
      restartPolicy: Never
      containers:
      - name: main
        image: busybox
`;
      assert.match(await c.k(["apply", "-f", "-"], job), /^job\.batch\/twice created$/m);
      const r = await c.kubectl(["wait", "--for=condition=complete", "job/twice", "--timeout=30s"], { timeoutMs: 40_000 });
      assert.equal(r.code, 0, `${r.stderr}${r.stdout}\n${await c.k(["describe", "job", "twice"])}`);
      assert.equal(r.stdout.trim(), "job.batch/twice condition met");
      assert.equal(await c.k(["get", "job", "twice", "-o", "jsonpath={.status.succeeded}"]), "2");
      assert.match(await c.k(["get", "job", "twice"]), /^twice\s+Complete\s+2\/2\s+\S+\s+\S+$/m);
      const pods = await items(c, ["get", "pods", "-l", "job-name=twice"]);
      assert.equal(pods.length, 2, summary(pods));
      assert.ok(pods.every((p) => p.status?.phase === "Succeeded"), summary(pods));
    });

    test(
      "a completed Job's status reads as upstream's: no zero counters, times in whole seconds",
      async () => {
        const status = JSON.parse(await c.k(["get", "job", "twice", "-o", "jsonpath={.status}"])) as Record<string, unknown>;
        assert.equal(status.active, undefined);
        assert.equal(status.failed, undefined);
        assert.deepEqual(status.uncountedTerminatedPods, {});
        for (const t of [status.startTime, status.completionTime]) assert.match(String(t), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      },
    );

    test("a DaemonSet runs exactly one pod on each node", async () => {
      const ds = { apiVersion: "apps/v1", kind: "DaemonSet", metadata: { name: "agent" }, spec: { selector: { matchLabels: { app: "agent" } }, template: { metadata: { labels: { app: "agent" } }, spec: { containers: [{ name: "main", image: "busybox" }] } } } };
      assert.match(await c.k(["apply", "-f", "-"], JSON.stringify(ds)), /^daemonset\.apps\/agent created$/m);
      assert.equal(await rolloutStatus(c, "ds/agent"), 'daemon set "agent" successfully rolled out');
      const pods = await readyPods(c, "app=agent", 3);
      assert.deepEqual(pods.map((p) => p.spec?.nodeName).sort(), NODES, summary(pods));
      assert.equal(await c.k(["get", "ds", "agent", "-o", "jsonpath={.status.desiredNumberScheduled} {.status.currentNumberScheduled} {.status.numberReady}"]), "3 3 3");
    });

    test("a StatefulSet creates web-0, web-1 and web-2 in order, each after the previous is Ready", async () => {
      // Readiness comes 2 s after start, so an ordered controller creates the pods at least 2 s apart.
      const sts = `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: web
  replicas: 3
  selector:
    matchLabels:
      app: ordered
  template:
    metadata:
      labels:
        app: ordered
    spec:
      containers:
      - name: main
        image: nginx
        readinessProbe:
          exec:
            command: ["true"]
          initialDelaySeconds: 2
          periodSeconds: 1
`;
      assert.match(await c.k(["apply", "-f", "-"], sts), /^statefulset\.apps\/web created$/m);
      assert.equal(await rolloutStatus(c, "sts/web"), "partitioned roll out complete: 3 new pods have been updated...");
      const pods = (await readyPods(c, "app=ordered", 3)).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
      assert.deepEqual(pods.map((p) => p.metadata.name), ["web-0", "web-1", "web-2"]);
      const created = pods.map((p) => Date.parse(p.metadata.creationTimestamp!));
      const readyAt = pods.map((p) => Date.parse(condition(p, "Ready")!.lastTransitionTime!));
      for (let i = 1; i < pods.length; i++) {
        assert.ok(created[i] >= readyAt[i - 1], `web-${i} was created before web-${i - 1} was Ready:\n${summary(pods)}`);
        // Second-resolution timestamps of pods created at least 2 s apart differ by at least 2 s.
        assert.ok(created[i] - created[i - 1] >= 2000, `web-${i} was created less than 2 s after web-${i - 1}:\n${summary(pods)}`);
      }
      const events = (await getJson<{ items: EventObj[] }>(c, ["get", "events"])).items
        .filter((e) => e.involvedObject.kind === "StatefulSet" && e.involvedObject.name === "web" && e.reason === "SuccessfulCreate")
        .sort((a, b) => Date.parse(a.firstTimestamp ?? a.eventTime ?? "") - Date.parse(b.firstTimestamp ?? b.eventTime ?? ""));
      assert.deepEqual(
        events.map((e) => e.message),
        [0, 1, 2].map((i) => `create Pod web-${i} in StatefulSet web successful`),
      );
    });

    test("deleting a Deployment with --cascade=orphan keeps its ReplicaSet and --cascade=foreground removes it and its pods", async () => {
      await c.k(["apply", "-f", "-"], deploymentYaml("kept", 2));
      assert.equal(await rolloutStatus(c, "deploy/kept"), 'deployment "kept" successfully rolled out');
      assert.equal((await c.k(["delete", "deploy", "kept", "--cascade=orphan"])).trim(), 'deployment.apps "kept" deleted from default namespace');
      const orphans = await items(c, ["get", "rs", "-l", "app=kept"]);
      assert.equal(orphans.length, 1, summary(orphans));
      assert.deepEqual(orphans[0].metadata.ownerReferences ?? [], [], JSON.stringify(orphans[0].metadata));
      await readyPods(c, "app=kept", 2);
      await c.k(["delete", "rs", "-l", "app=kept"]);

      await c.k(["apply", "-f", "-"], deploymentYaml("cascaded", 2));
      assert.equal(await rolloutStatus(c, "deploy/cascaded"), 'deployment "cascaded" successfully rolled out');
      const del = await c.kubectl(["delete", "deploy", "cascaded", "--cascade=foreground", "--timeout=30s"], { timeoutMs: 40_000 });
      assert.equal(del.code, 0, del.stderr);
      assert.equal(del.stdout.trim(), 'deployment.apps "cascaded" deleted from default namespace');
      // Foreground deletion removes the owner only after its dependents are gone.
      const left = await c.kubectl(["get", "deploy,rs,pods", "-l", "app=cascaded"]);
      assert.equal(left.stdout, "", left.stdout);
      assert.equal(left.stderr.trim(), "No resources found in default namespace.");
    });

    test("kubectl describe deploy shows the ScalingReplicaSet events", async () => {
      await c.k(["apply", "-f", "-"], deploymentYaml("shown", 2));
      assert.equal(await rolloutStatus(c, "deploy/shown"), 'deployment "shown" successfully rolled out');
      await c.k(["scale", "deploy/shown", "--replicas=4"]);
      assert.equal(await rolloutStatus(c, "deploy/shown"), 'deployment "shown" successfully rolled out');
      const rs = await c.k(["get", "rs", "-l", "app=shown", "-o", "jsonpath={.items[0].metadata.name}"]);
      assert.match(rs, /^shown-[a-z0-9]+$/);
      const row = (from: number, to: number) => new RegExp(`^\\s*Normal\\s+ScalingReplicaSet\\s+.*\\s+deployment-controller\\s+Scaled up replica set ${rs} from ${from} to ${to}$`, "m");
      const out = await untilKubectl(c, ["describe", "deploy", "shown"], "describe deploy shows both scaling events", (s) => row(0, 2).test(s) && row(2, 4).test(s));
      assert.match(out, /^Events:\n\s+Type\s+Reason\s+Age\s+From\s+Message\n\s+----\s+------\s+----\s+----\s+-------\n/m);
      assert.match(out, new RegExp(`^NewReplicaSet:\\s+${rs} \\(4/4 replicas created\\)$`, "m"));
    });
  });

  describe("node failures injected with skiff chaos", { concurrency: false }, () => {
    let c: TestCluster;
    before(async () => {
      // A 6 s grace period needs leases renewed faster than the default 10 s (a quarter of 40 s): 4 s leases renew every second.
      c = await startTestCluster({ args: ["--nodes", "3", "--node-monitor-grace-period", "6s", "--node-monitor-period", "1s", "--node-lease-duration-seconds", "4", "--node-status-update-frequency", "1s", "--pleg-threshold", "5s"] });
      await untilKubectl(c, ["get", "nodes"], "three nodes are Ready", (out) => (out.match(/^node-\d\s+Ready\s/gm) ?? []).length === 3);
    });
    after(async () => {
      await c?.stop();
    });

    test("a node whose heartbeat stops turns Unknown and tainted unreachable, its pod is evicted elsewhere, and it recovers", async () => {
      const deploy = {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: "fragile" },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: "fragile" } },
          template: {
            metadata: { labels: { app: "fragile" } },
            spec: {
              tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute", tolerationSeconds: 2 }],
              containers: [{ name: "main", image: "nginx" }],
            },
          },
        },
      };
      await c.k(["apply", "-f", "-"], JSON.stringify(deploy));
      assert.equal(await rolloutStatus(c, "deploy/fragile"), 'deployment "fragile" successfully rolled out');
      const [victim] = await readyPods(c, "app=fragile", 1);
      const node = victim.spec!.nodeName!;

      assert.equal((await chaos(c, "NodeHeartbeatStop", node)).trim(), `fault.chaos.skiff.dev/${node}-nodeheartbeatstop created`);
      const silent = await nodeReady(c, node, "Unknown", 30_000);
      // NetworkUnavailable is not the kubelet's: the route controller or the network agent set it
      // False (whichever came first; neither overwrites a False), and the node lifecycle controller leaves it.
      const conditions = (silent.status?.conditions ?? []).map((x) => [x.type, x.status, x.reason, x.message]);
      assert.deepEqual(conditions.slice(1), ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"].map((t) => [t, "Unknown", "NodeStatusUnknown", "Kubelet stopped posting node status."]));
      assert.ok(
        [JSON.stringify(["NetworkUnavailable", "False", "RouteCreated", "RouteController created a route"]), JSON.stringify(["NetworkUnavailable", "False", "FlannelIsUp", "Flannel is running on this node"])].includes(JSON.stringify(conditions[0])),
        `NetworkUnavailable: ${JSON.stringify(conditions[0])}`,
      );
      assert.match(await c.k(["get", "node", node]), new RegExp(`^${node}\\s+NotReady\\s+`, "m"));
      await nodeWhere(c, node, (n) => hasTaint(n, "node.kubernetes.io/unreachable", "NoExecute") && hasTaint(n, "node.kubernetes.io/unreachable", "NoSchedule"), "is tainted unreachable NoExecute and NoSchedule");

      const [replacement] = await until(
        `the pod evicted from ${node} is replaced by a Ready pod on another node`,
        async (seen) => {
          const pods = await items(c, ["get", "pods", "-l", "app=fragile"]);
          seen(summary(pods));
          const others = live(pods).filter((p) => p.metadata.name !== victim.metadata.name);
          const original = pods.find((p) => p.metadata.name === victim.metadata.name);
          return (!original || original.metadata.deletionTimestamp) && others.length === 1 && others[0].spec?.nodeName !== node && isReady(others[0]) ? others : undefined;
        },
        { timeoutMs: 20_000 },
      );
      assert.notEqual(replacement.spec?.nodeName, node);
      await untilKubectl(
        c,
        ["get", "events", "--field-selector", `involvedObject.name=${victim.metadata.name},reason=TaintManagerEviction`, "-o", "jsonpath={.items[*].message}"],
        "the TaintManagerEviction event is recorded",
        (s) => s === `Marking for deletion Pod default/${victim.metadata.name}`,
        { timeoutMs: 5_000 },
      );

      assert.equal((await c.k(["delete", "fault", `${node}-nodeheartbeatstop`])).trim(), `fault.chaos.skiff.dev "${node}-nodeheartbeatstop" deleted`);
      const back = await nodeReady(c, node, "True", 30_000);
      assert.equal(condition(back, "Ready")?.reason, "KubeletReady");
      await nodeWhere(c, node, (n) => !(n.spec?.taints ?? []).some((t) => t.key === "node.kubernetes.io/unreachable"), "loses its unreachable taints");
      await untilKubectl(c, ["get", "node", node], `${node} shows Ready`, (s) => new RegExp(`^${node}\\s+Ready\\s+`, "m").test(s), { timeoutMs: 5_000 });
    });

    test("a runtime hang makes PLEG unhealthy and the node NotReady until the fault is deleted", async () => {
      const node = "node-3";
      assert.equal((await chaos(c, "RuntimeHang", node)).trim(), `fault.chaos.skiff.dev/${node}-runtimehang created`);
      const down = await nodeReady(c, node, "False", 30_000);
      const ready = condition(down, "Ready")!;
      assert.equal(ready.reason, "KubeletNotReady");
      assert.match(ready.message ?? "", /^container runtime is down PLEG is not healthy: pleg was last seen active \S+ ago; threshold is 5s/);
      assert.match(await c.k(["get", "node", node]), new RegExp(`^${node}\\s+NotReady\\s+`, "m"));
      await nodeWhere(c, node, (n) => hasTaint(n, "node.kubernetes.io/not-ready", "NoSchedule") && hasTaint(n, "node.kubernetes.io/not-ready", "NoExecute"), "is tainted not-ready NoSchedule and NoExecute");

      assert.equal((await c.k(["delete", "fault", `${node}-runtimehang`])).trim(), `fault.chaos.skiff.dev "${node}-runtimehang" deleted`);
      const back = await nodeReady(c, node, "True", 30_000);
      assert.equal(condition(back, "Ready")?.message, "kubelet is posting ready status");
      await nodeWhere(c, node, (n) => !(n.spec?.taints ?? []).some((t) => t.key === "node.kubernetes.io/not-ready"), "loses its not-ready taints");
    });
  });
});
