/**
 * An in-process API server on a virtual clock with a ControllerContext
 * over it, for controller integration tests. Events are kept in memory.
 */
import { createInformerFactory } from "../../client/index.js";
import { eventually, startTestCluster, type TestCluster } from "../../client/test-fixtures.js";
import type { EventRecorder } from "../../client/events.js";
import type { Controller, KubeObject } from "../../client/types.js";
import { VirtualClock } from "../../util/clock.js";
import { defaultControllerManagerOptions, type ControllerContext, type ControllerManagerOptions } from "../context.js";

export interface RecordedEvent {
  component: string;
  kind?: string;
  name?: string;
  type: string;
  reason: string;
  message: string;
}

export interface ControllerTestCluster extends TestCluster {
  clock: VirtualClock;
  ctx: ControllerContext;
  events: RecordedEvent[];
  /** Starts the controllers (and the informers they asked for), waiting for caches. */
  run(...controllers: Controller[]): Promise<void>;
  /** Waits until cond holds, advancing the virtual clock by stepMs between checks. */
  until(cond: () => boolean | Promise<boolean>, what: string, stepMs?: number, maxSteps?: number): Promise<void>;
}

export async function startControllerCluster(options: Partial<ControllerManagerOptions> = {}): Promise<ControllerTestCluster> {
  const clock = new VirtualClock();
  const cluster = await startTestCluster(clock);
  const informers = createInformerFactory({ client: cluster.client, clock });
  const events: RecordedEvent[] = [];
  const recorder = (component: string): EventRecorder => ({
    event: (obj: KubeObject, type, reason, message) => void events.push({ component, kind: obj.kind, name: obj.metadata.name, type, reason, message }),
    flush: async () => undefined,
  });
  const ctx: ControllerContext = { client: cluster.client, informers, clock, recorder, options: { ...defaultControllerManagerOptions, ...options }, verbosity: 0, log: () => undefined };
  const abort = new AbortController();
  const running: Promise<void>[] = [];
  return {
    ...cluster,
    clock,
    ctx,
    events,
    async run(...controllers) {
      for (const c of controllers) running.push(c.run(abort.signal, 2));
      informers.start(abort.signal);
      await informers.waitForCacheSync(abort.signal);
      await eventually(() => true);
    },
    async until(cond, what, stepMs = 100, maxSteps = 2000) {
      for (let i = 0; i < maxSteps; i++) {
        if (await cond()) return;
        await clock.advance(stepMs);
      }
      throw new Error(`timed out waiting for ${what}`);
    },
    async close() {
      abort.abort();
      await Promise.allSettled(running);
      await cluster.close();
    },
  };
}
