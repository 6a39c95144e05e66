/**
 * The RegistryAuth Fault (S11) on `skiff up --nodes 1`: registry.example
 * refuses node-1's credentials. A pod of one of its images ends in
 * ErrImagePull, then ImagePullBackOff, with the registry's error in its
 * Events as upstream's kubelet words them; images of other registries
 * still pull. Deleting the Fault lets the next pull through.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { getJson, isReady, until, type Obj } from "./wait.js";
import { chainText, deleteFault, doctorClean, doctorFinds, faultPhase, skiff } from "./faults-common.js";

type PodObj = Obj & { status?: { containerStatuses?: { state?: { waiting?: { reason?: string; message?: string } } }[] } };
const waiting = async (c: TestCluster, name: string) => (await getJson<PodObj>(c, ["get", "pod", name])).status?.containerStatuses?.[0]?.state?.waiting;
const REF = "registry.example/team/app:1";
const REFUSED = `failed to pull and unpack image "${REF}": failed to resolve reference "${REF}": failed to authorize: failed to fetch oauth token: unexpected status from GET request to https://registry.example/token?scope=repository%3Ateam%2Fapp%3Apull&service=registry.example: 401 Unauthorized`;

describe("Fault RegistryAuth (S11)", { timeout: 240_000 }, () => {
  let c: TestCluster;
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "1"] });
  });
  after(() => c?.stop());

  test("pulls from the registry fail with ErrImagePull then ImagePullBackOff and the registry's error; deleting the Fault lets them through", async () => {
    const made = await skiff(c, ["chaos", "RegistryAuth", "node-1", "--registry", "registry.example"]);
    assert.equal(made.code, 0, made.stderr);
    const f = await faultPhase(c, "node-1-registryauth", "Active");
    assert.equal(f.status!.message, "registry.example refuses the credentials of pulls on node-1 (401 Unauthorized); deleting this Fault accepts them again");

    await c.k(["run", "app", `--image=${REF}`]);
    await c.k(["run", "other", "--image=nginx:1.27"]);
    // ErrImagePull lasts until the next sync, which finds the image backing off: the events keep both.
    const backoff = await until("ImagePullBackOff", async () => {
      const w = await waiting(c, "app");
      return w?.reason === "ImagePullBackOff" ? w : undefined;
    });
    assert.equal(backoff.message, `Back-off pulling image "${REF}": ErrImagePull: rpc error: code = Unknown desc = ${REFUSED}`);
    assert.match(await c.k(["get", "pod", "app"]), /app\s+0\/1\s+(ErrImagePull|ImagePullBackOff)/);
    const events = await c.k(["get", "events", "--field-selector", "involvedObject.name=app", "-o", "jsonpath={range .items[*]}{.type} {.reason} {.message}{\"\\n\"}{end}"]);
    assert.ok(events.includes(`Warning Failed Failed to pull image "${REF}": rpc error: code = Unknown desc = ${REFUSED}\n`), events);
    assert.match(events, /^Warning Failed Error: ErrImagePull$/m);
    assert.ok(events.includes(`Normal BackOff Back-off pulling image "${REF}"\n`), events);
    assert.match(events, /^Warning Failed Error: ImagePullBackOff$/m);
    await until("other running", async () => isReady(await getJson<Obj>(c, ["get", "pod", "other"])));

    const found = await doctorFinds(c, "the failing pull", (x) => x.check === "image-pull" && x.about.name === "app");
    assert.equal(found.run.code, 1);
    assert.match(chainText(found.finding), /401 Unauthorized/);

    await deleteFault(c, "node-1-registryauth");
    await until("app running", async () => isReady(await getJson<Obj>(c, ["get", "pod", "app"])), { timeoutMs: 60_000 });
    await doctorClean(c);
  });
});
