/**
 * kubectl's streaming commands against `skiff up --nodes 2`: logs (follow,
 * previous, tail), exec (exit codes, stdin), cp both ways, port-forward,
 * run -i --rm and attach, all proxied by the API server to the pod's
 * kubelet; plus the node proxy and upstream's errors for bad requests.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { getJson, isReady, until, untilKubectl, type Obj } from "./wait.js";

function podYaml(name: string, script: string, extra: { restartPolicy?: string; port?: number; nodeSelector?: Record<string, string>; stdin?: boolean } = {}): string {
  return JSON.stringify({
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name },
    spec: {
      restartPolicy: extra.restartPolicy ?? "Always",
      ...(extra.nodeSelector ? { nodeSelector: extra.nodeSelector } : {}),
      containers: [
        {
          name: "main",
          image: extra.port ? "nginx" : "busybox",
          ...(script ? { command: ["sh", "-c", script] } : {}),
          ...(extra.port ? { ports: [{ containerPort: extra.port }] } : {}),
          ...(extra.stdin ? { stdin: true } : {}),
        },
      ],
    },
  });
}

async function running(c: TestCluster, name: string): Promise<Obj> {
  return until(`pod ${name} is running`, async (seen) => {
    const p = await getJson(c, ["get", "pod", name, "-o", "json"]);
    seen(JSON.stringify(p.status));
    return isReady(p) ? p : undefined;
  }, { timeoutMs: 30_000 });
}

/** GET http://127.0.0.1:port/ as text. */
function httpGet(port: number): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: "/" }, (res) => {
      let body = "";
      res.on("data", (d) => (body += d));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("kubectl streaming against skiff up --nodes 2", () => {
  let c: TestCluster;
  let scratch: string;
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "2"] });
    scratch = mkdtempSync(join(tmpdir(), "skiff-stream-"));
    await c.k(["apply", "-f", "-"], podYaml("talker", "echo hello; echo world; sleep 3600"));
    await running(c, "talker");
  });
  after(async () => {
    await c?.stop();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  test("Each node reports the port its kubelet serves on.", async () => {
    const nodes = await getJson<{ items: Obj[] }>(c, ["get", "nodes", "-o", "json"]);
    const ports = nodes.items.map((n) => (n.status as { daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } }).daemonEndpoints?.kubeletEndpoint?.Port ?? 0);
    assert.equal(ports.length, 2);
    for (const p of ports) assert.ok(p >= 10250, `kubelet port ${p}`);
    assert.notEqual(ports[0], ports[1]);
  });

  test("kubectl logs prints the container's output; --tail and --timestamps as upstream.", async () => {
    assert.equal(await c.k(["logs", "talker"]), "hello\nworld\n");
    assert.equal(await c.k(["logs", "talker", "--tail=1"]), "world\n");
    assert.match(await c.k(["logs", "talker", "--timestamps", "--tail=1"]), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z world\n$/);
  });

  test("kubectl logs -f follows until the container exits.", async () => {
    await c.k(["apply", "-f", "-"], podYaml("counter", "for i in 1 2 3; do echo line $i; sleep 1; done", { restartPolicy: "Never" }));
    await untilKubectl(c, ["get", "pod", "counter", "-o", "jsonpath={.status.containerStatuses[0].state.running}"], "counter runs", (o) => o.length > 0, { timeoutMs: 30_000 });
    const r = await c.kubectl(["logs", "-f", "counter"], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "line 1\nline 2\nline 3\n");
  });

  test("kubectl logs --previous shows the instance before a restart.", async () => {
    await c.k(["apply", "-f", "-"], podYaml("crasher", "echo attempt; sleep 1; exit 1"));
    await untilKubectl(c, ["get", "pod", "crasher", "-o", "jsonpath={.status.containerStatuses[0].restartCount}"], "crasher restarted", (o) => Number(o) >= 1, { timeoutMs: 60_000 });
    assert.equal(await c.k(["logs", "crasher", "--previous"]), "attempt\n");
  });

  test("kubectl logs errors are upstream's: an unknown container, a missing previous instance.", async () => {
    const bad = await c.kubectl(["logs", "talker", "-c", "nope"]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /container nope is not valid for pod talker/);
    const prev = await c.kubectl(["logs", "talker", "--previous"]);
    assert.match(prev.stderr, /Error from server \(BadRequest\): previous terminated container "main" in pod "talker" not found/);
  });

  test("An unscheduled pod has no logs yet: an empty answer.", async () => {
    await c.k(["apply", "-f", "-"], podYaml("nowhere", "sleep 3600", { nodeSelector: { "no-such": "node" } }));
    const r = await c.kubectl(["get", "--raw", "/api/v1/namespaces/default/pods/nowhere/log"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, "");
    const exec = await c.kubectl(["exec", "nowhere", "--", "true"]);
    assert.notEqual(exec.code, 0);
  });

  test("kubectl exec runs the command and exits with its exit code.", async () => {
    const r = await c.kubectl(["exec", "talker", "--", "sh", "-c", "echo out; exit 7"]);
    assert.equal(r.stdout, "out\n");
    assert.equal(r.code, 7);
    assert.match(r.stderr, /command terminated with exit code 7/);
  });

  test("kubectl exec sees the service account volume.", async () => {
    const out = await c.k(["exec", "talker", "--", "ls", "/var/run/secrets/kubernetes.io/serviceaccount"]);
    assert.deepEqual(out.trim().split(/\s+/).sort(), ["ca.crt", "namespace", "token"]);
  });

  test("kubectl exec -i feeds typed input to the shell.", async () => {
    const r = await c.kubectl(["exec", "-i", "talker", "--", "sh"], { input: "echo typed input\nexit 3\n" });
    assert.equal(r.stdout, "typed input\n");
    assert.equal(r.code, 3);
  });

  test("kubectl cp copies a file into the container and back.", async () => {
    const local = join(scratch, "in.txt");
    writeFileSync(local, "copied both ways\n");
    await c.k(["cp", local, "talker:/tmp/in.txt"]);
    assert.equal(await c.k(["exec", "talker", "--", "cat", "/tmp/in.txt"]), "copied both ways\n");
    const back = join(scratch, "out.txt");
    await c.k(["cp", "talker:/tmp/in.txt", back]);
    assert.equal(readFileSync(back, "utf8"), "copied both ways\n");
  });

  test("kubectl port-forward carries an HTTP GET to the pod's port.", async () => {
    await c.k(["apply", "-f", "-"], podYaml("web", "", { port: 80 }));
    await running(c, "web");
    const pf = c.spawnKubectl(["port-forward", "pod/web", ":80"]);
    try {
      const port = await until("port-forward listens", async (seen) => {
        seen(pf.output());
        const m = /Forwarding from 127\.0\.0\.1:(\d+) -> 80/.exec(pf.output());
        return m ? Number(m[1]) : undefined;
      });
      const res = await httpGet(port);
      assert.equal(res.status, 200);
      assert.ok(res.body.length > 0);
    } finally {
      pf.proc.kill("SIGKILL");
    }
  });

  test("kubectl run -i --rm prints the command's output and deletes the pod.", async () => {
    const r = await c.kubectl(["run", "once", "-i", "--rm", "--restart=Never", "--image=busybox", "--", "sh", "-c", "echo hi"], { timeoutMs: 60_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^hi\n/);
    await untilKubectl(c, ["get", "pods", "-o", "name"], "the pod is gone", (o) => !o.includes("pod/once"));
  });

  test("kubectl attach follows the container's output from now on.", async () => {
    await c.k(["apply", "-f", "-"], podYaml("ticker", "sleep 2; for i in 1 2 3; do echo tick $i; sleep 1; done", { restartPolicy: "Never" }));
    await untilKubectl(c, ["get", "pod", "ticker", "-o", "jsonpath={.status.containerStatuses[0].state.running}"], "ticker runs", (o) => o.length > 0, { timeoutMs: 30_000 });
    const r = await c.kubectl(["attach", "ticker"], { timeoutMs: 30_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /tick 3\n$/);
  });

  test("A Job of busybox sh -c 'echo done' completes and its logs print done.", async () => {
    await c.k(["create", "job", "hello", "--image=busybox", "--", "sh", "-c", "echo done"]);
    const r = await c.kubectl(["wait", "--for=condition=complete", "job/hello", "--timeout=30s"], { timeoutMs: 40_000 });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(await c.k(["logs", "job/hello"]), "done\n");
  });

  test("A Job's failing command ends its container with the command's exit code and stderr in its log.", async () => {
    await c.k(["create", "job", "broken", "--image=busybox", "--", "sh", "-c", "echo oops >&2; exit 3"]);
    const code = await untilKubectl(c, ["get", "pods", "-l", "job-name=broken", "-o", "jsonpath={.items[0].status.containerStatuses[0].state.terminated.exitCode}"], "the pod's container terminated", (o) => o !== "", { timeoutMs: 30_000 });
    assert.equal(code, "3");
    assert.equal(await c.k(["logs", "job/broken"]), "oops\n");
  });

  test("The node proxy reaches the kubelet's API, by node name or name:port as upstream's clients ask.", async () => {
    assert.equal(await c.k(["get", "--raw", "/api/v1/nodes/node-1/proxy/healthz"]), "ok");
    const port = await c.k(["get", "node", "node-1", "-o", "jsonpath={.status.daemonEndpoints.kubeletEndpoint.Port}"]);
    assert.equal(JSON.parse(await c.k(["get", "--raw", `/api/v1/nodes/node-1:${port}/proxy/pods`])).kind, "PodList");
    const pods = JSON.parse(await c.k(["get", "--raw", "/api/v1/nodes/node-1/proxy/pods"]));
    assert.equal(pods.kind, "PodList");
    const summary = JSON.parse(await c.k(["get", "--raw", "/api/v1/nodes/node-2/proxy/stats/summary"]));
    assert.equal(summary.node.nodeName, "node-2");
  });

  test("Discovery lists the connect subresources with upstream's kinds and verbs.", async () => {
    const doc = JSON.parse(await c.k(["get", "--raw", "/api/v1"])) as { resources: { name: string; kind: string; verbs: string[] }[] };
    const byName = new Map(doc.resources.map((r) => [r.name, r]));
    assert.deepEqual(byName.get("pods/exec"), { ...byName.get("pods/exec"), kind: "PodExecOptions", verbs: ["create", "get"] });
    assert.equal(byName.get("pods/attach")?.kind, "PodAttachOptions");
    assert.equal(byName.get("pods/portforward")?.kind, "PodPortForwardOptions");
    assert.equal(byName.get("pods/log")?.kind, "Pod");
    assert.deepEqual(byName.get("nodes/proxy")?.verbs, ["create", "delete", "get", "patch", "update"]);
    assert.equal((await c.k(["auth", "can-i", "create", "pods/exec"])).trim(), "yes");
  });
});
