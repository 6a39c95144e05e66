/**
 * One SharedInformer per (resource, namespace, selectors) in a process, so
 * every controller watching pods shares one list, one watch, one cache.
 */
import type { Clock } from "../util/clock.js";
import { SharedInformer } from "./shared-informer.js";
import type { Client, GVR, Informer, InformerFactory, InformerOptions, KubeObject } from "./types.js";

export interface InformerFactoryOptions {
  client: Client;
  clock: Clock;
  /** Default handler resync period; 0 (default) means never. */
  resyncMs?: number;
  log?: (msg: string) => void;
}

export function createInformerFactory(opts: InformerFactoryOptions): InformerFactory {
  const informers = new Map<string, SharedInformer<KubeObject>>();
  const running = new Set<SharedInformer<KubeObject>>();
  let startSignal: AbortSignal | undefined;

  const launch = (inf: SharedInformer<KubeObject>) => {
    if (!startSignal || startSignal.aborted || running.has(inf)) return;
    running.add(inf);
    void inf.run(startSignal);
  };

  return {
    forResource<T extends KubeObject>(gvr: GVR, o: InformerOptions = {}): Informer<T> {
      const key = JSON.stringify([gvr.group, gvr.version, gvr.resource, o.namespace ?? "", o.labelSelector ?? "", o.fieldSelector ?? ""]);
      let inf = informers.get(key);
      if (!inf) {
        inf = new SharedInformer<KubeObject>({ ...o, gvr, client: opts.client, clock: opts.clock, defaultResyncMs: opts.resyncMs, log: opts.log });
        informers.set(key, inf);
        launch(inf);
      }
      return inf as unknown as Informer<T>;
    },

    start(signal) {
      startSignal = signal;
      for (const inf of informers.values()) launch(inf);
    },

    async waitForCacheSync(signal) {
      if (signal.aborted) return false;
      const all = Promise.all([...running].map((i) => i.whenSynced)).then(() => true);
      let onAbort!: () => void;
      const aborted = new Promise<boolean>((r) => {
        onAbort = () => r(false);
        signal.addEventListener("abort", onAbort, { once: true });
      });
      try {
        return await Promise.race([all, aborted]);
      } finally {
        signal.removeEventListener("abort", onAbort);
      }
    },
  };
}
