import { test, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { COMMANDS, nameOf } from "./commands.js";

const skiff = resolve(dirname(fileURLToPath(import.meta.url)), "../../bin/skiff");
const scratch = mkdtempSync(join(tmpdir(), "skiff-cli-"));
const started: ChildProcess[] = [];
after(() => {
  for (const p of started) if (p.exitCode === null && p.signalCode === null && p.pid) process.kill(p.pid, "SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [skiff, ...args], { encoding: "utf8", env: { ...process.env, SKIFF_DATA_DIR: join(scratch, "unused"), ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `skiff up` and resolves once it prints its ready line. */
async function up(dataDir: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [skiff, "up", "--data-dir", dataDir, "--port", "0", "--nodes", "0", "--storage", "memory", "--controller-manager-secure-port", "0", "--scheduler-secure-port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  started.push(child);
  let out = "";
  await new Promise<void>((ok, fail) => {
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("cluster ready")) ok();
    });
    child.once("exit", (code) => fail(new Error(`skiff up exited ${code}: ${out}`)));
  });
  return child;
}

async function stop(child: ChildProcess): Promise<void> {
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(child.pid!, "SIGTERM");
  await exited;
}

test("every command prints its usage, flags and defaults for --help, -h and `skiff help <command>`", () => {
  for (const c of COMMANDS.filter((c) => !c.passthrough)) {
    const name = nameOf(c);
    for (const args of [[name, "--help"], [name, "-h"], ["help", name]]) {
      const r = run(args);
      assert.equal(r.code, 0, `${args.join(" ")}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`Usage:\\n  skiff ${name}`));
      for (const f of c.flags) assert.ok(r.stdout.includes(`--${f.name}`), `${args.join(" ")} lists --${f.name}`);
    }
  }
  assert.match(run(["up", "--help"]).stdout, /--port int\s+HTTPS port of the API server \(0 picks a free port\) \(default 6443\)/);
  assert.match(run(["help", "kubectl"]).stdout, /KUBECONFIG is set to DIR\/kubeconfig unless it is already set/);
  const root = run([]);
  assert.equal(root.code, 0);
  for (const c of COMMANDS) assert.ok(root.stdout.includes(`  ${nameOf(c)} `));
});

test("unknown commands and flags fail with exit code 1 and say what is wrong", () => {
  const cmd = run(["frobnicate"]);
  assert.equal(cmd.code, 1);
  assert.equal(cmd.stderr, `Error: unknown command "frobnicate" for "skiff"\nRun 'skiff --help' for usage.\n`);
  const flag = run(["up", "--frobnicate"]);
  assert.equal(flag.code, 1);
  assert.equal(flag.stderr, "Error: unknown flag: --frobnicate\nSee 'skiff up --help' for usage.\n");
  assert.equal(run(["help", "frobnicate"]).code, 1);
  assert.equal(run(["chaos", "Meteor", "node-1"]).code, 1);
});

test("bad flag values fail at once, naming the flag, and create nothing", () => {
  const cases: [string[], RegExp][] = [
    [["--port", "99999"], /invalid argument "99999" for "--port" flag: must be between 0 and 65535/],
    [["--node-capacity", "cpu=lots"], /invalid argument "cpu=lots" for "--node-capacity" flag: cpu=lots: quantities must match/],
    [["--nodes", "-1"], /invalid argument "-1" for "--nodes" flag: must be 0 or more/],
    [["--cluster-cidr", "10.0.0/8"], /invalid argument "10.0.0\/8" for "--cluster-cidr" flag: invalid CIDR address: 10.0.0\/8/],
    [["--cluster-cidr", "10.0.0.0/26"], /--node-cidr-mask-size/],
    [["--pleg-threshold", "soon"], /invalid argument "soon" for "--pleg-threshold" flag: time: invalid duration "soon"/],
    [["--storage", "etcd"], /--etcd-endpoints must be set with --storage etcd/],
  ];
  for (const [args, want] of cases) {
    const dir = join(scratch, "never");
    const r = run(["up", "--data-dir", dir, ...args]);
    assert.equal(r.code, 1, args.join(" "));
    assert.match(r.stderr, want);
    assert.equal(existsSync(dir), false, `${args.join(" ")} created the data dir`);
  }
});

test("a second skiff up on a data dir in use fails naming the holder; a dead holder's lock is taken over", async () => {
  const dir = join(scratch, "locked");
  const first = await up(dir);
  const second = run(["up", "--data-dir", dir, "--port", "0", "--nodes", "0", "--storage", "memory"]);
  assert.equal(second.code, 1);
  assert.match(second.stderr, new RegExp(`data directory ${dir} is in use by process ${first.pid} \\(lock file ${dir}/skiff.lock\\)`));
  await stop(first);
  assert.equal(existsSync(join(dir, "skiff.lock")), false, "released on stop");
  // A process that died holding the lock.
  const dead = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"], { encoding: "utf8" });
  writeFileSync(join(dir, "skiff.lock"), `${dead.stdout}\n`);
  await stop(await up(dir));
});

test("skiff kubectl runs the bundled kubectl on the cluster's kubeconfig, passing arguments, stdin and exit codes", async () => {
  const dir = join(scratch, "kubectl");
  const server = await up(dir);
  try {
    const ns = run(["kubectl", "get", "namespaces", "-o", "name"], { SKIFF_DATA_DIR: dir, KUBECONFIG: "" });
    assert.equal(ns.code, 0, ns.stderr);
    assert.match(ns.stdout, /namespace\/default/);
    const flagged = run(["kubectl", "--data-dir", dir, "get", "pods", "missing"], { KUBECONFIG: "" });
    assert.equal(flagged.code, 1);
    assert.match(flagged.stderr, /pods "missing" not found/);
    // A KUBECONFIG the user set wins over the data dir.
    const theirs = run(["kubectl", "get", "ns", "default", "-o", "name"], { KUBECONFIG: join(dir, "kubeconfig") });
    assert.equal(theirs.stdout, "namespace/default\n");
    const applied = spawnSync(process.execPath, [skiff, "kubectl", "--data-dir", dir, "apply", "-f", "-"], { input: '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"piped","namespace":"default"}}', encoding: "utf8", env: { ...process.env, KUBECONFIG: "" } });
    assert.equal(applied.stdout, "configmap/piped created\n");
    assert.match(run(["kubectl", "--help"]).stdout, /kubectl controls the Kubernetes cluster manager/);
    const helm = run(["helm", "--data-dir", dir, "list", "-A"]);
    assert.equal(helm.code, 0, helm.stderr);
  } finally {
    await stop(server);
  }
});
