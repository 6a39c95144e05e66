import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../../../../util/clock.js";
import { createContainerFs } from "../../container-fs.js";
import { createMemoryFilesystem } from "../../memory-filesystem.js";
import { runScript } from "../interpreter.js";
import { bytesInput, EMPTY_INPUT, type ShellContext } from "../types.js";
import { applyMode } from "./file-ops.js";

function shell(image = "httpd:2.4.38-alpine") {
  const clock = new VirtualClock();
  const host = createMemoryFilesystem({ clock });
  host.mkdir("/vol/data");
  const fs = createContainerFs({ host, upperDir: "/var/lib/sim/c1/fs", mounts: [{ containerPath: "/data", hostPath: "/vol/data", readonly: false }], whiteouts: new Set(), image });
  const ctx: ShellContext = { fs, env: new Map([["PATH", "/bin"]]), cwd: "/", status: 0, argv: ["sh"], pid: 1, hostname: "ss-0", sleep: async () => undefined, now: () => Date.UTC(2026, 11, 2, 15, 4, 5) };
  return async (script: string, stdin?: string) => {
    let out = "";
    let err = "";
    const io = { stdin: stdin === undefined ? EMPTY_INPUT : bytesInput(stdin), stdout: (d: Uint8Array | string) => void (out += Buffer.from(d).toString()), stderr: (d: Uint8Array | string) => void (err += Buffer.from(d).toString()) };
    const code = await runScript(script, io, { ...ctx, env: new Map(ctx.env) });
    return { code, out, err };
  };
}

describe("sim shell file operations", () => {
  it("mv -v moves the web root's index.html out and back, as the StatefulSet test does", async () => {
    const run = shell();
    assert.deepEqual(await run("mv -v /usr/local/apache2/htdocs/index.html /tmp/ || true"), { code: 0, out: "'/usr/local/apache2/htdocs/index.html' -> '/tmp/index.html'\n", err: "" });
    assert.equal((await run("ls /usr/local/apache2/htdocs")).out, "");
    assert.match((await run("cat /tmp/index.html")).out, /It works!/);
    const again = await run("mv -v /usr/local/apache2/htdocs/index.html /tmp/ || true");
    assert.deepEqual(again, { code: 0, out: "", err: "mv: can't rename '/usr/local/apache2/htdocs/index.html': No such file or directory\n" });
    assert.equal((await run("mv -v /tmp/index.html /usr/local/apache2/htdocs/")).code, 0);
    assert.equal((await run("ls /usr/local/apache2/htdocs")).out, "index.html\n");
  });

  it("cp copies files and, with -r, directories", async () => {
    const run = shell();
    assert.equal((await run("mkdir -p /a/b; echo hi > /a/b/f; cp /a/b/f /tmp/g && cat /tmp/g")).out, "hi\n");
    assert.equal((await run("cp /a /tmp/x")).err, "cp: omitting directory '/a'\n");
    assert.equal((await run("cp -r /a /tmp/x && cat /tmp/x/b/f")).out, "hi\n");
    assert.equal((await run("cp /nope /tmp")).err, "cp: can't stat '/nope': No such file or directory\n");
  });

  it("ln -s makes a link that reads through, as the StatefulSet volume test checks", async () => {
    const run = shell("busybox");
    const r = await run('echo $(hostname) | dd of=/data/hostname conv=fsync; ln -s /data/hostname /data/hostname-symlink; if [ "$(cat /data/hostname-symlink)" = "$(hostname)" ]; then exit 0; else exit 1; fi');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /^0\+1 records in\n0\+1 records out\n5 bytes/);
    assert.equal((await run("ln -s /x /data/hostname-symlink")).code, 1);
    assert.equal((await run("ln /data/hostname /data/hard")).code, 1);
  });

  it("chmod sets octal and symbolic modes on files", async () => {
    const run = shell();
    assert.match((await run("touch /tmp/f; chmod 600 /tmp/f; ls -l /tmp/f")).out, /^-rw------- /);
    assert.match((await run("chmod +x /tmp/f; ls -l /tmp/f")).out, /^-rwx--x--x /);
    assert.equal((await run("chmod q /tmp/f")).err, "chmod: invalid mode 'q'\n");
    assert.equal(applyMode("go-w", 0o666), 0o644);
    assert.equal(applyMode("u=rx", 0o644), 0o544);
  });

  it("dd copies stdin or a file, limited by bs and count", async () => {
    const run = shell();
    assert.equal((await run("dd if=/usr/local/apache2/htdocs/index.html bs=4 count=2 status=none")).out, "<html><b");
    assert.equal((await run("dd bs=1 count=3 status=none", "abcdef")).out, "abc");
    assert.equal((await run("dd bogus")).code, 1);
  });

  it("id, date and uname answer as busybox as root", async () => {
    const run = shell();
    assert.equal((await run("id")).out, "uid=0(root) gid=0(root) groups=0(root),10(wheel)\n");
    assert.equal((await run("id -u; id -un")).out, "0\nroot\n");
    assert.equal((await run("date")).out, "Wed Dec  2 15:04:05 UTC 2026\n");
    assert.equal((await run("date +%s")).out, `${Date.UTC(2026, 11, 2, 15, 4, 5) / 1000}\n`);
    assert.equal((await run("date +%Y-%m-%dT%H:%M:%S")).out, "2026-12-02T15:04:05\n");
    assert.equal((await run("uname")).out, "Linux\n");
    assert.equal((await run("uname -n -m")).out, "ss-0 x86_64\n");
  });

  it("nginx's image has its own web root; busybox's has none", async () => {
    assert.match((await shell("docker.io/library/nginx:1.25")("cat /usr/share/nginx/html/index.html")).out, /Welcome to nginx!/);
    assert.equal((await shell("busybox:1.36")("ls /usr/share/nginx/html")).code, 1);
  });
});
