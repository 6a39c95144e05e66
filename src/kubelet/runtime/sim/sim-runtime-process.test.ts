import assert from "node:assert/strict";
import { Duplex, PassThrough } from "node:stream";
import { describe, it } from "node:test";
import { VirtualClock } from "../../../util/clock.js";
import { RuntimeError, type ContainerConfig } from "../runtime.js";
import { createSimRuntime } from "./sim-runtime.js";

const LOG_DIR = "/var/log/pods/default_p_u1";

async function pod(containers: Partial<ContainerConfig>[], annotations: Record<string, string> = {}) {
  const clock = new VirtualClock();
  const rt = createSimRuntime({ clock });
  const o = () => ({ deadline: clock.now() + 60_000 });
  const sb = await rt.runPodSandbox(
    {
      metadata: { name: "p", namespace: "default", uid: "u1", attempt: 0 },
      hostname: "p",
      ip: "10.0.0.2",
      logDirectory: LOG_DIR,
      dnsConfig: { servers: ["10.96.0.10"], searches: ["default.svc.cluster.local", "svc.cluster.local"], options: ["ndots:5"] },
      portMappings: [{ containerPort: 80, protocol: "TCP", containerName: "web" }],
    },
    o(),
  );
  const ids: string[] = [];
  for (const c of containers) {
    const name = c.metadata?.name ?? "app";
    const id = await rt.createContainer(sb, { metadata: { name, attempt: 0 }, image: "busybox", logPath: `${name}/0.log`, annotations, ...c }, o());
    await rt.startContainer(id, o());
    ids.push(id);
  }
  const log = (name = "app") => {
    const raw = rt.hostFilesystem.readFile(`${LOG_DIR}/${name}/0.log`);
    return raw ? Buffer.from(raw).toString() : "";
  };
  const lines = (name = "app") => log(name).split("\n").filter(Boolean).map((l) => l.split(" ").slice(3).join(" "));
  return { clock, rt, o, sb, ids, log, lines };
}

function collect() {
  const s = new PassThrough();
  let text = "";
  s.on("data", (d: Buffer) => (text += d.toString()));
  return { stream: s, text: () => text };
}

