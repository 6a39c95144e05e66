import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, it } from "node:test";
import { bootstrapObjects } from "../api/bootstrap-objects.js";
import { isApiError } from "../api/errors.js";
import { startApiServer } from "../apiserver/index.js";
import { ensureClusterPki, writeKubeconfig } from "../pki/index.js";
import { createMemoryStore } from "../storage/index.js";
import { realClock } from "../util/clock.js";
import { createClientFromKubeconfig, createHttpTransport } from "./http-transport.js";
import { CONFIGMAPS, NAMESPACES } from "./resources.js";
import { createClient } from "./rest-client.js";
import { configMap } from "./test-fixtures.js";
import type { WatchEvent } from "./types.js";

describe("the HTTP/2 transport", () => {
  it("gets, lists and watches through a real HTTPS API server with a client certificate", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "skiff-client-"));
    const store = createMemoryStore();
    const pki = await ensureClusterPki(path.join(dir, "pki"), { hostnames: [], ips: ["127.0.0.1"], clock: realClock });
    const server = await startApiServer({
      store,
      clock: realClock,
      tls: { certPem: pki.apiServer.certPem, keyPem: pki.apiServer.keyPem, caPem: pki.ca.certPem },
      bindAddress: "127.0.0.1",
      port: 0,
      advertiseAddress: "127.0.0.1",
      serviceCIDR: "10.96.0.0/12",
      nodePortRange: [30000, 32767],
      bootstrapObjects: bootstrapObjects(),
      compactionIntervalMs: 0,
    });
    const transport = createHttpTransport({ server: server.url, caPem: pki.ca.certPem, certPem: pki.admin.certPem, keyPem: pki.admin.keyPem });
    const client = createClient({ transport, identity: "test" });
    try {
      const ns = await client.get(NAMESPACES, undefined, "default");
      assert.equal(ns.metadata.name, "default");
      await assert.rejects(client.get(CONFIGMAPS, "default", "missing"), (e) => isApiError(e, "NotFound"));

      const rv = (await client.list(CONFIGMAPS, { namespace: "default" })).metadata.resourceVersion!;
      const seen: WatchEvent[] = [];
      let resolveSeen!: () => void;
      const gotOne = new Promise<void>((r) => (resolveSeen = r));
      const w = client.watch(CONFIGMAPS, { namespace: "default", resourceVersion: rv }, (ev) => (seen.push(ev), resolveSeen()), () => undefined);
      await client.create(CONFIGMAPS, "default", configMap("over-https"));
      await gotOne;
      w.close();
      assert.deepEqual(seen.map((e) => [e.type, e.object.metadata.name]), [["ADDED", "over-https"]]);

      const kubeconfig = path.join(dir, "kubeconfig");
      await writeKubeconfig(kubeconfig, { server: server.url, caPem: pki.ca.certPem, certPem: pki.admin.certPem, keyPem: pki.admin.keyPem });
      const fromFile = await createClientFromKubeconfig(kubeconfig);
      assert.equal((await fromFile.get(CONFIGMAPS, "default", "over-https")).metadata.name, "over-https");
    } finally {
      await transport.close();
      await server.close();
      await store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
