/**
 * The README's custom resources example, as written: the files in
 * examples/crontabs and the commands of the "Custom resources" section,
 * with the real kubectl against `skiff up`.
 */
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startTestCluster, type TestCluster } from "./cluster.js";
import { repoRoot } from "./tools.js";
import { untilKubectl } from "./wait.js";

const dir = join(repoRoot, "examples", "crontabs");

describe("README: custom resources example", { concurrency: false }, () => {
  let c: TestCluster;
  before(async () => {
    c = await startTestCluster({ args: ["--nodes", "0"] });
  });
  after(async () => {
    await c?.stop();
  });

  test("the CRD and its CronTab apply, print their columns, refuse bad values and scale", async () => {
    await c.k(["apply", "-f", join(dir, "crd.yaml")]);
    await untilKubectl(c, ["get", "crd", "crontabs.stable.example.com", "-o", "jsonpath={.status.conditions[?(@.type=='Established')].status}"], "the CRD Established", (out) => out === "True");
    await untilKubectl(c, ["api-resources", "--api-group", "stable.example.com"], "crontabs in discovery", (out) => /crontabs\s+ct\s+stable\.example\.com\/v1\s+true\s+CronTab/.test(out));
    assert.match(await c.k(["apply", "-f", join(dir, "my-crontab.yaml")]), /crontab.stable.example.com\/my-tab created/);
    assert.match(await c.k(["apply", "--server-side", "-f", join(dir, "my-crontab.yaml")]), /my-tab serverside-applied/);
    assert.match(await c.k(["get", "crontabs", "-o", "wide"]), /^NAME\s+SCHEDULE\s+REPLICAS\s+IMAGE\s+AGE\nmy-tab\s+\*\/5 \* \* \* \*\s+1\s+my-cron-image\s+/);
    await c.k(["patch", "ct", "my-tab", "--type", "merge", "-p", '{"spec":{"image":"x"}}']);

    const zero = await c.kubectl(["patch", "ct", "my-tab", "--type", "merge", "-p", '{"spec":{"replicas":0}}']);
    assert.notEqual(zero.code, 0);
    assert.match(zero.stderr, /The CronTab "my-tab" is invalid: spec\.replicas: Invalid value: 0: spec\.replicas in body should be greater than or equal to 1/);

    assert.match(await c.k(["scale", "ct", "my-tab", "--replicas", "3"]), /my-tab scaled/);
    const twelve = await c.kubectl(["scale", "ct", "my-tab", "--replicas", "12"]);
    assert.notEqual(twelve.code, 0);
    assert.match(twelve.stderr, /replicas cannot grow beyond 10/);

    const old = await c.kubectl(["get", "crontabs.v1beta1.stable.example.com", "my-tab"]);
    assert.equal(old.code, 0, old.stderr);
    assert.match(old.stderr, /Warning: stable\.example\.com\/v1beta1 CronTab is deprecated/);
    assert.match(await c.k(["explain", "crontabs.spec"]), /What the CronTab runs and how often\.[\s\S]*cronSpec\s+<string> -required-/);
    assert.match(await c.k(["get", "all"]), /crontab\.stable\.example\.com\/my-tab\s+\*\/5 \* \* \* \*\s+3\s+/);
  });
});
