import { test } from "node:test";
import assert from "node:assert/strict";
import { limitByBehavior, scaleDownLimit, scaleUpLimit, stabilize, withDefaults } from "./replica-calculator.js";

const defaults = withDefaults(undefined);

test("a scale-down is held at the highest recommendation of the last five minutes", () => {
  const now = 1_000_000;
  const r = stabilize({ nowMs: now, desired: 2, current: 5, recommendations: [{ atMs: now - 60_000, replicas: 5 }, { atMs: now - 400_000, replicas: 9 }], behavior: defaults });
  assert.equal(r.replicas, 5);
  assert.equal(r.reason, "ScaleDownStabilized");
});

test("a scale-up is not stabilised by default", () => {
  const now = 1_000_000;
  assert.equal(stabilize({ nowMs: now, desired: 8, current: 5, recommendations: [{ atMs: now - 1000, replicas: 5 }], behavior: defaults }).replicas, 8);
});

test("the default scale-up policy allows the larger of four pods or doubling per 15 seconds", () => {
  assert.equal(scaleUpLimit(1, [], [], defaults.scaleUp, 0), 5);
  assert.equal(scaleUpLimit(10, [], [], defaults.scaleUp, 0), 20);
  assert.equal(scaleUpLimit(10, [{ atMs: -5000, change: 6 }], [], defaults.scaleUp, 0), 8);
});

test("a Pods scale-down policy removes at most its value per period", () => {
  const rules = { stabilizationWindowSeconds: 0, selectPolicy: "Max" as const, policies: [{ type: "Pods" as const, value: 2, periodSeconds: 60 }] };
  assert.equal(scaleDownLimit(10, [], [], rules, 0), 8);
  assert.equal(scaleDownLimit(10, [], [{ atMs: -30_000, change: 2 }], rules, 0), 10);
});

test("a desired count above maxReplicas is limited with TooManyReplicas", () => {
  const r = limitByBehavior({ desired: 50, current: 10, minReplicas: 1, maxReplicas: 12, upEvents: [], downEvents: [], behavior: defaults, nowMs: 0 });
  assert.deepEqual(r, { replicas: 12, reason: "TooManyReplicas", message: "the desired replica count is more than the maximum replica count" });
});

test("a scale-up faster than the policy allows is limited with ScaleUpLimit", () => {
  const r = limitByBehavior({ desired: 50, current: 2, minReplicas: 1, maxReplicas: 100, upEvents: [], downEvents: [], behavior: defaults, nowMs: 0 });
  assert.equal(r.replicas, 6);
  assert.equal(r.reason, "ScaleUpLimit");
});

test("a desired count below minReplicas is limited with TooFewReplicas", () => {
  const r = limitByBehavior({ desired: 0, current: 3, minReplicas: 2, maxReplicas: 10, upEvents: [], downEvents: [], behavior: defaults, nowMs: 0 });
  assert.equal(r.replicas, 2);
  assert.equal(r.reason, "TooFewReplicas");
});
