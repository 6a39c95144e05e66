import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import https from "node:https";
import tls from "node:tls";
import type { Duplex } from "node:stream";
import { WebSocket } from "ws";
import type { Pod } from "../../api/core/pod-types.js";
import { createCertificateAuthority, issueClientCert } from "../../pki/certificates.js";
import { VirtualClock } from "../../util/clock.js";
import { formatCriLogLine } from "../logs/cri-log.js";
import { RESTART_COUNT_ANNOTATION } from "../pod/labels.js";
import { POD_UID_LABEL } from "../pod/labels.js";
import type { ContainerStatus, Runtime } from "../runtime/runtime.js";
import { createMemoryFilesystem } from "../runtime/sim/memory-filesystem.js";
import type { StreamSession } from "../runtime/streaming.js";
import type { KubeletAuthorizer } from "./auth.js";
import { startKubeletServer, type RunningKubeletServer } from "./kubelet-server.js";
import { SpdySession, socketTransport } from "./spdy/session.js";
import { selfSignedKubeletCertificate } from "./tls.js";

const clock = new VirtualClock(Date.UTC(2026, 0, 1));
const fs = createMemoryFilesystem({ clock });

function container(id: string, name: string, state: ContainerStatus["state"], attempt = 0): ContainerStatus {
  return { id, podSandboxId: "sb1", metadata: { name, attempt }, image: "busybox", imageRef: "busybox", state, createdAt: 0, labels: { [POD_UID_LABEL]: "uid1" }, annotations: { [RESTART_COUNT_ANNOTATION]: String(attempt) }, startedAt: 0, finishedAt: 0, exitCode: 0, reason: "", message: "" };
}

const containers = [container("c-app", "app", "CONTAINER_RUNNING", 1), container("c-app-0", "app", "CONTAINER_EXITED", 0)];

/** Just what the server calls; exec echoes its command and exits with the number after "exit". */
const runtime = {
  listPodSandbox: async () => [{ id: "sb1", metadata: { name: "web", namespace: "default", uid: "uid1", attempt: 0 }, state: "SANDBOX_READY", createdAt: 0, labels: {}, annotations: {} }],
  podSandboxStatus: async () => ({ id: "sb1", metadata: { name: "web", namespace: "default", uid: "uid1", attempt: 0 }, state: "SANDBOX_READY", createdAt: 0, labels: {}, annotations: {}, network: {} }),
  listContainers: async () => containers,
  containerStatus: async (id: string) => containers.find((c) => c.id === id)!,
  async exec(_id: string, cmd: string[], s: StreamSession) {
    if (s.stdin) for await (const chunk of s.stdin) s.stdout?.write(`in:${chunk}`);
    s.stdout?.write(`${cmd.join(" ")}\n`);
    s.stderr?.write("to stderr\n");
    const m = /exit (\d+)/.exec(cmd.join(" "));
    return m ? Number(m[1]) : 0;
  },
  async portForward(_sb: string, port: number, conn: Duplex) {
    if (port !== 80) throw new Error("connection refused");
    conn.on("data", (c: Buffer) => conn.write(`pong:${c}`));
    await new Promise((r) => conn.on("end", r));
    conn.end();
  },
} as unknown as Runtime;

const pod: Pod = {
  metadata: { name: "web", namespace: "default", uid: "uid1" },
  spec: { containers: [{ name: "app" }, { name: "sidecar" }] },
  status: {
    containerStatuses: [
      { name: "app", ready: true, restartCount: 1, image: "busybox", imageID: "", containerID: "sim://c-app", state: { running: {} }, lastState: { terminated: { exitCode: 1, containerID: "sim://c-app-0" } } },
      { name: "sidecar", ready: false, restartCount: 0, image: "busybox", imageID: "", state: { waiting: { reason: "ContainerCreating" } }, lastState: {} },
    ],
  },
} as Pod;

let server: RunningKubeletServer;
let client: { cert: string; key: string };
let denied = false;
const authorizer: KubeletAuthorizer = { authorize: async () => !denied };

before(async () => {
  const ca = await createCertificateAuthority({ clock });
  const c = await issueClientCert(ca, { commonName: "kube-apiserver-kubelet-client", organizations: ["kubeadm:cluster-admins"], clock });
  client = { cert: c.certPem, key: c.keyPem };
  const serving = await selfSignedKubeletCertificate(clock);
  server = await startKubeletServer({
    host: { nodeName: "node-1", clock, runtime, fs, pods: () => [pod], callTimeoutMs: 1000, config: () => ({ clusterDNS: ["10.96.0.10"], clusterDomain: "cluster.local" }) },
    authorizer,
    tls: { certPem: serving.certPem, keyPem: serving.keyPem, clientCAPem: ca.certPem },
    port: 0,
  });
  fs.writeFile("/var/log/pods/default_web_uid1/app/1.log", formatCriLogLine("2026-01-01T00:00:01Z", "stdout", "current"));
  fs.writeFile("/var/log/pods/default_web_uid1/app/0.log", formatCriLogLine("2026-01-01T00:00:00Z", "stdout", "before the restart"));
});
after(() => server.close());

