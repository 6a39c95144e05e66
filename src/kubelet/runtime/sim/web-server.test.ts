import assert from "node:assert/strict";
import { Duplex, PassThrough, Writable } from "node:stream";
import { describe, it } from "node:test";
import { VirtualClock } from "../../../util/clock.js";
import { RuntimeError, type ContainerConfig, type PortMapping } from "../runtime.js";
import { createSimRuntime } from "./sim-runtime.js";
import { programPorts } from "./web-server.js";

async function pod(container: Partial<ContainerConfig>, portMappings: PortMapping[] = []) {
  const clock = new VirtualClock();
  const rt = createSimRuntime({ clock });
  const o = () => ({ deadline: clock.now() + 60_000 });
  const sb = await rt.runPodSandbox({ metadata: { name: "ss-0", namespace: "ns", uid: "u1", attempt: 0 }, hostname: "ss-0", ip: "10.0.0.2", portMappings }, o());
  const id = await rt.createContainer(sb, { metadata: { name: "webserver", attempt: 0 }, image: "busybox", ...container }, o());
  await rt.startContainer(id, o());
  /** One HTTP/1.1 GET through portForward, as the kubelet's prober sends it. */
  const get = async (port: number, path: string) => {
    const toServer = new PassThrough();
    let text = "";
    const fromServer = new Writable({ write: (c: Buffer, _e, cb) => ((text += c.toString()), cb()) });
    const served = rt.portForward(sb, port, Duplex.from({ readable: toServer, writable: fromServer }));
    toServer.end(`GET ${path} HTTP/1.1\r\nHost: 10.0.0.2:${port}\r\nConnection: close\r\n\r\n`);
    await served;
    const [head = "", body = ""] = text.split("\r\n\r\n");
    return { status: Number(head.split(" ")[1]), body };
  };
  return { clock, rt, o, sb, id, get };
}

describe("sim web servers", () => {
  it("httpd serves its web root: moving index.html away by exec turns 200 into 404, moving it back into 200", async () => {
    const { rt, o, id, get } = await pod({ image: "registry.k8s.io/e2e-test-images/httpd:2.4.38-4" });
    assert.deepEqual(await get(80, "/index.html"), { status: 200, body: "<html><body><h1>It works!</h1></body></html>\n" });
    const mv = await rt.execSync(id, ["/bin/sh", "-c", "mv -v /usr/local/apache2/htdocs/index.html /tmp/ || true"], 0, o());
    assert.deepEqual(mv, { exitCode: 0, stdout: "'/usr/local/apache2/htdocs/index.html' -> '/tmp/index.html'\n", stderr: "" });
    assert.equal((await get(80, "/index.html")).status, 404);
    assert.equal((await get(80, "/")).status, 404);
    await rt.execSync(id, ["/bin/sh", "-c", "mv -v /tmp/index.html /usr/local/apache2/htdocs/ || true"], 0, o());
    assert.equal((await get(80, "/")).status, 200);
  });

  it("nginx serves /usr/share/nginx/html and answers 404 for what is absent", async () => {
    const { get } = await pod({ image: "nginx:1.25" });
    assert.match((await get(80, "/")).body, /Welcome to nginx!/);
    assert.match((await get(80, "/nope.html")).body, /404 Not Found/);
  });

  it("other containers answer 200 on their declared ports only; a stopped container listens on nothing", async () => {
    const { rt, o, id, get, sb } = await pod({ image: "example.com/app:1" }, [{ containerPort: 8080, protocol: "TCP", containerName: "webserver" }]);
    assert.deepEqual(await get(8080, "/healthz"), { status: 200, body: "sim: pod ns/ss-0 container webserver port 8080\n" });
    await assert.rejects(rt.portForward(sb, 80, new PassThrough()), (e: unknown) => e instanceof RuntimeError && /connection refused/.test(e.message));
    await rt.stopContainer(id, 0, o());
    await assert.rejects(rt.portForward(sb, 8080, new PassThrough()), (e: unknown) => e instanceof RuntimeError && /connection refused/.test(e.message));
  });

  it("agnhost listens where its subcommand's flags say", async () => {
    const { get } = await pod({ image: "registry.k8s.io/e2e-test-images/agnhost:2.53", args: ["netexec", "--http-port=8081"] });
    assert.deepEqual(await get(8081, "/hostname"), { status: 200, body: "ss-0" });
    assert.deepEqual(await get(8081, "/echo?msg=hi"), { status: 200, body: "hi" });
    assert.deepEqual(programPorts("registry.k8s.io/e2e-test-images/agnhost:2.53", ["serve-hostname"]), [9376]);
    assert.deepEqual(programPorts("registry.k8s.io/e2e-test-images/agnhost:2.53", ["netexec"]), [8080]);
    assert.deepEqual(programPorts("busybox", ["sh", "-c", "sleep 1"]), []);
  });

  it("execSync runs the command in the container's shell and reports its exit code", async () => {
    const { rt, o, id } = await pod({ image: "busybox", command: ["sh", "-c", "touch /tmp/healthy; sleep 3600"] });
    assert.deepEqual(await rt.execSync(id, ["cat", "/tmp/healthy"], 1, o()), { exitCode: 0, stdout: "", stderr: "" });
    assert.deepEqual(await rt.execSync(id, ["cat", "/tmp/nope"], 1, o()), { exitCode: 1, stdout: "", stderr: "cat: can't open '/tmp/nope': No such file or directory\n" });
  });
});