describe("sim runtime processes", () => {
  it("completes a Job's sh -c 'echo done' at once with its output in the CRI log", async () => {
    const { rt, ids, o, log } = await pod([{ command: ["sh", "-c", "echo done"] }]);
    await new Promise((r) => setImmediate(r));
    const s = await rt.containerStatus(ids[0], o());
    assert.equal(s.state, "CONTAINER_EXITED");
    assert.equal(s.exitCode, 0);
    assert.equal(s.reason, "Completed");
    assert.match(log(), /^2026-01-01T00:00:00\.000000000Z stdout F done\n$/);
  });

  it("exits with the script's code when its sleeps are over on the clock", async () => {
    const { clock, rt, ids, o, lines } = await pod([{ command: ["sh", "-c"], args: ["echo start; sleep 5; echo oops >&2; exit 3"] }]);
    await clock.advance(4999);
    assert.equal((await rt.containerStatus(ids[0], o())).state, "CONTAINER_RUNNING");
    assert.deepEqual(lines(), ["start"]);
    await clock.advance(1);
    const s = await rt.containerStatus(ids[0], o());
    assert.equal(s.state, "CONTAINER_EXITED");
    assert.equal(s.exitCode, 3);
    assert.equal(s.reason, "Error");
    assert.equal(s.finishedAt - s.startedAt, 5000);
    assert.deepEqual(lines(), ["start", "oops"]);
  });

  it("runs an unknown program until stopped, writing a start line and a line every log-every", async () => {
    const { clock, rt, ids, o, lines } = await pod([{ image: "nginx" }], { "sim.skiff.dev/log-every": "5s" });
    await clock.advance(12_000);
    assert.equal((await rt.containerStatus(ids[0], o())).state, "CONTAINER_RUNNING");
    assert.equal(lines().length, 3);
    assert.match(lines()[0], /^sim: app started/);
    assert.equal(lines()[2], "sim: app running for 10s");
    await rt.stopContainer(ids[0], 30, o());
    assert.match(lines().at(-1)!, /exited with code 0/);
  });

  it("gives the container its environment, hostname, resolv.conf and own layer", async () => {
    const { rt, ids } = await pod([{ command: ["sleep", "3600"], envs: [{ key: "A", value: "1" }] }]);
    const out = collect();
    const code = await rt.exec(ids[0], ["sh", "-c", "echo $A $HOME $HOSTNAME; cat /etc/hostname /etc/resolv.conf; echo x > /tmp/f; cat /tmp/f"], { stdout: out.stream, stderr: out.stream, tty: false, signal: new AbortController().signal });
    assert.equal(code, 0);
    assert.equal(out.text(), "1 /root p\np\nsearch default.svc.cluster.local svc.cluster.local\nnameserver 10.96.0.10\noptions ndots:5\nx\n");
  });

  it("answers exec of an unknown program with 127 and runc's message", async () => {
    const { rt, ids } = await pod([{ command: ["sleep", "3600"] }]);
    const err = collect();
    const code = await rt.exec(ids[0], ["nginx"], { stdout: new PassThrough(), stderr: err.stream, tty: false, signal: new AbortController().signal });
    assert.equal(code, 127);
    assert.match(err.text(), /exec: "nginx": executable file not found in \$PATH/);
  });

  it("runs an interactive sh with a terminal: prompt, echo and CR LF", async () => {
    const { rt, ids } = await pod([{ command: ["sleep", "3600"] }]);
    const out = collect();
    const stdin = new PassThrough();
    const done = rt.exec(ids[0], ["sh"], { stdin, stdout: out.stream, tty: true, signal: new AbortController().signal });
    stdin.write("echo hi\r");
    stdin.write("exit 5\r");
    assert.equal(await done, 5);
    // Both lines arrive before sh reads them: the terminal echoes them as typed, then the output follows.
    assert.equal(out.text(), "/ # echo hi\r\nexit 5\r\nhi\r\n/ # ");
  });

  it("attaches to a kubectl run -i container: its stdin drives sh, closing it ends the container", async () => {
    const { rt, ids, o } = await pod([{ command: ["sh"], stdin: true, stdinOnce: true }]);
    const out = collect();
    const stdin = new PassThrough();
    const attached = rt.attach(ids[0], { stdin, stdout: out.stream, stderr: out.stream, tty: false, signal: new AbortController().signal });
    stdin.write("echo one\n");
    stdin.end();
    await attached;
    assert.equal(out.text(), "one\n");
    assert.equal((await rt.containerStatus(ids[0], o())).state, "CONTAINER_EXITED");
  });

  it("port-forwards a declared port to a small HTTP answer and refuses others", async () => {
    const { rt, sb } = await pod([{ metadata: { name: "web", attempt: 0 }, image: "example.com/app:1", logPath: "web/0.log" }]);
    const toServer = new PassThrough();
    const fromServer = collect();
    const conn = Duplex.from({ readable: toServer, writable: fromServer.stream });
    const served = rt.portForward(sb, 80, conn);
    toServer.end("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    await served;
    assert.match(fromServer.text(), /^HTTP\/1\.1 200 OK\r\n/);
    assert.match(fromServer.text(), /\r\n\r\nsim: pod default\/p container web port 80\n$/);
    await assert.rejects(rt.portForward(sb, 81, new PassThrough()), (e: unknown) => e instanceof RuntimeError && /failed to connect to localhost:81 inside namespace .*connection refused/.test(e.message));
  });

  it("takes startup-delay to start a container", async () => {
    const clock = new VirtualClock();
    const rt = createSimRuntime({ clock });
    const o = () => ({ deadline: clock.now() + 60_000 });
    const sb = await rt.runPodSandbox({ metadata: { name: "p", namespace: "default", uid: "u1", attempt: 0 } }, o());
    const id = await rt.createContainer(sb, { metadata: { name: "app", attempt: 0 }, image: "nginx", annotations: { "sim.skiff.dev/startup-delay": "3s" } }, o());
    let started = false;
    const start = rt.startContainer(id, o()).then(() => (started = true));
    await clock.advance(2999);
    assert.equal(started, false);
    assert.equal((await rt.containerStatus(id, o())).state, "CONTAINER_CREATED");
    await clock.advance(1);
    await start;
    assert.equal((await rt.containerStatus(id, o())).state, "CONTAINER_RUNNING");
  });

  it("restores from a snapshot: same ids and start times, logs kept, and a scripted exit in the downtime happens at its time", async () => {
    const { clock, rt, ids, o, sb } = await pod([{ command: ["sh", "-c", "echo a; sleep 60; echo b; exit 2"] }, { metadata: { name: "web", attempt: 0 }, image: "nginx", logPath: "web/0.log" }]);
    await clock.advance(10_000);
    const snap = JSON.parse(JSON.stringify(rt.snapshot()));
    await clock.advance(120_000);
    const back = createSimRuntime({ clock, from: snap });
    await clock.advance(0);
    const script = await back.containerStatus(ids[0], o());
    assert.equal(script.state, "CONTAINER_EXITED");
    assert.equal(script.exitCode, 2);
    assert.equal(script.finishedAt - script.startedAt, 60_000);
    const web = await back.containerStatus(ids[1], o());
    assert.equal(web.state, "CONTAINER_RUNNING");
    assert.equal(web.startedAt, (await rt.containerStatus(ids[1], o())).startedAt);
    assert.equal((await back.podSandboxStatus(sb, o())).network.ip, "10.0.0.2");
    const log = Buffer.from(back.hostFilesystem.readFile(`${LOG_DIR}/app/0.log`)!).toString();
    assert.deepEqual(log.split("\n").filter(Boolean).map((l) => l.split(" ").slice(3).join(" ")), ["a", "b"]);
    const fresh = await back.createContainer(sb, { metadata: { name: "x", attempt: 0 }, image: "nginx" }, o());
    assert.ok(!ids.includes(fresh));
  });
});