function get(path: string, withCert = true): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = https.request({ host: "127.0.0.1", port: server.port, path, rejectUnauthorized: false, ...(withCert ? client : {}) }, (res) => {
      let body = "";
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

test("A request without a client certificate from the cluster CA is 401 Unauthorized.", async () => {
  assert.deepEqual(await get("/healthz", false), { status: 401, body: "Unauthorized\n" });
});

test("A request the authorizer denies is 403 with upstream's attributes; paths map to subresources.", async () => {
  denied = true;
  try {
    assert.deepEqual(await get("/pods"), { status: 403, body: "Forbidden (user=kube-apiserver-kubelet-client, verb=get, resource=nodes, subresource=proxy)\n" });
    assert.equal((await get("/stats/summary")).body, "Forbidden (user=kube-apiserver-kubelet-client, verb=get, resource=nodes, subresource=stats)\n");
  } finally {
    denied = false;
  }
});

test("/healthz answers ok and /pods lists the kubelet's pods.", async () => {
  assert.deepEqual(await get("/healthz"), { status: 200, body: "ok" });
  const list = JSON.parse((await get("/pods")).body);
  assert.equal(list.kind, "PodList");
  assert.equal(list.items[0].metadata.name, "web");
});

test("/configz shows the kubelet's configuration under kubeletconfig, as upstream's", async () => {
  const r = await get("/configz");
  assert.equal(r.status, 200);
  assert.deepEqual(JSON.parse(r.body), { kubeletconfig: { clusterDNS: ["10.96.0.10"], clusterDomain: "cluster.local" } });
});

test("/containerLogs reads the current instance's log, or the previous one's.", async () => {
  assert.deepEqual(await get("/containerLogs/default/web/app"), { status: 200, body: "current\n" });
  assert.deepEqual(await get("/containerLogs/default/web/app?previous=true&timestamps=true"), { status: 200, body: "2026-01-01T00:00:00Z before the restart\n" });
});

test("/containerLogs errors are upstream's.", async () => {
  assert.deepEqual(await get("/containerLogs/default/web/sidecar"), { status: 400, body: 'container "sidecar" in pod "web" is waiting to start: ContainerCreating\n' });
  assert.deepEqual(await get("/containerLogs/default/web/sidecar?previous=true"), { status: 400, body: 'previous terminated container "sidecar" in pod "web" not found\n' });
  assert.deepEqual(await get("/containerLogs/default/nope/app"), { status: 404, body: 'pod "nope" does not exist\n' });
  assert.deepEqual(await get("/containerLogs/default/web/other"), { status: 404, body: 'container "other" not found in pod "web"\n' });
  assert.equal((await get("/containerLogs/default/web/app?tailLines=-1")).body, '{"message": "TailLines must be a positive integer"}\n');
});

test("exec without an upgrade is refused.", async () => {
  assert.deepEqual(await get("/exec/default/web/app?command=ls&output=1"), { status: 400, body: "Upgrade request required\n" });
});

/** Runs exec over WebSocket; returns the messages by channel. */
function wsExec(query: string, protocol: string, input?: string): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`wss://127.0.0.1:${server.port}/exec/default/web/app?${query}`, [protocol], { rejectUnauthorized: false, ...client });
    const out = new Map<number, string>();
    ws.on("open", () => {
      if (input === undefined) return;
      ws.send(Buffer.concat([Buffer.from([0]), Buffer.from(input)]));
      ws.send(Buffer.from([255, 0])); // v5: close stdin
    });
    ws.on("message", (m: Buffer) => out.set(m[0], (out.get(m[0]) ?? "") + m.subarray(1).toString()));
    ws.on("close", () => resolve(out));
    ws.on("error", reject);
  });
}

test("exec over v5.channel.k8s.io: stdout and stderr on their channels, a success Status on the error channel.", async () => {
  const out = await wsExec("command=echo&command=hi&output=1&error=1", "v5.channel.k8s.io");
  assert.equal(out.get(1), "echo hi\n");
  assert.equal(out.get(2), "to stderr\n");
  assert.deepEqual(JSON.parse(out.get(3)!), { metadata: {}, status: "Success" });
});

test("exec over v5 takes stdin until the client closes it, and reports a non-zero exit code.", async () => {
  const out = await wsExec("command=sh&command=exit 3&input=1&output=1", "v5.channel.k8s.io", "typed");
  assert.equal(out.get(1), "in:typedsh exit 3\n");
  const status = JSON.parse(out.get(3)!);
  assert.equal(status.reason, "NonZeroExitCode");
  assert.deepEqual(status.details.causes, [{ reason: "ExitCode", message: "3" }]);
});

