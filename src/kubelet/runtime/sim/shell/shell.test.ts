import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../../../util/clock.js";
import { createContainerFs } from "../container-fs.js";
import { createMemoryFilesystem } from "../memory-filesystem.js";
import { runArgv, runScript } from "./interpreter.js";
import { parse, ShellSyntaxError } from "./parse.js";
import { readTar, writeTar } from "./tar-format.js";
import { bytesInput, EMPTY_INPUT, type ShellContext } from "./types.js";

function shell(opts: { stdin?: string | Uint8Array } = {}) {
  const clock = new VirtualClock();
  const host = createMemoryFilesystem({ clock });
  host.writeFile("/var/lib/kubelet/pods/u/volumes/cm/..1/key", "value-1");
  host.symlink("..1", "/var/lib/kubelet/pods/u/volumes/cm/..data");
  host.symlink("..data/key", "/var/lib/kubelet/pods/u/volumes/cm/key");
  const fs = createContainerFs({
    host,
    upperDir: "/var/lib/sim/c1/fs",
    mounts: [
      { containerPath: "/etc/config", hostPath: "/var/lib/kubelet/pods/u/volumes/cm", readonly: true },
      { containerPath: "/data", hostPath: "/var/lib/kubelet/pods/u/volumes/empty", readonly: false },
    ],
    whiteouts: new Set(),
  });
  host.mkdir("/var/lib/kubelet/pods/u/volumes/empty");
  let slept = 0;
  const ctx: ShellContext = {
    fs,
    env: new Map([
      ["PATH", "/bin"],
      ["HOME", "/root"],
      ["GREETING", "hello world"],
    ]),
    cwd: "/",
    status: 0,
    argv: ["sh"],
    pid: 1,
    hostname: "web-1",
    sleep: async (ms) => {
      slept += ms;
    },
  };
  let out = "";
  let err = "";
  const outBytes: Uint8Array[] = [];
  const io = {
    stdin: opts.stdin === undefined ? EMPTY_INPUT : bytesInput(opts.stdin),
    stdout: (d: Uint8Array | string) => {
      out += typeof d === "string" ? d : Buffer.from(d).toString("latin1");
      outBytes.push(typeof d === "string" ? Buffer.from(d) : d);
    },
    stderr: (d: Uint8Array | string) => void (err += typeof d === "string" ? d : Buffer.from(d).toString()),
  };
  const run = async (script: string) => {
    out = "";
    err = "";
    outBytes.length = 0;
    const code = await runScript(script, io, ctx);
    return { code, out, err, bytes: Buffer.concat(outBytes) };
  };
  return { run, ctx, host, fs, io, slept: () => slept };
}

