/**
 * API server benchmark: start-up time, idle memory, and create / get / list /
 * watch-delivery figures for 10,000 ConfigMaps over HTTPS with a kubectl-like
 * HTTP/2 client, on SQLite and (when Debian's etcd is installed) on etcd.
 * Ratios are against upstream Kubernetes measured on the same 2-core machine
 * class (the figures below), and SQLite against etcd within this run.
 *
 * Then the all-in-one footprint: RSS of `skiff up` with --aio-nodes simulated
 * nodes running --aio-pods pods (default 1,000 and 30,000; 0 skips).
 *
 * And what RBAC costs: creates per second with --authorization-mode
 * AlwaysAllow against Node,RBAC, and their ratio (--rbac-only runs just that).
 *
 *   npm run bench -- apiserver [--objects 10000] [--watchers 100] [--aio-nodes 1000] [--aio-pods 30000] [--rbac-only]
 */
import { existsSync } from "node:fs";
import { startEtcdTestServer } from "../dist/storage/etcd/etcd-test-server.js";
import { connect } from "./lib/h2-client.js";
import { startSkiff } from "./lib/skiff-process.js";
import { median, percentile, pool, result } from "./lib/stats.js";
import { allInOne } from "./lib/all-in-one.js";
import { rbacFigure } from "./lib/rbac-figure.js";

/** Upstream kube-apiserver 1.35 + etcd on a 2-core machine. */
const UPSTREAM = { createsPerSec: 615, getsPerSec: 1300, list10kMs: 390, watchP99Ms: 1400, readyMs: 3000, idleRssMiB: 408 };

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const OBJECTS = opt("objects", 10_000);
const WATCHERS = opt("watchers", 100);
const CONCURRENCY = 64;
const AIO_NODES = opt("aio-nodes", 1000);
const AIO_PODS = opt("aio-pods", 30_000);

const configMap = (i: number) => JSON.stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `bench-${i}`, labels: { bench: "yes", shard: String(i % 10) } }, data: { index: String(i), payload: "x".repeat(200) } });

interface Figures {
  createsPerSec: number;
  getsPerSec: number;
  list10kMs: number;
  watchP99Ms: number;
}

async function startup(label: string): Promise<void> {
  const cold: number[] = [];
  const warm: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < 3; i++) {
    const p = await startSkiff([]);
    cold.push(p.readyMs);
    const dir = p.dataDir;
    await new Promise((r) => setTimeout(r, 2000));
    rss.push(p.rssBytes() / 1024 / 1024);
    await p.stop();
    void dir;
  }
  for (let i = 0; i < 3; i++) {
    const first = await startSkiff([]);
    const dataDir = first.dataDir;
    await stopKeep(first);
    const again = await startSkiff([], dataDir);
    warm.push(again.readyMs);
    await again.stop();
  }
  console.log(`\n== start-up and idle memory (${label}) ==`);
  result("apiserver.ready.cold", median(cold), "ms", { value: UPSTREAM.readyMs, label: "faster than upstream", higherIsBetter: false });
  result("apiserver.ready.warm", median(warm), "ms", { value: UPSTREAM.readyMs, label: "faster than upstream", higherIsBetter: false });
  result("apiserver.rss.idle", median(rss), "MiB", { value: UPSTREAM.idleRssMiB, label: "smaller than upstream", higherIsBetter: false });
}

async function stopKeep(p: Awaited<ReturnType<typeof startSkiff>>): Promise<void> {
  await new Promise<void>((res) => {
    process.kill(p.pid, "SIGTERM");
    const t = setInterval(() => {
      try {
        process.kill(p.pid, 0);
      } catch {
        clearInterval(t);
        res();
      }
    }, 20);
  });
}

