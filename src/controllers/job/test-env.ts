/**
 * An in-process cluster for controller tests: API server on a memory store,
 * a loopback client, shared informers and a recorder that keeps events in
 * memory, all on a VirtualClock.
 */
import type { KubeObject } from "../../api/types.js";
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
  /** Starts the informers and the controller (2 workers). */
  run(controller: Controller): void;
  /** Lets the controller catch up: flushes pending work without moving time. */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

export { eventually };

export async function startControllerTestEnv(): Promise<ControllerTestEnv> {
  const clock = new VirtualClock();
  const cluster = await startTestCluster(clock);
  const abort = new AbortController();
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
    run(controller) {
      informers.start(abort.signal);
      runs.push(controller.run(abort.signal, 2));
    },
    settle: () => clock.advance(0),
    async stop() {
      abort.abort();
      await Promise.allSettled(runs);
      await cluster.close();
    },
  };
}
