/**
 * An in-process cluster for controller tests: API server on a memory store,
 * a loopback client, shared informers and a recorder that keeps events in
 * memory, all on a VirtualClock. Any number of controllers can run on it.
 */
import { setMaxListeners } from "node:events";
import type { KubeObject, ResourceDefinition } from "../../api/types.js";
import { createInformerFactory, type Controller } from "../../client/index.js";
import { eventually, startTestCluster, type TestCluster } from "../../client/test-fixtures.js";
import { VirtualClock } from "../../util/clock.js";
import { defaultControllerManagerOptions, type ControllerContext } from "../context.js";

export interface RecordedEvent {
  object: string;
  type: string;
  reason: string;
  message: string;
}

export interface ControllerTestEnv extends TestCluster {
  clock: VirtualClock;
  ctx: ControllerContext;
  events: RecordedEvent[];
  /** Starts the informers and the controllers (2 workers each). */
  run(...controllers: Controller[]): void;
  /** Lets the controllers catch up: flushes pending work without moving time. */
  settle(): Promise<void>;
  /** Polls fn, letting controllers work (and time move by stepMs) between tries, until it returns a value. */
  until<T>(what: string, fn: () => Promise<T | undefined | false>, stepMs?: number): Promise<T>;
  stop(): Promise<void>;
}

export { eventually };

/** opts.resources: what the API server serves (default: the built-in resources), e.g. plus a custom one. */
export async function startControllerTestEnv(opts: { resources?: ResourceDefinition[] } = {}): Promise<ControllerTestEnv> {
  const clock = new VirtualClock();
  const cluster = await startTestCluster(clock, opts.resources);
  const abort = new AbortController();
  // One informer per watched resource listens on this signal.
  setMaxListeners(0, abort.signal);
  const informers = createInformerFactory({ client: cluster.client, clock });
  const events: RecordedEvent[] = [];
  const ctx: ControllerContext = {
    client: cluster.client,
    informers,
    clock,
    recorder: () => ({
      event: (obj: KubeObject, type, reason, message) => void events.push({ object: obj.metadata.name ?? "", type, reason, message }),
      flush: async () => undefined,
    }),
    options: { ...defaultControllerManagerOptions },
    verbosity: 0,
    log: () => undefined,
  };
  const runs: Promise<void>[] = [];
  return {
    ...cluster,
    clock,
    ctx,
    events,
    run(...controllers) {
      informers.start(abort.signal);
      for (const c of controllers) runs.push(c.run(abort.signal, 2));
    },
    settle: () => clock.advance(0),
    async until(what, fn, stepMs = 0) {
      for (let i = 0; i < 200; i++) {
        const v = await fn();
        if (v !== undefined && v !== false) return v as never;
        await clock.advance(stepMs);
      }
      throw new Error(`timed out waiting for ${what}`);
    },
    async stop() {
      abort.abort();
      await Promise.allSettled(runs);
      await cluster.close();
    },
  };
}
