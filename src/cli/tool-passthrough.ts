/**
 * `skiff kubectl ...` and `skiff helm ...`: the bundled tool run with the
 * local cluster's kubeconfig (DIR/kubeconfig) unless KUBECONFIG is set, as
 * `k3s kubectl` does. Arguments, stdio and the exit code pass through; a
 * leading `--data-dir DIR` picks the cluster.
 */
import { spawn } from "node:child_process";
import { constants } from "node:os";
import path from "node:path";
import { ensureTools, type Tools } from "./bundled-tools.js";
import { defaultDataDir } from "./control-plane.js";
import { FlagError } from "./flags.js";

/** Splits a leading --data-dir off the tool's arguments. */
export function splitDataDir(args: string[]): { dataDir: string | undefined; rest: string[] } {
  const [first, second] = args;
  if (first === "--data-dir") {
    if (second === undefined) throw new FlagError("flag needs an argument: --data-dir");
    return { dataDir: second, rest: args.slice(2) };
  }
  if (first?.startsWith("--data-dir=")) return { dataDir: first.slice("--data-dir=".length), rest: args.slice(1) };
  return { dataDir: undefined, rest: args };
}

/** The environment for the tool: KUBECONFIG kept when set, else the cluster's. */
export function toolEnv(env: NodeJS.ProcessEnv, dataDir: string | undefined): NodeJS.ProcessEnv {
  if (env.KUBECONFIG && dataDir === undefined) return env;
  return { ...env, KUBECONFIG: path.join(path.resolve(dataDir ?? defaultDataDir()), "kubeconfig") };
}

export async function runTool(tool: keyof Tools, args: string[]): Promise<number> {
  const { dataDir, rest } = splitDataDir(args);
  const bin = ensureTools()[tool];
  const child = spawn(bin, rest, { stdio: "inherit", env: toolEnv(process.env, dataDir) });
  // The terminal sends Ctrl-C to both; a SIGTERM for us is passed on.
  const forward = (sig: NodeJS.Signals) => child.kill(sig);
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const s of signals) process.on(s, forward);
  try {
    return await new Promise<number>((resolve, reject) => {
      child.once("error", reject);
      child.once("exit", (code, signal) => resolve(code ?? 128 + (signal ? constants.signals[signal] : 1)));
    });
  } finally {
    for (const s of signals) process.off(s, forward);
  }
}
