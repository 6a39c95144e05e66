/**
 * An in-process API server on a memory store with a loopback client,
 * informers and a scheduler, for end-to-end scheduler tests.
 */
import { bootstrapObjects } from "../../api/bootstrap-objects.js";
import { bootstrapApiServer, createInProcessApiServer } from "../../apiserver/index.js";
import { createClient, createEventRecorder, createInformerFactory, createLoopbackTransport, type Client, type KubeObject } from "../../client/index.js";
import { createMemoryStore } from "../../storage/index.js";
import { VirtualClock } from "../../util/clock.js";
import type { ProfileConfig } from "../framework/profile.js";
import type { Registry } from "../framework/registry.js";
import { createScheduler, type Scheduler } from "../scheduler.js";
import type { SchedulingAttemptMetrics } from "../schedule-one.js";

export interface TestCluster {
  client: Client;
  clock: VirtualClock;
  scheduler: Scheduler;
  logs: string[];
  close(): Promise<void>;
}

const ADMIN = { username: "admin", groups: ["system:masters", "system:authenticated"] };

export async function startCluster(opts: { profiles?: ProfileConfig[]; registry?: Registry; verbosity?: number; metrics?: SchedulingAttemptMetrics } = {}): Promise<TestCluster> {
  const clock = new VirtualClock();
  const store = createMemoryStore();
  const so = { store, clock, serviceCIDR: "10.96.0.0/12", nodePortRange: [30000, 32767] as [number, number], advertiseAddress: "127.0.0.1", port: 6443, compactionIntervalMs: 0 };
  // No node lifecycle controller runs here to lift TaintNodesByCondition's not-ready taint from new nodes.
  const server = await createInProcessApiServer({ ...so, admissionPlugins: { disable: ["TaintNodesByCondition"] } });
  await bootstrapApiServer(server, { ...so, bootstrapObjects: bootstrapObjects() });
  const transport = createLoopbackTransport(server, ADMIN);
  const client = createClient({ transport, identity: "system:kube-scheduler" });
  const informers = createInformerFactory({ client, clock });
  const recorder = createEventRecorder({ client, clock, component: "default-scheduler" });
  const logs: string[] = [];
  const scheduler = createScheduler({ client, informers, clock, profiles: opts.profiles, registry: opts.registry, verbosity: opts.verbosity ?? 2, log: (_l, m) => logs.push(m), recorder, random: () => 0, metrics: opts.metrics });
  const ac = new AbortController();
  const running = scheduler.start(ac.signal);
  await scheduler.ready;
  return {
    client,
    clock,
    scheduler,
    logs,
    async close() {
      ac.abort();
      await running.catch(() => undefined);
      await recorder.flush();
      await transport.close();
      await server.close();
      await store.close();
    },
  };
}

/** Polls cond (yielding to the event loop) until it holds. */
export async function eventually<T>(cond: () => Promise<T | undefined | false> | T | undefined | false, what: string, tries = 2000): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await cond();
    if (v) return v;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export type { KubeObject };
