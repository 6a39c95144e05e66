import assert from "node:assert/strict";
import { Duplex, PassThrough, Writable } from "node:stream";
import { describe, it } from "node:test";
import { VirtualClock } from "../../../util/clock.js";
import { imageRepository, type SimProgram, type SimProgramContext } from "./programs.js";
import { createSimRuntime } from "./sim-runtime.js";

/** A program that records its context and runs until told to exit with a code, or until stopped. */
function recordingProgram() {
  const seen: { ctx?: SimProgramContext; stopped: boolean } = { stopped: false };
  let exit!: (code: number) => void;
  const program: SimProgram = {
    matches: (image) => imageRepository(image) === "example.com/tools/prog",
    run: (ctx) =>
      new Promise<number>((resolve) => {
        seen.ctx = ctx;
        ctx.log("stdout", "prog: started");
        ctx.serveProbes(8443, (req) => ({ status: req.target === "/readyz" ? 200 : 404, contentType: "text/plain", body: "ok" }));
        exit = resolve;
        ctx.signal.addEventListener("abort", () => {
          seen.stopped = true;
          resolve(0);
        });
      }),
  };
  return { program, seen, exit: (code: number) => exit(code) };
}

async function start(image: string) {
  const clock = new VirtualClock();
  const prog = recordingProgram();
  const rt = createSimRuntime({ clock, programs: [prog.program] });
  const o = () => ({ deadline: clock.now() + 10_000 });
  const sb = await rt.runPodSandbox({ metadata: { name: "p", namespace: "ns", uid: "u1", attempt: 0 }, ip: "10.0.0.7" }, o());
  const id = await rt.createContainer(sb, { metadata: { name: "main", attempt: 0 }, image, args: ["--flag=1"], envs: [{ key: "A", value: "b" }] }, o());
  await rt.startContainer(id, o());
  return { clock, rt, o, sb, id, ...prog };
}

async function httpGet(rt: ReturnType<typeof createSimRuntime>, sb: string, port: number, path: string): Promise<string> {
  const toServer = new PassThrough();
  let text = "";
  const fromServer = new Writable({ write: (c: Buffer, _e, cb) => ((text += c.toString()), cb()) });
  const served = rt.portForward(sb, port, Duplex.from({ readable: toServer, writable: fromServer }));
  toServer.end(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  await served;
  return text.split("\r\n")[0];
}

describe("sim programs", () => {
  it("names an image's repository without tag or digest, keeping a registry port", () => {
    assert.equal(imageRepository("registry.k8s.io/metrics-server/metrics-server:v0.8.0"), "registry.k8s.io/metrics-server/metrics-server");
    assert.equal(imageRepository("localhost:5000/prog@sha256:abc"), "localhost:5000/prog");
    assert.equal(imageRepository("localhost:5000/prog"), "localhost:5000/prog");
  });

  it("runs the image's program with the container's pod, IP, args and environment; its probe answers are the pod's port", async () => {
    const { rt, sb, seen } = await start("example.com/tools/prog:1.0");
    assert.deepEqual(seen.ctx?.pod, { namespace: "ns", name: "p", uid: "u1" });
    assert.equal(seen.ctx?.podIP, "10.0.0.7");
    assert.deepEqual(seen.ctx?.argv, ["--flag=1"]);
    assert.equal(seen.ctx?.env.A, "b");
    assert.equal(await httpGet(rt, sb, 8443, "/readyz"), "HTTP/1.1 200 OK");
    assert.equal(await httpGet(rt, sb, 8443, "/other"), "HTTP/1.1 404 Not Found");
  });

  it("the program's return is the container's exit", async () => {
    const { rt, o, id, exit } = await start("example.com/tools/prog:1.0");
    exit(3);
    await new Promise((r) => setImmediate(r));
    const s = await rt.containerStatus(id, o());
    assert.equal(s.state, "CONTAINER_EXITED");
    assert.equal(s.exitCode, 3);
  });

  it("stopping the container stops the program and its port", async () => {
    const { rt, o, sb, id, seen } = await start("example.com/tools/prog:1.0");
    await rt.stopContainer(id, 30, o());
    assert.equal(seen.stopped, true);
    await assert.rejects(httpGet(rt, sb, 8443, "/readyz"), /connection refused/);
  });

  it("other images are not the program's", async () => {
    const { seen } = await start("example.com/tools/other:1.0");
    assert.equal(seen.ctx, undefined);
  });
});
