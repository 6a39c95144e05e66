import { after, before, describe, test } from "node:test";
import { runStoreConformance } from "../conformance.js";
import { ETCD_BINARY, startEtcdTestServer, type EtcdTestServer } from "./etcd-test-server.js";
import { openEtcdStore } from "./etcd-store.js";
import { existsSync } from "node:fs";

if (!existsSync(ETCD_BINARY)) {
  describe("Store conformance: etcd", () => {
    test("runs against a local etcd", { skip: `${ETCD_BINARY} is not installed (Debian package etcd-server)` }, () => {});
  });
} else {
  let server: EtcdTestServer | undefined;
  before(async () => {
    server = await startEtcdTestServer();
  });
  after(async () => {
    await server?.stop();
  });
  runStoreConformance({
    name: "etcd",
    newStore: () => openEtcdStore({ endpoints: [server!.endpoint] }),
  });
}
