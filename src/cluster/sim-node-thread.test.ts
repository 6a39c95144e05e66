import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, test } from "node:test";
import { LEASES, NODES } from "../client/resources.js";
import { startTestCluster } from "../client/test-fixtures.js";
import type { KubeObject } from "../client/types.js";
import { createSimulatedNetwork } from "../network/dialer.js";
import { realClock, VirtualClock } from "../util/clock.js";
import { silentLogger } from "../util/log.js";
import { startClusterComponents } from "./components.js";
import { spawnSimNodeThread } from "./sim-node-thread.js";
import { NODE_LEASE_NAMESPACE } from "../kubelet/index.js";
import { selfSignedKubeletCertificate } from "../kubelet/server/tls.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, f: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await f().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

type NodeObject = KubeObject & { status?: { addresses?: { type: string; address: string }[]; daemonEndpoints?: { kubeletEndpoint?: { Port?: number } } } };

describe("sim nodes in a worker thread", () => {
  test("nodes in the worker register as their own identity, are reachable through this thread's network, and save their state on stop", async () => {
    const c = await startTestCluster(realClock);
    const network = createSimulatedNetwork();
    // Any CA will do: nothing here presents a client certificate.
    const clientCAPem = (await selfSignedKubeletCertificate(realClock)).certPem;
    const stateDir = mkdtempSync(join(tmpdir(), "skiff-sim-thread-"));
    const components = await startClusterComponents(c.server, {
      clock: realClock,
      logger: silentLogger(),
      nodes: 2,
      controlPlane: false,
      simNodeThread: spawnSimNodeThread(),
      kubeletServer: { network, clientCAPem, port: 0 },
      nodeStateDir: stateDir,
    });
    let served: { address: string; port: number };
    try {
      await components.ready;
      const node = await until("node-2 with its kubelet endpoint", async () => {
        const n = await c.client.get<NodeObject>(NODES, undefined, "node-2");
        return n.status?.daemonEndpoints?.kubeletEndpoint?.Port ? n : undefined;
      });
      // Renewed by node-2's kubelet in the worker.
      const lease = await until("node-2's lease", () => c.client.get<KubeObject & { spec?: { holderIdentity?: string } }>(LEASES, NODE_LEASE_NAMESPACE, "node-2"));
      assert.equal(lease.spec?.holderIdentity, "node-2");
      const address = node.status!.addresses!.find((a) => a.type === "InternalIP")!.address;
      const port = node.status!.daemonEndpoints!.kubeletEndpoint!.Port!;
      // The worker's kubelet server is routed in this thread's network, at a real loopback listener.
      const target = await until("the route to node-2's kubelet", async () => network.resolve(address, port));
      assert.equal(target.host, "127.0.0.1");
      const socket = await network.dial(address, port);
      socket.destroy();
      served = { address, port };
    } finally {
      await components.stop();
      await c.close();
    }
    try {
      // The routes left with the worker; each node's state was written by it as it stopped.
      assert.equal(network.resolve(served.address, served.port), undefined);
      for (const n of ["node-1", "node-2"]) assert.ok(existsSync(join(stateDir, `${n}.json`)), `${n}'s state saved`);
      assert.ok(JSON.parse(readFileSync(join(stateDir, "node-1.json"), "utf8")));
    } finally {
      rmSync(stateDir, { recursive: true, force: true });
    }
  });

  test("only on the real clock: a virtual one cannot cross threads", async () => {
    const thread = spawnSimNodeThread();
    try {
      await assert.rejects(
        startClusterComponents({ handle: () => Promise.reject(new Error("unused")) }, { clock: new VirtualClock(), logger: silentLogger(), nodes: 1, controlPlane: false, simNodeThread: thread }),
        /only on the real clock/,
      );
    } finally {
      await thread.terminate();
    }
  });
});