describe("sim shell", () => {
  const cases: { name: string; script: string; out: string; code?: number; err?: string }[] = [
    { name: "echo joins its arguments", script: "echo a  b 'c  d'", out: "a b c  d\n" },
    { name: "echo -n leaves the newline out and -e reads escapes", script: "echo -n x; echo -e 'a\\tb\\nc'", out: "xa\tb\nc\n" },
    { name: "unquoted variables split, quoted ones do not", script: 'for w in $GREETING; do echo "<$w>"; done; echo "${GREETING}!"', out: "<hello>\n<world>\nhello world!\n" },
    { name: "&& and || follow the status", script: "false && echo no || echo yes; true && echo ok", out: "yes\nok\n" },
    { name: "$? is the last status", script: "false; echo $?", out: "1\n" },
    { name: "exit ends the script with its code", script: "echo done; exit 3; echo never", out: "done\n", code: 3 },
    { name: "an unknown command is not found, 127", script: "nginx -g 'daemon off;'", out: "", code: 127, err: "sh: nginx: not found\n" },
    { name: "redirections write, append and merge stderr", script: "echo a > /tmp/f; echo b >> /tmp/f; cat /tmp/f; ls /nope 2>&1", out: "a\nb\nls: /nope: No such file or directory\n", code: 1 },
    { name: "pipes feed the next command", script: "printf_missing 2>/dev/null; env | grep GREETING | wc -l", out: "1\n" },
    { name: "if, while and test work together", script: "i=0; while [ $i -lt 3 ]; do echo $i; i=3; done; if [ -d /nope ]; then echo no; elif [ -d /tmp ]; then echo dir; else echo no; fi", out: "0\ndir\n" },
    { name: "test tells files from directories", script: "[ -f /etc/passwd ] && [ -d /etc ] && [ ! -e /nope ] && echo yes", out: "yes\n" },
    { name: "cd and pwd move around", script: "cd /tmp && pwd; cd /nope", out: "/tmp\n", code: 2, err: "sh: cd: can't cd to /nope: No such file or directory\n" },
    { name: "head and tail cut lines and bytes", script: "echo -e '1\\n2\\n3' > /tmp/n; head -n 2 /tmp/n; tail -1 /tmp/n; tail -c+3 /tmp/n", out: "1\n2\n3\n2\n3\n" },
    { name: "hostname names the pod", script: "hostname", out: "web-1\n" },
    { name: "a syntax error exits 2", script: "if true; then echo", out: "", code: 2, err: 'sh: syntax error: unexpected end of file (expecting "fi")\n' },
    { name: "sh -c runs a nested script with its arguments", script: "sh -c 'echo $0 $1' me you", out: "me you\n" },
    { name: "volumes are read live from the host, through their symlinks", script: "cat /etc/config/key; ls /etc/config", out: "value-1key\n" },
  ];
  for (const t of cases) {
    it(t.name, async () => {
      const { run } = shell();
      const r = await run(t.script);
      assert.equal(r.out, t.out);
      assert.equal(r.code, t.code ?? 0);
      if (t.err !== undefined) assert.equal(r.err, t.err);
    });
  }

  it("parses quotes, escapes and comments into words", () => {
    const list = parse(`echo "a \\"b\\" $X" 'c d' e\\ f # comment`);
    const words = (list[0].first.commands[0] as { words: unknown[] }).words;
    assert.equal(words.length, 4);
    assert.throws(() => parse("echo 'open"), ShellSyntaxError);
  });

  it("sleeps on the runtime's clock", async () => {
    const { run, slept } = shell();
    await run("sleep 1; sleep 2m");
    assert.equal(slept(), 121_000);
  });

  it("sees a volume update the kubelet writes after the container started", async () => {
    const { run, host } = shell();
    host.writeFile("/var/lib/kubelet/pods/u/volumes/cm/..2/key", "value-2");
    host.remove("/var/lib/kubelet/pods/u/volumes/cm/..data");
    host.symlink("..2", "/var/lib/kubelet/pods/u/volumes/cm/..data");
    assert.equal((await run("cat /etc/config/key")).out, "value-2");
  });

  it("refuses writes to a read-only volume and writes a writable one to the host", async () => {
    const { run, host } = shell();
    const r = await run("echo x > /etc/config/new");
    assert.equal(r.code, 1);
    assert.match(r.err, /Read-only file system/);
    await run("echo y > /data/f");
    assert.equal(Buffer.from(host.readFile("/var/lib/kubelet/pods/u/volumes/empty/f")!).toString(), "y\n");
  });

  it("writes to the container's own layer and hides removed image files", async () => {
    const { run, host } = shell();
    await run("mkdir -p /tmp/a/b && touch /tmp/a/b/c && rm /etc/shadow");
    assert.equal(host.lstat("/var/lib/sim/c1/fs/tmp/a/b/c")?.type, "file");
    assert.equal((await run("ls /tmp/a/b; [ -e /etc/shadow ] || echo gone")).out, "c\ngone\n");
    assert.equal((await run("ls /etc")).out.includes("config"), true, "mount points show in their parent");
  });

  it("lists long entries as busybox does", async () => {
    const { run } = shell();
    const r = await run("ls -l /etc/passwd");
    assert.match(r.out, /^-rw-r--r-- +1 root +root +\d+ May 18 22:34 \/etc\/passwd\n$/);
  });

  it("reads sh commands from stdin as they arrive and stops at exit", async () => {
    const { io, ctx } = shell();
    let out = "";
    const code = await runArgv(["sh"], { ...io, stdin: bytesInput("echo one\nif true; then\necho two\nfi\nexit 4\necho never\n"), stdout: (d) => void (out += d.toString()) }, ctx);
    assert.equal(out, "one\ntwo\n");
    assert.equal(code, 4);
  });

  it("round-trips files through tar cf - and tar -xmf - -C, as kubectl cp runs them", async () => {
    const { run, io, ctx } = shell();
    await run("mkdir -p /tmp/src/sub && echo hello > /tmp/src/sub/f && echo top > /tmp/src/t");
    const archive = (await run("tar cf - /tmp/src")).bytes;
    const names = readTar(archive).map((e) => `${e.type}:${e.name}`);
    assert.deepEqual(names.sort(), ["dir:tmp/src", "dir:tmp/src/sub", "file:tmp/src/sub/f", "file:tmp/src/t"]);
    const code = await runArgv(["tar", "-xmf", "-", "-C", "/data"], { ...io, stdin: bytesInput(archive) }, ctx);
    assert.equal(code, 0);
    assert.equal((await run("cat /data/tmp/src/sub/f")).out, "hello\n");
  });

  it("reads long names from PAX headers", () => {
    const long = `${"d".repeat(120)}/file.txt`;
    const back = readTar(writeTar([{ name: long, type: "file", mode: 0o644, mtime: 1_700_000_000_000, data: new TextEncoder().encode("x") }]));
    assert.equal(back.length, 1);
    assert.equal(back[0].name, long);
    assert.equal(Buffer.from(back[0].data!).toString(), "x");
  });
});
