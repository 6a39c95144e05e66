/**
 * Speed as users feel it: `skiff up --nodes 0` on SQLite in its own process,
 * driven over HTTPS/1.1 from this one, the way kubectl, operators and load
 * tools reach it. Each figure is printed with its ratio to upstream
 * Kubernetes on the same machine class (lib/upstream-figures.ts) and
 * Skiff's goal; the skiff process's CPU per phase shows how many cores it
 * used. Not a test: nothing here passes or fails.
 *
 *   npm run bench -- e2e [--n 10000] [--concurrency 32] [--watchers 100] [--updates 1000]
 *                        [--update-rate 200] [--nodes 5000] [--pods 10000] [--skip-api] [--skip-sched]
 */
import { startSkiff, type SkiffProcess } from "./lib/skiff-process.js";
import { connectHttps } from "./lib/https-client.js";
import { phaseMeter } from "./lib/process-cpu.js";
import { median } from "./lib/stats.js";
import { GOALS, UPSTREAM } from "./lib/upstream-figures.js";
import { apiPhase } from "./lib/e2e-api.js";
import { schedPhase } from "./lib/e2e-sched.js";
import { figure } from "./lib/e2e-figure.js";

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};

async function startup(): Promise<SkiffProcess> {
  // Three cold starts for the ready time and idle memory; the last one stays up for the load.
  const ready: number[] = [];
  const rss: number[] = [];
  let kept: SkiffProcess | undefined;
  for (let i = 0; i < 3; i++) {
    const p = await startSkiff([]);
    ready.push(p.readyMs);
    await new Promise((r) => setTimeout(r, 1500));
    rss.push(p.rssBytes() / 2 ** 20);
    if (i < 2) await p.stop();
    else kept = p;
  }
  console.log("\n== start-up ==");
  figure("e2e.ready", median(ready), "ms", UPSTREAM.readyMs, GOALS.readyMs, false);
  figure("e2e.rss.idle", median(rss), "MiB", UPSTREAM.idleRssMiB, GOALS.idleRssMiB, false);
  return kept!;
}

async function main(): Promise<void> {
  const concurrency = opt("concurrency", 32);
  console.log(`Skiff end-to-end benchmark: HTTPS/1.1 from this process (pid ${process.pid}) against skiff up on SQLite`);
  const skiff = await startup();
  const client = connectHttps(skiff.kubeconfig, concurrency);
  const meter = phaseMeter(skiff.pid);
  try {
    if (!args.includes("--skip-api")) {
      await apiPhase(client, meter, {
        n: opt("n", 10_000),
        concurrency,
        watchers: opt("watchers", 100),
        updates: opt("updates", 1000),
        updateRate: opt("update-rate", 200),
      });
    }
    if (!args.includes("--skip-sched")) {
      await schedPhase(client, meter, { nodes: opt("nodes", 5000), pods: opt("pods", 10_000), concurrency });
    }
    figure("e2e.rss.loaded", skiff.rssBytes() / 2 ** 20, "MiB");
  } finally {
    client.close();
    await skiff.stop();
  }
}

main().then(() => process.stdout.write("", () => process.exit(0))).catch((err) => {
  console.error(err);
  process.exit(1);
});
