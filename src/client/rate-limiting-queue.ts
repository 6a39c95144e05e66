/**
 * The WorkQueue controllers use: the basic queue, addAfter, and
 * rate-limited requeues (client-go's RateLimitingInterface), composed.
 *
 * Example (the sample-controller loop, see runController):
 *   const queue = createWorkQueue({ clock, name: "deployment" });
 *   informer.addEventHandler({ onAdd: (d) => queue.add(keyOf(d)) });
 */
import type { Clock } from "../util/clock.js";
import { DelayingQueue } from "./delaying-queue.js";
import { defaultControllerRateLimiter, type RateLimiter } from "./rate-limiter.js";
import type { WorkQueue } from "./types.js";
import { BasicQueue } from "./workqueue.js";
import { currentWorkQueueMetrics, QueueMetrics, type WorkQueueMetricsProvider } from "./workqueue-metrics.js";

export interface WorkQueueOptions<K = string> {
  clock: Clock;
  /** For logs and metrics. */
  name: string;
  /** Default: defaultControllerRateLimiter (5ms→1000s per item, 10 qps/100 burst overall). */
  rateLimiter?: RateLimiter<K>;
  /** Default: the provider of the component creating the queue (withWorkQueueMetrics), if any. */
  metrics?: WorkQueueMetricsProvider;
}

export interface NamedWorkQueue<K = string> extends WorkQueue<K> {
  readonly name: string;
  shuttingDown(): boolean;
}

export function createWorkQueue<K = string>(opts: WorkQueueOptions<K>): NamedWorkQueue<K> {
  const provider = opts.metrics ?? currentWorkQueueMetrics();
  const metrics = provider ? new QueueMetrics<K>(provider.forQueue(opts.name), opts.clock) : undefined;
  const base = new BasicQueue<K>(metrics);
  const delaying = new DelayingQueue<K>(base, opts.clock, metrics);
  const limiter = opts.rateLimiter ?? defaultControllerRateLimiter<K>(opts.clock);
  return {
    name: opts.name,
    add: (key) => base.add(key),
    addAfter: (key, ms) => delaying.addAfter(key, ms),
    addRateLimited: (key) => delaying.addAfter(key, limiter.when(key)),
    forget: (key) => limiter.forget(key),
    numRequeues: (key) => limiter.numRequeues(key),
    get: () => base.get(),
    done: (key) => base.done(key),
    len: () => base.len(),
    shutDown: () => {
      delaying.shutDown();
      base.shutDown();
    },
    shuttingDown: () => base.isShuttingDown(),
  };
}
