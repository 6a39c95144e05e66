/**
 * The scheduler component: informers feed the cache and the queue; one
 * loop schedules one pod at a time; bindings run in the background.
 *
 * Example:
 *   const sched = createScheduler({ client, informers, clock, verbosity: 2, log, recorder });
 *   void sched.start(signal); await sched.ready;
 */
import type { EventRecorder } from "../client/events.js";
import type { Client, Component, GVR, InformerFactory } from "../client/types.js";
import type { Clock } from "../util/clock.js";
import { SchedulerCache } from "./cache/cache.js";
import { addMoveHandlers, addNodeHandlers, addPodHandlers } from "./event-handlers.js";
import { Framework } from "./framework/framework.js";
import type { SchedulerListers } from "./framework/interfaces.js";
import { defaultProfile, DEFAULT_SCHEDULER_NAME, type ProfileConfig } from "./framework/profile.js";
import type { Registry } from "./framework/registry.js";
import type { Pod } from "./framework/types.js";
import { inTreeRegistry } from "./plugins/registry.js";
import { SchedulingQueue } from "./queue/scheduling-queue.js";
import { scheduleOne, type CycleDeps, type SchedulingAttemptMetrics } from "./schedule-one.js";
import { createAlgorithm } from "./schedule-pod.js";

export interface SchedulerOptions {
  client: Client;
  informers: InformerFactory;
  clock: Clock;
  /** Defaults to one profile, "default-scheduler", with upstream's default plugins. */
  profiles?: ProfileConfig[];
  /** Out-of-tree plugins, merged into the in-tree registry (duplicates refused). */
  registry?: Registry;
  /** --v: 2 logs bindings and failures; 10 every filter verdict and score. */
  verbosity: number;
  log(level: number, message: string): void;
  recorder: EventRecorder;
  /** Tie-breaking among equally scored nodes; Math.random by default. */
  random?: () => number;
  podInitialBackoffMs?: number;
  podMaxBackoffMs?: number;
  /** How long an assumed pod may wait for its informer add after binding; 0 (upstream's default) = forever. */
  assumedPodTTLMs?: number;
  /** Where scheduling attempts are counted and timed (the scheduler's /metrics). */
  metrics?: SchedulingAttemptMetrics;
}

export interface Scheduler extends Component {
  readonly cache: SchedulerCache;
  readonly queue: SchedulingQueue;
  /** Resolves when every binding started so far has finished. */
  waitForBindings(): Promise<void>;
}

/** Pods scheduled per event-loop turn (a few milliseconds of work) before yielding. */
const PODS_PER_TURN = 32;

const gvr = (group: string, version: string, resource: string): GVR => ({ group, version, resource });

export function createScheduler(opts: SchedulerOptions): Scheduler {
  const { client, informers, clock } = opts;
  const log = (level: number, msg: string) => {
    if (level <= opts.verbosity) opts.log(level, msg);
  };
  const registry = inTreeRegistry();
  if (opts.registry) registry.merge(opts.registry);

  const cache = new SchedulerCache({ clock, assumedPodTTLMs: opts.assumedPodTTLMs });
  const podInformer = informers.forResource(gvr("", "v1", "pods"));
  const nodeInformer = informers.forResource(gvr("", "v1", "nodes"));
  const pvInformer = informers.forResource(gvr("", "v1", "persistentvolumes"));
  const pvcInformer = informers.forResource(gvr("", "v1", "persistentvolumeclaims"));
  const scInformer = informers.forResource(gvr("storage.k8s.io", "v1", "storageclasses"));
  const listers: SchedulerListers = {
    persistentVolumes: pvInformer.lister,
    persistentVolumeClaims: pvcInformer.lister,
    storageClasses: scInformer.lister,
    namespaces: informers.forResource(gvr("", "v1", "namespaces")).lister,
    services: informers.forResource(gvr("", "v1", "services")).lister,
    replicaSets: informers.forResource(gvr("apps", "v1", "replicasets")).lister,
    statefulSets: informers.forResource(gvr("apps", "v1", "statefulsets")).lister,
  };

  const profiles = opts.profiles ?? [defaultProfile()];
  let queue!: SchedulingQueue;
  const base = {
    client,
    clock,
    cache,
    listers,
    nominator: { nominatedPodsForNode: (n: string) => queue.nominator.nominatedPodsForNode(n), hasNominatedPods: () => queue.nominator.hasNominatedPods() },
    namespaceLabels: (ns: string) => listers.namespaces?.get(undefined, ns)?.metadata.labels,
    recorder: opts.recorder,
    log,
    verbosity: opts.verbosity,
  };
  const frameworks = new Map<string, Framework>();
  for (const p of profiles) {
    if (frameworks.has(p.schedulerName)) throw new Error(`duplicate profile for schedulerName ${p.schedulerName}`);
    frameworks.set(p.schedulerName, new Framework(p, registry, base));
  }
  // Upstream requires every profile to share one QueueSort; the first profile's orders the queue.
  const queueSort = frameworks.values().next().value!.queueSort!;
  queue = new SchedulingQueue({ clock, less: (a, b) => queueSort.less(a, b), podInitialBackoffMs: opts.podInitialBackoffMs, podMaxBackoffMs: opts.podMaxBackoffMs });

  const deps = {
    cache,
    queue,
    responsibleFor: (pod: Pod) => frameworks.has(pod.spec?.schedulerName || DEFAULT_SCHEDULER_NAME),
  };
  addPodHandlers(podInformer, deps);
  addNodeHandlers(nodeInformer, deps);
  addMoveHandlers(pvInformer, queue, "PvAdd", "PvUpdate");
  addMoveHandlers(pvcInformer, queue, "PvcAdd", "PvcUpdate");
  addMoveHandlers(scInformer, queue, "StorageClassAdd", "StorageClassAdd");

  const bindings = new Set<Promise<void>>();
  const cycle: CycleDeps = {
    client,
    clock,
    cache,
    queue,
    algorithm: createAlgorithm(cache, opts.random),
    frameworkFor: (name) => frameworks.get(name || DEFAULT_SCHEDULER_NAME),
    recorder: opts.recorder,
    log,
    verbosity: opts.verbosity,
    bindings,
    metrics: opts.metrics,
  };

  let markReady!: () => void;
  const ready = new Promise<void>((r) => (markReady = r));

  return {
    name: "scheduler",
    ready,
    cache,
    queue,
    async waitForBindings() {
      while (bindings.size > 0) await Promise.allSettled([...bindings]);
    },
    async start(signal) {
      informers.start(signal);
      if (!(await informers.waitForCacheSync(signal))) return;
      queue.run();
      // Upstream checks for expired assumed pods every second.
      const cleanup = opts.assumedPodTTLMs ? clock.setInterval(() => cache.cleanupAssumedPods(), 1_000) : undefined;
      signal.addEventListener("abort", () => {
        cleanup?.cancel();
        queue.close();
      }, { once: true });
      markReady();
      log(2, "Starting scheduler");
      let sinceYield = 0;
      while (!signal.aborted) {
        if (!(await scheduleOne(cycle))) break;
        // Let informer events and API requests in between pods. The scheduler
        // shares its event loop with the API server: with too small a share it
        // falls behind a burst of creates and pods wait seconds for a node.
        if (++sinceYield >= PODS_PER_TURN) {
          sinceYield = 0;
          await new Promise<void>((r) => setImmediate(r));
        }
      }
      queue.close();
      await Promise.allSettled([...bindings]);
    },
  };
}
