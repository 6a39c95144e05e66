/**
 * The API phase: N ConfigMaps of ~1 KB created from C keep-alive clients, read
 * back by name, listed whole (consistent and at resourceVersion=0) and in
 * pages, then W watchers receiving merge patches sent at a steady rate.
 * Watch delivery is the time from an update's response to its event at each
 * watcher.
 */
import { randomBytes } from "node:crypto";
import type { HttpsClient } from "./https-client.js";
import { expectStatus } from "./https-client.js";
import { median, percentile, pool } from "./stats.js";
import { cpuFigure, figure } from "./e2e-figure.js";
import { GOALS, UPSTREAM } from "./upstream-figures.js";

export interface ApiPhaseOptions {
  n: number;
  concurrency: number;
  watchers: number;
  updates: number;
  updateRate: number;
}

const PAYLOAD_BYTES = 1024;
const payload = () => randomBytes(PAYLOAD_BYTES).toString("base64").slice(0, PAYLOAD_BYTES);
const RV = /"resourceVersion":"(\d+)"/;

export async function apiPhase(client: HttpsClient, meter: () => { cpu: number; wall: number }, o: ApiPhaseOptions): Promise<void> {
  const ns = `bench-api-${Date.now().toString(36)}`;
  const base = `/api/v1/namespaces/${ns}/configmaps`;
  const name = (i: number) => `cm-${String(i).padStart(6, "0")}`;
  expectStatus(await client.request("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: ns } }), "namespace", 201);
  const ids = Array.from({ length: o.n }, (_, i) => i);
  console.log(`\n== API: ${o.n} ConfigMaps, ${o.concurrency} clients ==`);

  meter();
  let t = performance.now();
  const createLat = await pool(ids, o.concurrency, async (i) => {
    expectStatus(await client.request("POST", base, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: name(i), labels: { app: "bench" } }, data: { payload: payload() } }), "create", 201);
  });
  figure("e2e.create.rate", o.n / ((performance.now() - t) / 1000), "creates/s", UPSTREAM.createsPerSec, GOALS.createsPerSec);
  figure("e2e.create.p99", percentile(createLat, 99), "ms");
  cpuFigure("e2e.create", meter(), { count: o.n, what: "create" });

  t = performance.now();
  const getLat = await pool(ids, o.concurrency, async (i) => void expectStatus(await client.request("GET", `${base}/${name(i)}`), "get", 200));
  figure("e2e.get.rate", o.n / ((performance.now() - t) / 1000), "gets/s", UPSTREAM.getsPerSec, GOALS.getsPerSec);
  figure("e2e.get.p99", percentile(getLat, 99), "ms");
  cpuFigure("e2e.get", meter(), { count: o.n, what: "get" });

  const timedList = async (path: string) => {
    const t0 = performance.now();
    const r = expectStatus(await client.request("GET", path), "list", 200);
    const ms = performance.now() - t0;
    const items = (JSON.parse(r.body.toString("utf8")) as { items: unknown[] }).items.length;
    // The namespace also holds kube-root-ca.crt.
    if (items < o.n) throw new Error(`list ${path}: ${items} items, expected at least ${o.n}`);
    return ms;
  };
  const consistent: number[] = [];
  const cached: number[] = [];
  for (let i = 0; i < 3; i++) {
    consistent.push(await timedList(base));
    cached.push(await timedList(`${base}?resourceVersion=0`));
  }
  figure("e2e.list.all", median(consistent), "ms", UPSTREAM.list10kMs, GOALS.list10kMs, false);
  figure("e2e.list.rv0", median(cached), "ms", UPSTREAM.list10kMs, GOALS.list10kMs, false);
  t = performance.now();
  let cont = "";
  let pages = 0;
  do {
    const r = expectStatus(await client.request("GET", `${base}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ""}`), "page", 200);
    cont = (JSON.parse(r.body.toString("utf8")) as { metadata: { continue?: string } }).metadata.continue ?? "";
    pages++;
  } while (cont);
  figure("e2e.list.paged500", performance.now() - t, "ms");
  cpuFigure("e2e.list", meter());

  await watchDelivery(client, base, name, o);
  cpuFigure("e2e.watch", meter(), { count: o.updates, what: "update (all watchers)" });
  expectStatus(await client.request("DELETE", `/api/v1/namespaces/${ns}`), "namespace delete", 200, 202);
}

async function watchDelivery(client: HttpsClient, base: string, name: (i: number) => string, o: ApiPhaseOptions): Promise<void> {
  const from = RV.exec((await client.request("GET", `${base}?limit=1`)).body.toString("utf8"))![1];
  const arrivals: { rv: string; at: number }[][] = Array.from({ length: o.watchers }, () => []);
  let closedByServer = 0;
  const watches = Array.from({ length: o.watchers }, (_, w) => {
    const h = client.watch(`${base}?watch=1&resourceVersion=${from}&timeoutSeconds=3600`, (line, at) => {
      const text = line.toString("latin1");
      if (!text.startsWith('{"type":"MODIFIED"')) return;
      arrivals[w]!.push({ rv: RV.exec(text)![1]!, at });
    });
    void h.done.then((why) => void (why !== "closed" && closedByServer++));
    return h;
  });
  await Promise.all(watches.map((w) => w.ready));
  console.log(`\n== watch: ${o.watchers} watchers, ${o.updates} updates at ${o.updateRate}/s ==`);
  const answeredAt = new Map<string, number>();
  const t0 = performance.now();
  const sent: Promise<void>[] = [];
  for (let i = 0; i < o.updates; i++) {
    const due = t0 + (i * 1000) / o.updateRate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    sent.push(
      client.request("PATCH", `${base}/${name(i % o.n)}`, { data: { payload: payload() } }, "application/merge-patch+json").then((r) => {
        expectStatus(r, "update", 200);
        answeredAt.set(RV.exec(r.body.toString("utf8"))![1]!, r.at);
      }),
    );
  }
  await Promise.all(sent);
  const expected = o.watchers * o.updates;
  const deadline = performance.now() + 30_000;
  while (arrivals.reduce((n, a) => n + a.length, 0) < expected && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const w of watches) w.close();
  const delays: number[] = [];
  for (const list of arrivals) for (const { rv, at } of list) delays.push(Math.max(0, at - (answeredAt.get(rv) ?? at)));
  delays.sort((a, b) => a - b);
  figure("e2e.watch.received", delays.length, `of ${expected} events`);
  figure("e2e.watch.closed", closedByServer, "watchers closed by the server");
  figure("e2e.watch.p50", percentile(delays, 50), "ms");
  figure("e2e.watch.p99", percentile(delays, 99), "ms", UPSTREAM.watchP99Ms, GOALS.watchP99Ms, false);
}
