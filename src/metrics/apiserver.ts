/**
 * The API server's metrics, under upstream's names and labels:
 * apiserver_request_total, apiserver_request_duration_seconds,
 * apiserver_watch_events_total, apiserver_storage_objects, plus the
 * process_* metrics. Label values are computed once per request; the
 * counters' hot path is a number increment (counter-family.ts).
 */
import { Gauge, Histogram, type Registry } from "prom-client";
import type { ResourceRequestInfo } from "../apiserver/request-info.js";
import type { Clock } from "../util/clock.js";
import { CounterFamily, type CountHolder } from "./counter-family.js";
import { registerProcessMetrics } from "./process-metrics.js";
import { createRegistry, help, sortedLabels } from "./registry.js";
import { requestLabels, type RequestLabels } from "./request-labels.js";

/** Upstream's buckets for apiserver_request_duration_seconds (tuned for the latency SLOs). */
export const REQUEST_DURATION_BUCKETS: readonly number[] = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60];

const COMPONENT = "apiserver";
const requestLabelNames = ["code", "component", "dry_run", "group", "resource", "scope", "subresource", "verb", "version"] as const;
const durationLabelNames = ["component", "dry_run", "group", "resource", "scope", "subresource", "verb", "version"] as const;

export interface StoredObjectCount {
  /** As upstream names it: "pods", "deployments.apps". */
  resource: string;
  count: number;
}

export interface ApiServerMetricsOptions {
  clock: Clock;
  /** The number of stored objects per resource, read when scraped. */
  storedObjects?: () => Promise<StoredObjectCount[]>;
}

/** One request being measured; done() once, with the HTTP status it ended with. */
export interface RequestObservation {
  done(code: number): void;
}

interface Series {
  duration: { observe(value: number): void };
  byCode: Map<number, CountHolder>;
  labels: RequestLabels;
}

export class ApiServerMetrics {
  readonly registry: Registry = createRegistry();
  private readonly requests: CounterFamily<(typeof requestLabelNames)[number]>;
  private readonly durations: Histogram<(typeof durationLabelNames)[number]>;
  private readonly watchEvents: CounterFamily<"group" | "version" | "kind">;
  private readonly series = new Map<string, Series>();

  constructor(private readonly opts: ApiServerMetricsOptions) {
    this.requests = new CounterFamily(
      this.registry,
      "apiserver_request_total",
      help("STABLE", "Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code."),
      requestLabelNames,
    );
    this.durations = new Histogram({
      name: "apiserver_request_duration_seconds",
      help: help("STABLE", "Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component."),
      labelNames: durationLabelNames,
      buckets: [...REQUEST_DURATION_BUCKETS],
      registers: [this.registry],
    });
    this.watchEvents = new CounterFamily(this.registry, "apiserver_watch_events_total", help("ALPHA", "Number of events sent in watch clients"), ["group", "kind", "version"]);
    const stored = opts.storedObjects;
    new Gauge({
      name: "apiserver_storage_objects",
      help: help("STABLE", "Number of stored objects at the time of last check split by kind."),
      labelNames: ["resource"],
      registers: [this.registry],
      async collect() {
        if (!stored) return;
        this.reset();
        for (const { resource, count } of await stored()) this.set({ resource }, count);
      },
    });
    registerProcessMetrics(this.registry);
  }

  /** Starts measuring a resource request. */
  startRequest(method: string, info: ResourceRequestInfo, query: URLSearchParams, contentType: string | undefined): RequestObservation {
    const start = this.opts.clock.now();
    const labels = requestLabels(method, info, query, contentType);
    const key = `${labels.verb} ${labels.dry_run} ${labels.group} ${labels.version} ${labels.resource} ${labels.subresource} ${labels.scope}`;
    let s = this.series.get(key);
    if (!s) {
      const durationLabels = sortedLabels({ component: COMPONENT, ...labels });
      s = { duration: this.durations.labels(durationLabels), byCode: new Map(), labels };
      this.series.set(key, s);
    }
    const series = s;
    let finished = false;
    return {
      done: (code) => {
        if (finished) return;
        finished = true;
        series.duration.observe((this.opts.clock.now() - start) / 1000);
        let holder = series.byCode.get(code);
        if (!holder) {
          holder = this.requests.holder({ code: String(code), component: COMPONENT, ...series.labels }, `${key} ${code}`);
          series.byCode.set(code, holder);
        }
        holder.value++;
      },
    };
  }

  /** The counter of events sent to one watch (one per watch request, bumped per event). */
  watchEventCounter(group: string, version: string, kind: string): CountHolder {
    return this.watchEvents.holder({ group, kind, version });
  }
}
