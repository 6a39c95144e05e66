/** The kubectl core suite against `skiff up --storage etcd` (Debian's etcd on loopback). */
import { after, before, describe } from "node:test";
import { startEtcdTestServer, type EtcdTestServer } from "../../dist/storage/etcd/etcd-test-server.js";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { kubectlCoreSuite } from "./kubectl-suite.js";
import { existsSync } from "node:fs";

const etcdBinary = process.env.SKIFF_ETCD_BINARY ?? "/usr/bin/etcd";
const skip = existsSync(etcdBinary) ? false : `etcd is not installed (${etcdBinary}); install Debian's etcd-server to run this suite`;

describe("kubectl against skiff up --storage etcd", { concurrency: false, skip }, () => {
  let etcd: EtcdTestServer | undefined;
  let cluster: TestCluster;
  before(async () => {
    etcd = await startEtcdTestServer();
    cluster = await startTestCluster({ args: ["--storage", "etcd", "--etcd-endpoints", etcd!.endpoint] });
  });
  after(async () => {
    await cluster?.stop();
    await etcd?.stop();
  });
  kubectlCoreSuite(() => cluster);
});