test("exec over a SPDY/3.1 upgrade: the client's streams carry output and the v4 Status.", async () => {
  const socket = tls.connect({ host: "127.0.0.1", port: server.port, rejectUnauthorized: false, ...client });
  await new Promise((r) => socket.once("secureConnect", r));
  socket.write(`POST /exec/default/web/app?command=exit%205&output=1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n`);
  const head = await new Promise<string>((resolve) => socket.once("data", (c: Buffer) => resolve(c.toString())));
  assert.match(head, /^HTTP\/1\.1 101 Switching Protocols\r\n/);
  assert.match(head, /X-Stream-Protocol-Version: v4\.channel\.k8s\.io/);
  const spdy = new SpdySession(socketTransport(socket), false);
  const error = await spdy.open({ streamtype: ["error"] });
  const stdout = await spdy.open({ streamtype: ["stdout"] });
  const read = (s: Duplex) => new Promise<string>((resolve) => { let t = ""; s.on("data", (c: Buffer) => (t += c)); s.on("end", () => resolve(t)); });
  const [out, err] = await Promise.all([read(stdout), read(error)]);
  assert.equal(out, "exit 5\n");
  assert.equal(JSON.parse(err).details.causes[0].message, "5");
  socket.destroy();
});

test("Port-forward over WebSocket channels: the port first on each channel, then data; refused ports report on the error channel.", async () => {
  const ws = new WebSocket(`wss://127.0.0.1:${server.port}/portForward/default/web?port=80&port=81`, ["v4.channel.k8s.io"], { rejectUnauthorized: false, ...client });
  const got = new Map<number, Buffer[]>();
  await new Promise<void>((resolve, reject) => {
    ws.on("message", (m: Buffer) => {
      got.set(m[0], [...(got.get(m[0]) ?? []), m.subarray(1)]);
      if (got.get(0)?.length === 1) ws.send(Buffer.concat([Buffer.from([0]), Buffer.from("ping")]));
      if (got.get(0)?.length === 2 && got.get(3)?.length === 2) resolve();
    });
    ws.on("error", reject);
  });
  assert.equal(got.get(0)![0].readUInt16LE(0), 80);
  assert.equal(got.get(0)![1].toString(), "pong:ping");
  assert.match(got.get(3)![1].toString(), /^error forwarding port 81 to pod sb1, uid : connection refused$/);
  ws.terminate();
});

test("servers of one process take the next port after those it holds, and a closed server's port is free again", async () => {
  const serving = await selfSignedKubeletCertificate(clock);
  const start = (port: number) =>
    startKubeletServer({ host: { nodeName: "node-p", clock, runtime, fs, pods: () => [], callTimeoutMs: 1000 }, authorizer, tls: { certPem: serving.certPem, keyPem: serving.keyPem, clientCAPem: serving.certPem }, port, portAttempts: 50 });
  const probe = await start(0);
  const first = probe.port;
  await probe.close();
  const a = await start(first);
  const b = await start(first);
  assert.equal(a.port, first);
  assert.ok(b.port > first && b.port < first + 50, `second server on ${b.port}`);
  await a.close();
  const c = await start(first);
  assert.equal(c.port, first);
  await Promise.all([b.close(), c.close()]);
});

test("Servers of one process answer each for its own node on its own port, and closing one ends its open connections only", async () => {
  const serving = await selfSignedKubeletCertificate(clock);
  const ca = await createCertificateAuthority({ clock });
  const c = await issueClientCert(ca, { commonName: "kube-apiserver-kubelet-client", clock });
  const podOf = (name: string) => ({ metadata: { name, namespace: "default", uid: name } }) as Pod;
  const start = (name: string) =>
    startKubeletServer({ host: { nodeName: name, clock, runtime, fs, pods: () => [podOf(`pod-of-${name}`)], callTimeoutMs: 1000 }, authorizer, tls: { certPem: serving.certPem, keyPem: serving.keyPem, clientCAPem: ca.certPem }, port: 0 });
  const [a, b] = await Promise.all([start("node-a"), start("node-b")]);
  const agent = new https.Agent({ keepAlive: true, maxSockets: 1, rejectUnauthorized: false, cert: c.certPem, key: c.keyPem });
  const podsAt = (port: number) =>
    new Promise<{ names: string[]; socket: tls.TLSSocket }>((resolve, reject) => {
      const req = https.request({ host: "127.0.0.1", port, path: "/pods", agent }, (res) => {
        let body = "";
        res.on("data", (d) => (body += d));
        res.on("end", () => resolve({ names: (JSON.parse(body) as { items: Pod[] }).items.map((p) => p.metadata!.name!), socket: req.socket as tls.TLSSocket }));
      });
      req.on("error", reject);
      req.end();
    });
  const fromA = await podsAt(a.port);
  const fromB = await podsAt(b.port);
  assert.deepEqual(fromA.names, ["pod-of-node-a"]);
  assert.deepEqual(fromB.names, ["pod-of-node-b"]);
  assert.equal(fromA.socket.getPeerCertificate().subject.CN, fromB.socket.getPeerCertificate().subject.CN);
  const closedA = new Promise((r) => fromA.socket.once("close", r));
  await a.close();
  await closedA;
  assert.equal(fromB.socket.destroyed, false);
  assert.deepEqual((await podsAt(b.port)).names, ["pod-of-node-b"]);
  agent.destroy();
  await b.close();
});
