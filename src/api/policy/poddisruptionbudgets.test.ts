import { test } from "node:test";
import assert from "node:assert/strict";
import { poddisruptionbudgets as def } from "./poddisruptionbudgets.js";
import { message, testContext, TEST_NOW } from "../testing/hook-context.js";
import { formatLabelSelector } from "../validation/label-selector.js";

const ctx = testContext();
const pdb = (spec: Record<string, unknown>) => ({ metadata: { name: "web", namespace: "default" }, spec }) as never;

const cases: { name: string; spec: Record<string, unknown>; want: string[] }[] = [
  { name: "A budget with minAvailable only is valid.", spec: { minAvailable: 2, selector: { matchLabels: { app: "web" } } }, want: [] },
  { name: "A budget with a percentage maxUnavailable is valid.", spec: { maxUnavailable: "25%" }, want: [] },
  { name: "Setting both minAvailable and maxUnavailable is refused.", spec: { minAvailable: 1, maxUnavailable: 1 }, want: ['spec: Invalid value: {"minAvailable":1,"maxUnavailable":1}: minAvailable and maxUnavailable cannot be both set'] },
  { name: "A negative minAvailable is refused.", spec: { minAvailable: -1 }, want: ["spec.minAvailable: Invalid value: -1: must be greater than or equal to 0"] },
  { name: "A percentage above 100% is refused.", spec: { maxUnavailable: "150%" }, want: ['spec.maxUnavailable: Invalid value: "150%": must not be greater than 100%'] },
  { name: "A selector operator In without values is refused.", spec: { minAvailable: 1, selector: { matchExpressions: [{ key: "app", operator: "In" }] } }, want: ["spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"] },
  { name: "An unknown eviction policy is refused.", spec: { minAvailable: 1, unhealthyPodEvictionPolicy: "Sometimes" }, want: ['spec.unhealthyPodEvictionPolicy: Unsupported value: "Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"'] },
];

for (const c of cases) {
  test(c.name, async () => {
    const errs = await def.validate!(pdb(c.spec), ctx);
    assert.deepEqual(errs.map(message), c.want);
  });
}

test("A new budget starts with an empty status whatever the client sent.", () => {
  const obj = { metadata: { name: "x" }, spec: {}, status: { disruptionsAllowed: 5 } } as never;
  def.prepareForCreate!(obj, ctx);
  assert.deepEqual((obj as { status: unknown }).status, { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 });
});

test("The table shows N/A for the unset bound and the allowed disruptions.", () => {
  const obj = { metadata: { name: "web", creationTimestamp: new Date(TEST_NOW - 90_000).toISOString() }, spec: { minAvailable: "50%" }, status: { disruptionsAllowed: 2 } } as never;
  const cells = def.columns!.map((c) => c.cell(obj, { now: TEST_NOW }));
  assert.deepEqual(cells, ["50%", "N/A", 2, "90s"]);
});

const selectors: { name: string; sel: unknown; want: string }[] = [
  { name: "An absent selector prints as <none>.", sel: undefined, want: "<none>" },
  { name: "An empty selector prints as <none>.", sel: {}, want: "<none>" },
  { name: "Requirements print sorted by key.", sel: { matchLabels: { tier: "web" }, matchExpressions: [{ key: "app", operator: "In", values: ["b", "a"] }, { key: "x", operator: "DoesNotExist" }] }, want: "app in (a,b),tier=web,!x" },
];
for (const s of selectors) {
  test(s.name, () => assert.equal(formatLabelSelector(s.sel as never), s.want));
}
