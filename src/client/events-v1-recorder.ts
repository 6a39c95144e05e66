/**
 * An EventRecorder writing events.k8s.io/v1 Events as client-go's
 * tools/events broadcaster does (the scheduler's recorder):
 *
 * - named "<regarding name>.<unix nanoseconds in hex>", in the regarding
 *   object's namespace ("default" for cluster-scoped objects), with
 *   eventTime in microseconds, reportingController and reportingInstance
 *   ("<controller>-<hostname>"), action, reason and note;
 * - isomorphic events (same type, action, reason, reporting controller and
 *   instance, regarding and related objects) become a series: the second
 *   is written as a strategic-merge PATCH of `series` {count: 2,
 *   lastObservedTime}; later ones only count in memory, written every 30
 *   minutes and when the series ends (6 minutes without a repeat);
 *   singletons leave the cache after 6 minutes;
 * - a series whose Event is gone is created anew; writes are retried 12
 *   times, 10 s apart, and never reach the caller.
 */
import { hostname } from "node:os";
import { isApiError } from "../api/errors.js";
import type { Clock, Timer } from "../util/clock.js";
import { formatMicroTime } from "../util/time.js";
import type { ObjectReference } from "./event-types.js";
import type { EventRecorder, EventType } from "./events.js";
import { EVENTS_V1 } from "./resources.js";
import type { Client, KubeObject } from "./types.js";

const FINISH_MS = 6 * 60_000;
const REFRESH_MS = 30 * 60_000;

export interface EventsV1RecorderOptions {
  client: Client;
  clock: Clock;
  /** reportingController, e.g. "default-scheduler". */
  reportingController: string;
  /** reportingInstance; default "<reportingController>-<hostname>", as upstream. */
  reportingInstance?: string;
  maxTries?: number;
  retryDelayMs?: number;
  log?: (msg: string) => void;
}

interface SeriesEvent extends KubeObject {
  eventTime: string;
  series?: { count: number; lastObservedTime: string };
  reportingController: string;
  reportingInstance: string;
  action: string;
  reason: string;
  regarding: ObjectReference;
  related?: ObjectReference;
  note: string;
  type: EventType;
}

interface Cached {
  event: SeriesEvent;
  /** When the event (or its series' last repeat) was seen, in clock ms. */
  seenAt: number;
}

function refOf(obj: KubeObject): ObjectReference {
  return { kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, uid: obj.metadata.uid, apiVersion: obj.apiVersion, resourceVersion: obj.metadata.resourceVersion };
}

/** Upstream's eventKey: every field of it, in a fixed order. */
function keyOf(ev: SeriesEvent): string {
  const r = (o: ObjectReference | undefined) => [o?.kind, o?.namespace, o?.name, o?.uid, o?.apiVersion, o?.resourceVersion, o?.fieldPath];
  return JSON.stringify([ev.type, ev.action, ev.reason, ev.reportingController, ev.reportingInstance, r(ev.regarding), r(ev.related)]);
}

export function createEventsV1Recorder(opts: EventsV1RecorderOptions): EventRecorder {
  const { client, clock, reportingController } = opts;
  const reportingInstance = opts.reportingInstance ?? `${reportingController}-${hostname()}`;
  const cache = new Map<string, Cached>();
  let tail: Promise<void> = Promise.resolve();
  let lastNanos = 0n;
  let timers: Timer[] = [];

  const nanos = (): bigint => {
    let n = BigInt(clock.now()) * 1_000_000n;
    if (n <= lastNanos) n = lastNanos + 1n;
    return (lastNanos = n);
  };

  const writeOnce = async (ev: SeriesEvent): Promise<void> => {
    const ns = ev.metadata.namespace!;
    if (ev.series) {
      try {
        await client.patch(EVENTS_V1, ns, ev.metadata.name!, "strategic", { series: ev.series });
        return;
      } catch (err) {
        if (!isApiError(err, "NotFound")) throw err;
      }
    }
    await client.create(EVENTS_V1, ns, { ...ev, metadata: { ...ev.metadata, resourceVersion: undefined } });
  };

  const write = async (ev: SeriesEvent): Promise<void> => {
    const tries = opts.maxTries ?? 12;
    for (let i = 1; ; i++) {
      try {
        return await writeOnce(ev);
      } catch (err) {
        // A series' create racing its first write: AlreadyExists is worth another try.
        const retriable = !isApiError(err) || err.code >= 500 || err.code === 429 || (ev.series !== undefined && isApiError(err, "AlreadyExists"));
        if (!retriable || i >= tries) {
          opts.log?.(`Server rejected event '${ev.metadata.name}' (will not retry!): ${(err as Error).message}`);
          return;
        }
        await clock.sleep(opts.retryDelayMs ?? 10_000);
      }
    }
  };

  const enqueue = (ev: SeriesEvent): void => {
    const copy = structuredClone(ev);
    tail = tail.then(() => write(copy)).catch(() => undefined);
  };

  /** Every 30 minutes: series counts reach the API server. */
  const refresh = (): void => {
    for (const c of cache.values()) if (c.event.series) enqueue(c.event);
  };

  /** Every 6 minutes: ended series are written a last time; they and old singletons leave the cache. */
  const finish = (): void => {
    const cutoff = clock.now() - FINISH_MS;
    for (const [k, c] of cache) {
      if (c.seenAt >= cutoff) continue;
      if (c.event.series) enqueue(c.event);
      cache.delete(k);
    }
    if (cache.size === 0) stopTimers();
  };

  const startTimers = (): void => {
    if (timers.length) return;
    timers = [clock.setInterval(refresh, REFRESH_MS), clock.setInterval(finish, FINISH_MS)];
  };
  const stopTimers = (): void => {
    for (const t of timers) t.cancel();
    timers = [];
  };

  return {
    event(obj, type, reason, message, action = "", related) {
      if (type !== "Normal" && type !== "Warning") {
        opts.log?.(`Unsupported event type: '${type}'`);
        return;
      }
      const now = clock.now();
      const regarding = refOf(obj);
      const ev: SeriesEvent = {
        apiVersion: "events.k8s.io/v1",
        kind: "Event",
        metadata: { name: `${obj.metadata.name}.${nanos().toString(16)}`, namespace: obj.metadata.namespace || "default" },
        eventTime: formatMicroTime(now),
        reportingController,
        reportingInstance,
        action,
        reason,
        regarding,
        ...(related ? { related: refOf(related) } : {}),
        note: message,
        type,
      };
      const key = keyOf(ev);
      const seen = cache.get(key);
      if (!seen) {
        cache.set(key, { event: ev, seenAt: now });
        startTimers();
        enqueue(ev);
        return;
      }
      seen.seenAt = now;
      if (seen.event.series) {
        seen.event.series = { count: seen.event.series.count + 1, lastObservedTime: formatMicroTime(now) };
        return;
      }
      seen.event.series = { count: 2, lastObservedTime: formatMicroTime(now) };
      enqueue(seen.event);
    },
    flush: async () => {
      for (let seen: Promise<void> | undefined; seen !== tail; ) await (seen = tail);
    },
  };
}
