import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createMemoryFilesystem } from "../runtime/sim/memory-filesystem.js";
import { validatePayloadPath, writeAtomically, type Payload } from "./atomic-writer.js";

const DIR = "/var/lib/kubelet/pods/u1/volumes/kubernetes.io~configmap/config";
const payload = (files: Record<string, string>, mode = 0o644): Payload => new Map(Object.entries(files).map(([k, v]) => [k, { data: Buffer.from(v), mode }]));
const read = (fs: ReturnType<typeof createMemoryFilesystem>, p: string) => Buffer.from(fs.readFile(p) ?? []).toString();

describe("atomic writer", () => {
  it("writes the payload into a timestamped dir behind ..data with a symlink per top-level path", () => {
    const fs = createMemoryFilesystem();
    assert.equal(writeAtomically(fs, DIR, payload({ "app.properties": "a=1", "nested/x.yaml": "x: 1" }), Date.UTC(2026, 11, 2, 14, 22, 11)), true);
    const entries = fs.readdir(DIR)!;
    const ts = entries.find((e) => e.startsWith("..2026_12_02_14_22_11."));
    assert.ok(ts, `a timestamped dir in ${entries}`);
    assert.deepEqual(entries.filter((e) => e !== ts), ["..data", "app.properties", "nested"]);
    assert.equal(fs.lstat(`${DIR}/..data`)?.target, ts);
    assert.equal(fs.lstat(`${DIR}/app.properties`)?.target, "..data/app.properties");
    assert.equal(fs.lstat(`${DIR}/nested`)?.target, "..data/nested");
    assert.equal(read(fs, `${DIR}/app.properties`), "a=1");
    assert.equal(read(fs, `${DIR}/nested/x.yaml`), "x: 1");
    assert.equal(fs.lstat(`${DIR}/${ts}/app.properties`)?.mode, 0o644);
  });

  it("writes nothing when the payload is unchanged", () => {
    const fs = createMemoryFilesystem();
    writeAtomically(fs, DIR, payload({ k: "v" }), 0);
    const before = fs.lstat(`${DIR}/..data`)?.target;
    assert.equal(writeAtomically(fs, DIR, payload({ k: "v" }), 5_000), false);
    assert.equal(fs.lstat(`${DIR}/..data`)?.target, before);
  });

  it("swaps to new content, removing the old dir and paths that left", () => {
    const fs = createMemoryFilesystem();
    writeAtomically(fs, DIR, payload({ k: "v1", gone: "x" }), 0);
    const old = fs.lstat(`${DIR}/..data`)?.target;
    assert.equal(writeAtomically(fs, DIR, payload({ k: "v2", added: "y" }), 60_000), true);
    const now = fs.lstat(`${DIR}/..data`)?.target;
    assert.notEqual(now, old);
    assert.equal(read(fs, `${DIR}/k`), "v2");
    assert.equal(read(fs, `${DIR}/added`), "y");
    assert.equal(fs.lstat(`${DIR}/gone`), undefined);
    assert.equal(fs.lstat(`${DIR}/${old}`), undefined);
    assert.deepEqual(fs.readdir(DIR), [now, "..data", "added", "k"].sort());
  });

  it("rewrites when only a mode changes", () => {
    const fs = createMemoryFilesystem();
    writeAtomically(fs, DIR, payload({ k: "v" }, 0o644), 0);
    assert.equal(writeAtomically(fs, DIR, payload({ k: "v" }, 0o400), 1_000), true);
    assert.equal(fs.lstat(`${DIR}/..data/k`)?.mode, 0o400);
  });

  for (const bad of ["/abs", "a/../b", "..hidden"]) {
    it(`refuses the path ${bad}`, () => assert.throws(() => validatePayloadPath(bad)));
  }
});
