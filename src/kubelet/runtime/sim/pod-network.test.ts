import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../../util/clock.js";
import { createPodNetwork, hostsLookup } from "./pod-network.js";
import { createSimRuntime } from "./sim-runtime.js";
import { NetError } from "./shell/types.js";

const HOSTS = "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n10.244.1.5\tweb-0.web.default.svc.cluster.local\tweb-0\n";

describe("sim pod network", () => {
  it("resolves names through /etc/hosts, IPv4 first; literals resolve to themselves", async () => {
    assert.equal(hostsLookup(HOSTS, "localhost"), "127.0.0.1");
    assert.equal(hostsLookup(HOSTS, "ip6-loopback"), "::1");
    assert.equal(hostsLookup(HOSTS, "WEB-0"), "10.244.1.5");
    assert.equal(hostsLookup(HOSTS, "web"), undefined);
    const net = createPodNetwork({ podIP: "10.244.1.5", hostsFile: () => HOSTS, listener: () => undefined });
    assert.deepEqual(await net.lookup("10.96.0.1"), { ok: true, addresses: ["10.96.0.1"] });
    assert.deepEqual(await net.lookup("web-0.web.default.svc.cluster.local"), { ok: true, addresses: ["10.244.1.5"] });
    assert.deepEqual(await net.lookup("kubernetes.default.svc"), { ok: false, failure: "NXDOMAIN" }, "no cluster DNS answers");
  });

  it("loopback and the pod's own IP reach its listeners; other addresses have no route", async () => {
    const net = createPodNetwork({ podIP: "10.244.1.5", hostsFile: () => HOSTS, listener: (port) => (port === 80 ? () => ({ status: 200, contentType: "text/plain", body: "ok" }) : undefined) });
    for (const address of ["127.0.0.1", "::1", "10.244.1.5"]) assert.equal((await net.connect(address, 80))({ method: "GET", target: "/" }).body, "ok");
    await assert.rejects(async () => net.connect("127.0.0.1", 81), (e: unknown) => e instanceof NetError && e.code === "ECONNREFUSED");
    await assert.rejects(async () => net.connect("10.244.2.9", 80), (e: unknown) => e instanceof NetError && e.code === "EHOSTUNREACH");
  });

  it("a sim container's wget reaches the web server of another container of its pod, and not a Service name", async () => {
    const clock = new VirtualClock();
    const rt = createSimRuntime({ clock });
    const o = () => ({ deadline: clock.now() + 60_000 });
    const sb = await rt.runPodSandbox({ metadata: { name: "web-0", namespace: "default", uid: "u1", attempt: 0 }, hostname: "web-0", ip: "10.244.1.5" }, o());
    const nginx = await rt.createContainer(sb, { metadata: { name: "nginx", attempt: 0 }, image: "nginx:1.27" }, o());
    await rt.startContainer(nginx, o());
    const sidecar = await rt.createContainer(sb, { metadata: { name: "client", attempt: 0 }, image: "busybox", command: ["sh", "-c", "sleep 3600"] }, o());
    await rt.startContainer(sidecar, o());
    const local = await rt.execSync(sidecar, ["wget", "-qO-", "http://localhost/"], 10, o());
    assert.equal(local.exitCode, 0, local.stderr);
    assert.match(local.stdout, /Welcome to nginx!/);
    const byName = await rt.execSync(sidecar, ["wget", "-qO-", "web-0:80/"], 10, o());
    assert.equal(byName.exitCode, 0, byName.stderr);
    const service = await rt.execSync(sidecar, ["wget", "web:80"], 10, o());
    assert.deepEqual(service, { exitCode: 1, stdout: "", stderr: "wget: bad address 'web:80'\n" });
    await rt.stopContainer(nginx, 0, o());
    const stopped = await rt.execSync(sidecar, ["wget", "-q", "localhost"], 10, o());
    assert.deepEqual(stopped, { exitCode: 1, stdout: "", stderr: "wget: can't connect to remote host (127.0.0.1): Connection refused\n" });
  });
});
