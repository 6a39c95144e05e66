import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { VirtualClock } from "../../../util/clock.js";
import { createMemoryFilesystem, pathParts } from "./memory-filesystem.js";

const text = (b: Uint8Array | undefined) => (b === undefined ? undefined : Buffer.from(b).toString("utf8"));

describe("memory filesystem", () => {
  it("splits paths into names, resolving '.', '..' and repeated slashes", () => {
    assert.deepEqual(pathParts("/"), []);
    assert.deepEqual(pathParts(""), []);
    assert.deepEqual(pathParts("/var/lib/kubelet"), ["var", "lib", "kubelet"]);
    assert.deepEqual(pathParts("/v/..data/key"), ["v", "..data", "key"]);
    assert.deepEqual(pathParts("/a//b/./c/"), ["a", "b", "c"]);
    assert.deepEqual(pathParts("/a/b/../c"), ["a", "c"]);
    assert.deepEqual(pathParts("/../a"), ["a"]);
    assert.deepEqual(pathParts("a/b"), ["a", "b"]);
  });

  it("writes a file with its parents and reads it back", () => {
    const fs = createMemoryFilesystem({ clock: new VirtualClock() });
    fs.writeFile("/var/lib/kubelet/pods/u1/etc-hosts", "127.0.0.1 localhost\n");
    assert.equal(text(fs.readFile("/var/lib/kubelet/pods/u1/etc-hosts")), "127.0.0.1 localhost\n");
    assert.deepEqual(fs.readdir("/var/lib/kubelet/pods"), ["u1"]);
    assert.equal(fs.lstat("/var/lib/kubelet")?.type, "dir");
    assert.equal(fs.readFile("/var/lib/kubelet"), undefined, "a directory has no bytes");
    assert.equal(fs.readFile("/nope"), undefined);
    assert.equal(fs.readdir("/var/lib/kubelet/pods/u1/etc-hosts"), undefined, "a file is not a directory");
  });

  it("appends in chunks and reads the whole file, stamping mtime from the clock", async () => {
    const clock = new VirtualClock();
    const fs = createMemoryFilesystem({ clock });
    fs.appendFile("/log/0.log", "a\n");
    await clock.advance(5000);
    fs.appendFile("/log/0.log", new TextEncoder().encode("b\n"));
    assert.equal(text(fs.readFile("/log/0.log")), "a\nb\n");
    fs.appendFile("/log/0.log", "c\n");
    assert.equal(text(fs.readFile("/log/0.log")), "a\nb\nc\n");
    const st = fs.lstat("/log/0.log")!;
    assert.equal(st.size, 6);
    assert.equal(st.mtime, clock.now());
    assert.equal(fs.bytes(), 6);
  });

  it("keeps its own copy of written bytes", () => {
    const fs = createMemoryFilesystem();
    const buf = new TextEncoder().encode("abc");
    fs.writeFile("/f", buf);
    buf[0] = 120;
    assert.equal(text(fs.readFile("/f")), "abc");
  });

  it("follows symlinks in the middle and at the end of a path, relative and absolute", () => {
    const fs = createMemoryFilesystem();
    const vol = "/var/lib/kubelet/pods/u1/volumes/kubernetes.io~configmap/cfg";
    fs.writeFile(`${vol}/..2026_01_01/key`, "v1");
    fs.symlink("..2026_01_01", `${vol}/..data`);
    fs.symlink("..data/key", `${vol}/key`);
    assert.equal(text(fs.readFile(`${vol}/key`)), "v1");
    assert.equal(fs.lstat(`${vol}/key`)?.type, "symlink");
    assert.equal(fs.lstat(`${vol}/key`)?.target, "..data/key");
    assert.deepEqual(fs.readdir(`${vol}/..data`), ["key"]);
    fs.symlink(vol, "/mnt/cfg");
    assert.equal(text(fs.readFile("/mnt/cfg/key")), "v1");
  });

  it("swaps volume data atomically by renaming a symlink over another", () => {
    const fs = createMemoryFilesystem();
    const vol = "/v";
    fs.writeFile(`${vol}/..1/key`, "old");
    fs.symlink("..1", `${vol}/..data`);
    fs.symlink("..data/key", `${vol}/key`);
    fs.writeFile(`${vol}/..2/key`, "new");
    fs.symlink("..2", `${vol}/..data_tmp`);
    fs.rename(`${vol}/..data_tmp`, `${vol}/..data`);
    fs.remove(`${vol}/..1`);
    assert.equal(text(fs.readFile(`${vol}/key`)), "new");
    assert.deepEqual(fs.readdir(vol), ["..2", "..data", "key"]);
  });

  it("reports a symlink loop as ELOOP and reads nothing through it", () => {
    const fs = createMemoryFilesystem();
    fs.symlink("b", "/a");
    fs.symlink("a", "/b");
    assert.equal(fs.readFile("/a"), undefined);
    assert.throws(() => fs.writeFile("/a/x", "y"), { code: "ELOOP" });
  });

  it("creates missing directories where a symlink on the way points, and writes through a final symlink", () => {
    const fs = createMemoryFilesystem();
    fs.mkdir("/data/real");
    fs.symlink("real", "/data/link");
    fs.symlink("/data/later", "/data/dangling");
    fs.writeFile("/data/link/a/b/file", "x");
    assert.equal(text(fs.readFile("/data/real/a/b/file")), "x");
    fs.mkdir("/data/dangling/sub");
    assert.equal(fs.lstat("/data/later/sub")?.type, "dir");
    assert.equal(fs.lstat("/data/dangling")?.type, "symlink");
    fs.symlink("../real/a/b/file", "/data/link/last");
    fs.writeFile("/data/real/last", "y");
    assert.equal(text(fs.readFile("/data/real/a/b/file")), "y", "a final symlink is written through");
    fs.writeFile("/x/./y/../z/f", "w");
    assert.deepEqual(fs.readdir("/x"), ["z"]);
    fs.symlink("/data/real/a/b/file", "/data/filelink");
    assert.throws(() => fs.mkdir("/data/filelink"), { code: "EEXIST" });
    assert.throws(() => fs.writeFile("/data/filelink/f", "y"), { code: "ENOTDIR" });
  });

  it("refuses to write through a file as if it were a directory, or over a directory", () => {
    const fs = createMemoryFilesystem();
    fs.writeFile("/f", "x");
    assert.throws(() => fs.writeFile("/f/g", "y"), { code: "ENOTDIR" });
    assert.throws(() => fs.mkdir("/f/d"), { code: "ENOTDIR" });
    fs.mkdir("/d/e");
    assert.throws(() => fs.writeFile("/d", "y"), { code: "EISDIR" });
    assert.throws(() => fs.appendFile("/d", "y"), { code: "EISDIR" });
    assert.throws(() => fs.symlink("x", "/f"), { code: "EEXIST" });
  });

  it("removes a directory with everything below it, and an absent path quietly", () => {
    const fs = createMemoryFilesystem();
    fs.writeFile("/a/b/c", "1");
    fs.writeFile("/a/d", "2");
    fs.remove("/a/b");
    assert.deepEqual(fs.readdir("/a"), ["d"]);
    fs.remove("/a/zzz");
    fs.remove("/nothing/here");
    fs.remove("/a");
    assert.deepEqual(fs.readdir("/"), []);
    assert.equal(fs.bytes(), 0);
  });

  it("wakes followers on append and replace until they stop watching", () => {
    const fs = createMemoryFilesystem();
    let woken = 0;
    const stop = fs.watch("/var/log/pods/x/app/0.log", () => woken++);
    fs.appendFile("/var/log/pods/x/app/0.log", "a");
    fs.appendFile("/var/log/pods/x/app//0.log", "b");
    fs.writeFile("/var/log/pods/x/app/0.log", "c");
    fs.writeFile("/var/log/pods/x/app/1.log", "other file");
    assert.equal(woken, 3);
    stop();
    fs.appendFile("/var/log/pods/x/app/0.log", "d");
    assert.equal(woken, 3);
  });

  it("wakes a follower of a symlink when data is written through it", () => {
    const fs = createMemoryFilesystem();
    fs.writeFile("/real/0.log", "");
    fs.symlink("/real/0.log", "/link.log");
    let woken = 0;
    fs.watch("/real/0.log", () => woken++);
    fs.appendFile("/link.log", "x");
    assert.equal(woken, 1);
    assert.equal(text(fs.readFile("/real/0.log")), "x");
  });

  it("round-trips through a JSON snapshot: files, binary data, modes, times and symlinks", () => {
    const clock = new VirtualClock();
    const fs = createMemoryFilesystem({ clock });
    fs.writeFile("/a/bin", new Uint8Array([0, 255, 7]), 0o600);
    fs.appendFile("/a/log", "x\n");
    fs.appendFile("/a/log", "y\n");
    fs.symlink("../a/log", "/b/link");
    fs.mkdir("/empty", 0o700);
    const json = JSON.parse(JSON.stringify(fs.snapshot()));
    const back = createMemoryFilesystem({ clock, from: json });
    assert.deepEqual([...back.readFile("/a/bin")!], [0, 255, 7]);
    assert.equal(back.lstat("/a/bin")?.mode, 0o600);
    assert.equal(text(back.readFile("/b/link")), "x\ny\n");
    assert.equal(back.lstat("/empty")?.mode, 0o700);
    assert.equal(back.lstat("/a/log")?.mtime, fs.lstat("/a/log")?.mtime);
    assert.deepEqual(back.snapshot(), fs.snapshot());
  });
});
