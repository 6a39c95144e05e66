/** The kubectl core suite against `skiff up` on its default SQLite store. */
import { after, before, describe } from "node:test";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { kubectlCoreSuite } from "./kubectl-suite.js";

describe("kubectl against skiff up (sqlite)", { concurrency: false }, () => {
  let cluster: TestCluster;
  before(async () => {
    cluster = await startTestCluster();
  });
  after(async () => {
    await cluster?.stop();
  });
  kubectlCoreSuite(() => cluster);
});
