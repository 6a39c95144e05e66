import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../../../../util/clock.js";
import { createContainerFs } from "../../container-fs.js";
import { createMemoryFilesystem } from "../../memory-filesystem.js";
import { runScript } from "../interpreter.js";
import { EMPTY_INPUT, NetError, type NetRequest, type ShellContext, type ShellNetwork } from "../types.js";

/** A network where web:80 (10.0.0.7) serves /, /page.html, and 404 elsewhere; 10.0.0.8 refuses; names it does not know do not resolve. */
function network(seen: NetRequest[] = []): ShellNetwork {
  const names: Record<string, string> = { localhost: "127.0.0.1", web: "10.0.0.7", refusing: "10.0.0.8", dropping: "10.0.0.9" };
  return {
    lookup: (host) => {
      const address = /^[\d.]+$/.test(host) ? host : names[host];
      if (host === "nodns") return { ok: false, failure: "unreachable", waitMs: 5000 };
      return address ? { ok: true, addresses: [address] } : { ok: false, failure: "NXDOMAIN" };
    },
    connect(address, port) {
      if (address === "10.0.0.8" || port !== 80) throw new NetError("ECONNREFUSED");
      if (address === "10.0.0.9") throw new NetError("ETIMEDOUT");
      if (address !== "10.0.0.7" && address !== "127.0.0.1") throw new NetError("EHOSTUNREACH");
      return (req) => {
        seen.push(req);
        if (req.target === "/" || req.target === "/page.html") return { status: 200, contentType: "text/html", body: `<p>${req.target}</p>\n` };
        return { status: 404, contentType: "text/html", body: "not found\n" };
      };
    },
  };
}

function shell(net?: ShellNetwork, slept: number[] = []) {
  const clock = new VirtualClock();
  const host = createMemoryFilesystem({ clock });
  const fs = createContainerFs({ host, upperDir: "/var/lib/sim/c1/fs", mounts: [], whiteouts: new Set(), image: "busybox" });
  const ctx: ShellContext = { fs, env: new Map([["PATH", "/bin"]]), cwd: "/", status: 0, argv: ["sh"], pid: 1, hostname: "t", sleep: async (ms) => void slept.push(ms), net };
  return async (script: string) => {
    let out = "";
    let err = "";
    const io = { stdin: EMPTY_INPUT, stdout: (d: Uint8Array | string) => void (out += Buffer.from(d).toString()), stderr: (d: Uint8Array | string) => void (err += Buffer.from(d).toString()) };
    const code = await runScript(script, io, { ...ctx, env: new Map(ctx.env) });
    return { code, out, err };
  };
}

describe("sim wget", () => {
  it("saves a URL's body to the file its path names (index.html for /), with busybox's progress on stderr", async () => {
    const run = shell(network());
    const r = await run("cd /tmp && wget web:80");
    assert.equal(r.code, 0);
    assert.equal(r.out, "");
    assert.equal(
      r.err,
      "Connecting to web:80 (10.0.0.7:80)\nsaving to 'index.html'\nindex.html           100% |********************************|     9  0:00:00 ETA\n'index.html' saved\n",
    );
    assert.equal((await run("cat /tmp/index.html")).out, "<p>/</p>\n");
    assert.deepEqual(await run("cd /tmp && wget -q http://web/page.html && cat page.html"), { code: 0, out: "<p>/page.html</p>\n", err: "" });
  });

  it("-O - writes to stdout, -O FILE to that file; an existing file is not overwritten without -O", async () => {
    const run = shell(network());
    assert.deepEqual(await run("wget -qO- http://localhost/"), { code: 0, out: "<p>/</p>\n", err: "" });
    assert.deepEqual(await run("wget -q -O /tmp/x web && cat /tmp/x"), { code: 0, out: "<p>/</p>\n", err: "" });
    assert.equal((await run("wget -q -P /tmp web")).code, 0);
    assert.deepEqual(await run("wget -q -P /tmp web"), { code: 1, out: "", err: "wget: can't open 'index.html': File exists\n" });
  });

  it("a name that does not resolve is a bad address, as in a pod without cluster DNS", async () => {
    const run = shell(network());
    assert.deepEqual(await run("wget demo:80"), { code: 1, out: "", err: "wget: bad address 'demo:80'\n" });
    assert.deepEqual(await run("wget -q http://demo.default.svc/"), { code: 1, out: "", err: "wget: bad address 'demo.default.svc'\n" });
  });

  it("refused and unroutable connections, and HTTP errors, fail with 1 in busybox's words", async () => {
    const run = shell(network());
    assert.deepEqual(await run("wget -q refusing"), { code: 1, out: "", err: "wget: can't connect to remote host (10.0.0.8): Connection refused\n" });
    assert.deepEqual(await run("wget -q 10.96.0.1:80"), { code: 1, out: "", err: "wget: can't connect to remote host (10.96.0.1): No route to host\n" });
    assert.deepEqual(await run("wget -q web:81"), { code: 1, out: "", err: "wget: can't connect to remote host (10.0.0.7): Connection refused\n" });
    assert.deepEqual(await run("wget -qO- web/missing"), { code: 1, out: "", err: "wget: server returned error: HTTP/1.1 404 Not Found\n" });
  });

  it("--spider sends HEAD and saves nothing", async () => {
    const seen: NetRequest[] = [];
    const run = shell(network(seen));
    assert.deepEqual(await run("wget --spider web/page.html"), { code: 0, out: "", err: "Connecting to web (10.0.0.7:80)\nremote file exists\n" });
    assert.deepEqual(seen, [{ method: "HEAD", target: "/page.html" }]);
    assert.equal((await run("ls /")).out.includes("page.html"), false);
  });

  it("bad arguments print busybox's usage with 1; a shell without a network reaches nothing", async () => {
    const run = shell(network());
    const none = await run("wget");
    assert.equal(none.code, 1);
    assert.match(none.err, /^BusyBox v1\.36\.1 .*\n\nUsage: wget /);
    assert.match((await run("wget --bogus web")).err, /^wget: unrecognized option '--bogus'\n/);
    assert.match((await run("wget -O")).err, /^wget: option requires an argument -- 'O'\n/);
    assert.deepEqual(await run("wget ftp://web/x"), { code: 1, out: "", err: "wget: not an http or ftp url: ftp://web/x\n" });
    assert.deepEqual(await shell()("wget -q localhost"), { code: 1, out: "", err: "wget: can't connect to remote host (127.0.0.1): Connection refused\n" });
  });

  it("a dropped connection times out after -T seconds, or after the kernel's 127s of SYN retries; a lookup no nameserver answers waits the resolver's timeout", async () => {
    const slept: number[] = [];
    const run = shell(network(), slept);
    assert.deepEqual(await run("wget -T 2 -q dropping"), { code: 1, out: "", err: "wget: download timed out\n" });
    assert.deepEqual(await run("wget -q dropping"), { code: 1, out: "", err: "wget: can't connect to remote host (10.0.0.9): Connection timed out\n" });
    assert.deepEqual(await run("wget -q nodns"), { code: 1, out: "", err: "wget: bad address 'nodns'\n" });
    assert.deepEqual(slept, [2000, 127_000, 5000]);
    assert.deepEqual(await run("wget -T x web"), { code: 1, out: "", err: "wget: invalid number 'x'\n" });
  });
});
