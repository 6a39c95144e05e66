/**
 * What the server did, counted from outside: the store's revision (one per
 * write, read from a consistent LIST) and the watch events it sent
 * (apiserver_watch_events_total on /metrics, every watcher's, in-process
 * components' included).
 */
import type { HttpsClient } from "./https-client.js";

export interface Counters {
  writes: number;
  watchEvents: number;
}

export async function readCounters(client: HttpsClient): Promise<Counters> {
  const list = (await client.request("GET", "/api/v1/namespaces/default/configmaps?limit=1")).body.toString("utf8");
  const writes = Number(/"resourceVersion":"(\d+)"/.exec(list)?.[1] ?? NaN);
  const metrics = (await client.request("GET", "/metrics")).body.toString("utf8");
  let watchEvents = 0;
  for (const m of metrics.matchAll(/^apiserver_watch_events_total\{[^}]*\} (\d+(?:\.\d+)?(?:e\+?\d+)?)$/gm)) watchEvents += Number(m[1]);
  return { writes, watchEvents };
}

/** Writes and watch events per item between two readings. */
export function perItem(before: Counters, after: Counters, count: number): string {
  return `${((after.writes - before.writes) / count).toFixed(2)} writes and ${((after.watchEvents - before.watchEvents) / count).toFixed(1)} watch events per`;
}
