/**
 * Shared pieces of this folder's tests: an in-process API server on a
 * memory store, reached through the loopback transport.
 */
import { bootstrapObjects } from "../api/bootstrap-objects.js";
import type { ResourceDefinition } from "../api/types.js";
import { bootstrapApiServer, createInProcessApiServer, type InProcessApiServer } from "../apiserver/index.js";
import { createMemoryStore } from "../storage/index.js";
import type { Store } from "../storage/store.js";
import { VirtualClock, type Clock } from "../util/clock.js";
import { createLoopbackTransport } from "./loopback-transport.js";
import { createClient } from "./rest-client.js";
import type { Client, KubeObject } from "./types.js";

export interface TestCluster {
  server: InProcessApiServer;
  store: Store;
  clock: Clock;
  client: Client;
  close(): Promise<void>;
}

export const ADMIN = { username: "admin", groups: ["system:masters", "system:authenticated"] };

/** resources: what the API server serves (default: the built-in resources). */
export async function startTestCluster(clock: Clock = new VirtualClock(), resources?: ResourceDefinition[]): Promise<TestCluster> {
  const store = createMemoryStore();
  const opts = { store, clock, resources, serviceCIDR: "10.96.0.0/12", nodePortRange: [30000, 32767] as [number, number], advertiseAddress: "127.0.0.1", port: 6443, compactionIntervalMs: 0 };
  // No node lifecycle controller runs here to lift TaintNodesByCondition's not-ready taint from new nodes.
  const server = await createInProcessApiServer({ ...opts, admissionPlugins: { disable: ["TaintNodesByCondition"] } });
  await bootstrapApiServer(server, { ...opts, bootstrapObjects: bootstrapObjects() });
  const transport = createLoopbackTransport(server, ADMIN);
  const client = createClient({ transport, identity: "test" });
  return {
    server,
    store,
    clock,
    client,
    close: async () => {
      await transport.close();
      await server.close();
      await store.close();
    },
  };
}

export function configMap(name: string, data: Record<string, string> = {}, labels?: Record<string, string>, namespace = "default"): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace, ...(labels ? { labels } : {}) }, data };
}

/** Resolves when cond() holds, letting the event loop run between checks. */
export async function eventually(cond: () => boolean, what = "condition", tries = 200): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`timed out waiting for ${what}`);
}
