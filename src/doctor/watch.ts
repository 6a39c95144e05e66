/**
 * `skiff doctor --watch`: runs the checks, then watches every resource they
 * read and runs them again when one changes (debounced, never two runs at
 * once), reporting only what changed: new findings and resolved ones.
 * Watches resume from the last resourceVersion seen; an expired one (410)
 * resumes from a fresh list's resourceVersion and triggers a run.
 */
import type { Client, GVR } from "../client/types.js";
import type { Clock, Timer } from "../util/clock.js";
import { runChecks } from "./run.js";
import type { Check, ClusterView, DoctorReport, Finding } from "./types.js";
import { refString } from "./types.js";

export interface WatchOptions {
  client: Client;
  clock: Clock;
  checks: Check[];
  /** A fresh view per run (nothing is kept between runs). */
  makeView: () => ClusterView;
  /** Called after each run with what changed since the previous one (everything, the first time). */
  onChange: (change: { added: Finding[]; resolved: Finding[]; report: DoctorReport }) => void;
  signal: AbortSignal;
  /** Quiet time after a change before running again. */
  debounceMs?: number;
}

/** A finding's identity across runs (its chain may carry ages that move). */
export const findingKey = (f: Finding) => `${f.check}|${refString(f.about)}|${f.cause}|${f.summary}`;

export async function watchDoctor(o: WatchOptions): Promise<DoctorReport> {
  const debounceMs = o.debounceMs ?? 1000;
  let current = new Map<string, Finding>();
  let last: DoctorReport | undefined;
  const watched = new Map<string, { close(): void }>();
  let running = false;
  let dirty = false;
  let timer: Timer | undefined;

  const run = async () => {
    if (running) return void (dirty = true);
    running = true;
    try {
      const view = o.makeView();
      const report = await runChecks(view, o.checks, o.clock.now());
      const next = new Map(report.findings.map((f) => [findingKey(f), f]));
      const added = [...next].filter(([k]) => !current.has(k)).map(([, f]) => f);
      const resolved = [...current].filter(([k]) => !next.has(k)).map(([, f]) => f);
      current = next;
      const first = last === undefined;
      last = report;
      if (first || added.length || resolved.length) o.onChange({ added, resolved, report });
      for (const g of view.listed()) startWatch(g);
    } finally {
      running = false;
      if (dirty && !o.signal.aborted) {
        dirty = false;
        schedule();
      }
    }
  };
  const schedule = () => {
    if (o.signal.aborted) return;
    timer?.cancel();
    timer = o.clock.setTimeout(() => void run().catch(() => schedule()), debounceMs);
  };

  const startWatch = (g: GVR, fromRv?: string) => {
    const key = `${g.group}/${g.version}/${g.resource}`;
    if (watched.has(key) && fromRv === undefined) return;
    watched.set(key, { close() {} });
    void (async () => {
      let rv = fromRv;
      if (rv === undefined) {
        try {
          rv = (await o.client.list(g, { limit: 1 })).metadata.resourceVersion ?? "";
        } catch {
          // not listable any more (an API group went away): nothing to watch
          return;
        }
        // Changes between the run's lists and this resourceVersion would be missed: run once more.
        schedule();
      }
      if (o.signal.aborted) return;
      const handle = o.client.watch(
        g,
        { resourceVersion: rv, allowWatchBookmarks: true },
        (ev) => {
          const seen = ev.object?.metadata?.resourceVersion;
          if (seen) rv = seen;
          if (ev.type !== "BOOKMARK") schedule();
        },
        (err) => {
          if (o.signal.aborted) return;
          const expired = err && /too old|Expired|Gone/i.test(err.message);
          o.clock.setTimeout(() => startWatch(g, expired ? undefined : rv), err ? 1000 : 0);
          if (expired) watched.delete(key);
        },
      );
      watched.set(key, handle);
    })();
  };

  await run();
  await new Promise<void>((resolve) => {
    if (o.signal.aborted) return resolve();
    o.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  timer?.cancel();
  for (const w of watched.values()) w.close();
  return last!;
}
