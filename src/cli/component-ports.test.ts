import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

const skiff = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/skiff");
const scratch = mkdtempSync(join(tmpdir(), "skiff-ports-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

function listen(): Promise<Server> {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.once("error", fail);
    srv.listen(0, "127.0.0.1", () => ok(srv));
  });
}

/** Runs `skiff up` to its end (it must not become ready); kills it if it does. */
function upUntilExit(args: string[]): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((ok) => {
    const child = spawn(process.execPath, [skiff, "up", "--data-dir", mkdtempSync(join(scratch, "d-")), "--port", "0", "--nodes", "0", "--storage", "memory", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d) => {
      stdout += d;
      if (stdout.includes("cluster ready")) process.kill(child.pid!, "SIGKILL");
    });
    child.stderr!.on("data", (d) => (stderr += d));
    child.once("exit", (code) => ok({ code, stderr, stdout }));
  });
}

test("a taken secure port fails the start with upstream's listener error", async () => {
  const taken = await listen();
  const port = (taken.address() as { port: number }).port;
  try {
    const r = await upUntilExit(["--controller-manager-secure-port", "0", "--scheduler-secure-port", String(port)]);
    assert.equal(r.code, 1, r.stdout + r.stderr);
    assert.match(r.stderr, new RegExp(`^Error: kube-scheduler: failed to create listener: failed to listen on 127\\.0\\.0\\.1:${port}: listen tcp 127\\.0\\.0\\.1:${port}: bind: address already in use$`, "m"));
    assert.doesNotMatch(r.stdout, /cluster ready/);
  } finally {
    taken.close();
  }
});

test("a secure port out of range is a flag error", async () => {
  const r = await upUntilExit(["--scheduler-secure-port", "70000"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /scheduler-secure-port/);
  assert.match(r.stderr, /must be between 0 and 65535, inclusive/);
});
