import assert from "node:assert/strict";
import { Duplex, PassThrough, Writable } from "node:stream";
import { it } from "node:test";
import { VirtualClock } from "../../../util/clock.js";
import type { PodDialer } from "./dependencies.js";
import { createSimRuntime } from "./sim-runtime.js";
import { containerLogPath } from "./container-setup.js";

it("A container with depends-on answers 503 on its ports while a dependency is down, logs why, and serves once it is up", async () => {
  const clock = new VirtualClock();
  let up = false;
  const dialed: { from: string; host: string; port: number }[] = [];
  const podDialer: PodDialer = async (from, _conf, host, port) => {
    dialed.push({ from: `${from.namespace}/${from.name}`, host, port });
    return up ? { ok: true } : { ok: false, error: `dial tcp: lookup ${host} on 10.96.0.10:53: read udp 10.0.0.2:45678->10.96.0.10:53: i/o timeout` };
  };
  const rt = createSimRuntime({ clock, podDialer });
  const o = () => ({ deadline: clock.now() + 60_000 });
  const annotations = { "sim.skiff.dev/depends-on.app": "web:80" };
  const sandboxConfig = { metadata: { name: "client", namespace: "ns", uid: "u1", attempt: 0 }, hostname: "client", ip: "10.0.0.2", annotations, portMappings: [{ containerPort: 8080, protocol: "TCP" as const }] };
  const containerConfig = { metadata: { name: "app", attempt: 0 }, image: "registry.example/client:1", annotations };
  const sb = await rt.runPodSandbox(sandboxConfig, o());
  const id = await rt.createContainer(sb, containerConfig, o());
  await rt.startContainer(id, o());
  const get = async () => {
    const toServer = new PassThrough();
    let text = "";
    const fromServer = new Writable({ write: (c: Buffer, _e, cb) => ((text += c.toString()), cb()) });
    const served = rt.portForward(sb, 8080, Duplex.from({ readable: toServer, writable: fromServer }));
    toServer.end("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    await served;
    await new Promise((r) => setImmediate(r));
    return Number(text.split(" ")[1]);
  };
  assert.equal(await get(), 503);
  assert.equal(await get(), 503);
  assert.deepEqual(dialed[0], { from: "ns/client", host: "web", port: 80 });
  up = true;
  await get();
  assert.equal(await get(), 200);
  const log = Buffer.from(rt.hostFilesystem.readFile(containerLogPath(sandboxConfig, containerConfig))!).toString();
  const lines = log.split("\n").filter((l) => / stderr /.test(l));
  assert.equal(lines.filter((l) => l.endsWith("dial tcp: lookup web on 10.96.0.10:53: read udp 10.0.0.2:45678->10.96.0.10:53: i/o timeout")).length, 1, log);
  assert.equal(lines.filter((l) => l.endsWith("connected to web:80")).length, 1, log);
});