async function throughput(label: string, extraArgs: string[]): Promise<Figures> {
  const p = await startSkiff(extraArgs);
  const client = connect(p.kubeconfig);
  try {
    console.log(`\n== ${OBJECTS} ConfigMaps over HTTPS/HTTP2 (${label}) ==`);
    // Watchers first, so delivery latency covers the creates.
    const sentAt = new Map<string, number>();
    const delivery: number[] = [];
    const watches = Array.from({ length: WATCHERS }, () =>
      client.watch(`/api/v1/namespaces/default/configmaps?watch=1&labelSelector=bench%3Dyes`, (line) => {
        const at = performance.now();
        const m = /"name":"(bench-\d+)"/.exec(line);
        if (m && line.startsWith('{"type":"ADDED"')) {
          const t = sentAt.get(m[1]);
          if (t !== undefined) delivery.push(at - t);
        }
      }),
    );
    await Promise.all(watches.map((w) => w.ready));
    const ids = Array.from({ length: OBJECTS }, (_, i) => i);
    const t0 = performance.now();
    const createLat = await pool(ids, CONCURRENCY, async (i) => {
      sentAt.set(`bench-${i}`, performance.now());
      const r = await client.request("POST", "/api/v1/namespaces/default/configmaps", configMap(i));
      if (r.status !== 201) throw new Error(`create failed: ${r.status} ${r.body}`);
    });
    const createSec = (performance.now() - t0) / 1000;
    const deadline = Date.now() + 30_000;
    while (delivery.length < OBJECTS * WATCHERS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    for (const w of watches) w.close();
    delivery.sort((a, b) => a - b);

    const t1 = performance.now();
    const getLat = await pool(ids, CONCURRENCY, async (i) => {
      const r = await client.request("GET", `/api/v1/namespaces/default/configmaps/bench-${i}`);
      if (r.status !== 200) throw new Error(`get failed: ${r.status}`);
    });
    const getSec = (performance.now() - t1) / 1000;

    const lists: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      const r = await client.request("GET", "/api/v1/namespaces/default/configmaps");
      if (r.status !== 200 || !r.body.includes(`bench-${OBJECTS - 1}`)) throw new Error("list failed");
      lists.push(performance.now() - t);
    }
    const chunked: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      let cont = "";
      do {
        const r = await client.request("GET", `/api/v1/namespaces/default/configmaps?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`);
        cont = JSON.parse(r.body).metadata.continue ?? "";
      } while (cont);
      chunked.push(performance.now() - t);
    }
    const figures: Figures = {
      createsPerSec: OBJECTS / createSec,
      getsPerSec: OBJECTS / getSec,
      list10kMs: median(lists),
      watchP99Ms: percentile(delivery, 99),
    };
    const tag = label.replace(/[^a-z0-9]/g, "");
    result(`apiserver.${tag}.create.throughput`, figures.createsPerSec, "creates/s", { value: UPSTREAM.createsPerSec, label: "upstream", higherIsBetter: true });
    result(`apiserver.${tag}.create.p99`, percentile(createLat, 99), "ms");
    result(`apiserver.${tag}.get.throughput`, figures.getsPerSec, "gets/s", { value: UPSTREAM.getsPerSec, label: "upstream", higherIsBetter: true });
    result(`apiserver.${tag}.get.p99`, percentile(getLat, 99), "ms");
    result(`apiserver.${tag}.list.all`, figures.list10kMs, "ms", { value: UPSTREAM.list10kMs, label: "faster than upstream", higherIsBetter: false });
    result(`apiserver.${tag}.list.chunked500`, median(chunked), "ms");
    result(`apiserver.${tag}.watch.delivered`, delivery.length, "events");
    result(`apiserver.${tag}.watch.p50`, percentile(delivery, 50), "ms");
    result(`apiserver.${tag}.watch.p99`, figures.watchP99Ms, "ms", { value: UPSTREAM.watchP99Ms, label: "faster than upstream", higherIsBetter: false });
    result(`apiserver.${tag}.rss.loaded`, p.rssBytes() / 1024 / 1024, "MiB");
    return figures;
  } finally {
    client.close();
    await p.stop();
  }
}

async function main(): Promise<void> {
  console.log(`Skiff API server benchmark: ${OBJECTS} objects, ${WATCHERS} watchers, ${CONCURRENCY} requests in flight`);
  if (args.includes("--rbac-only")) return rbacFigure(OBJECTS, CONCURRENCY);
  await startup("sqlite");
  const sqlite = await throughput("sqlite", []);
  await rbacFigure(OBJECTS, CONCURRENCY);
  const etcdBinary = process.env.SKIFF_ETCD_BINARY ?? "/usr/bin/etcd";
  if (!existsSync(etcdBinary)) {
    console.log(`\netcd run skipped: ${etcdBinary} is not installed (apt-get install etcd-server)`);
  } else {
    const etcd = await startEtcdTestServer();
    try {
      const e = await throughput("etcd", ["--storage", "etcd", "--etcd-endpoints", etcd!.endpoint]);
      console.log("\n== SQLite against etcd, same run ==");
      result("apiserver.sqlite_vs_etcd.create", sqlite.createsPerSec / e.createsPerSec, "x");
      result("apiserver.sqlite_vs_etcd.list", e.list10kMs / sqlite.list10kMs, "x");
    } finally {
      await etcd?.stop();
    }
  }
  if (AIO_NODES > 0 && AIO_PODS > 0) await allInOne(AIO_NODES, AIO_PODS);
}

main().then(() => process.stdout.write("", () => process.exit(0))).catch((err) => {
  console.error(err);
  process.exit(1);
});
