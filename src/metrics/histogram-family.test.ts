import assert from "node:assert/strict";
import { test } from "node:test";
import { Histogram } from "prom-client";
import { HistogramFamily } from "./histogram-family.js";
import { createRegistry } from "./registry.js";

const BUCKETS = [0.005, 0.025, 0.1, 0.5, 1.0, 2.5];
const observations: [Record<"name" | "op", string>, number][] = [
  [{ name: "b", op: "CREATE" }, 0.003],
  [{ name: "a", op: "UPDATE" }, 0.025],
  [{ name: "b", op: "CREATE" }, 0.7],
  [{ name: "a", op: "UPDATE" }, 9],
  [{ name: "c", op: "DELETE" }, 0],
];

test("a histogram family scrapes exactly as prom-client's histogram fed the same observations", async () => {
  const theirs = createRegistry();
  const ours = createRegistry();
  const h = new Histogram({ name: "x_seconds", help: "[STABLE] X.", labelNames: ["name", "op"], buckets: BUCKETS, registers: [theirs] });
  const family = new HistogramFamily(ours, "x_seconds", "[STABLE] X.", ["name", "op"], BUCKETS);
  for (const [labels, v] of observations) {
    h.observe(labels, v);
    family.holder(labels).observe(v);
  }
  assert.equal(await ours.metrics(), await theirs.metrics());
  assert.deepEqual(await ours.getMetricsAsJSON(), await theirs.getMetricsAsJSON());
  assert.match(await ours.metrics(), /^x_seconds_bucket\{le="\+Inf",name="a",op="UPDATE"\} 2$/m);
});

test("a label set is exported from its first observation; a reset empties every series until observed again", async () => {
  const registry = createRegistry();
  const family = new HistogramFamily(registry, "y_seconds", "Y.", ["name"], BUCKETS);
  const held = family.holder({ name: "kept" });
  assert.doesNotMatch(await registry.metrics(), /kept/);
  held.observe(0.2);
  assert.match(await registry.metrics(), /^y_seconds_count\{name="kept"\} 1$/m);
  registry.resetMetrics();
  assert.doesNotMatch(await registry.metrics(), /kept/);
  held.observe(0.3);
  assert.match(await registry.metrics(), /^y_seconds_sum\{name="kept"\} 0.3$/m);
  assert.throws(() => held.observe(Number.NaN), TypeError);
});
