import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage, path } from "./field.js";
import { formatLabelSelector, selectorMatches, selectorString, validateLabelSelector, type LabelSelector } from "./label-selector.js";

const cases: { name: string; sel: LabelSelector | undefined; labels: Record<string, string>; matches: boolean; text: string }[] = [
  { name: "A missing selector matches nothing and prints <none>.", sel: undefined, labels: { a: "b" }, matches: false, text: "<none>" },
  { name: "An empty selector matches everything.", sel: {}, labels: { a: "b" }, matches: true, text: "<none>" },
  { name: "matchLabels must all be present with equal values.", sel: { matchLabels: { app: "web", tier: "fe" } }, labels: { app: "web" }, matches: false, text: "app=web,tier=fe" },
  {
    name: "Expressions print sorted by key with sorted values.",
    sel: { matchLabels: { z: "1" }, matchExpressions: [{ key: "env", operator: "In", values: ["prod", "dev"] }, { key: "gpu", operator: "DoesNotExist" }] },
    labels: { z: "1", env: "dev" },
    matches: true,
    text: "env in (dev,prod),!gpu,z=1",
  },
  { name: "NotIn rejects a listed value.", sel: { matchExpressions: [{ key: "env", operator: "NotIn", values: ["prod"] }] }, labels: { env: "prod" }, matches: false, text: "env notin (prod)" },
  { name: "Exists needs the key.", sel: { matchExpressions: [{ key: "app", operator: "Exists" }] }, labels: {}, matches: false, text: "app" },
];

for (const c of cases) {
  test(c.name, () => {
    assert.equal(selectorMatches(c.sel, c.labels), c.matches);
    assert.equal(formatLabelSelector(c.sel), c.text);
  });
}

test("The bare selector string is empty for an empty selector.", () => {
  assert.equal(selectorString({}), "");
});

test("Selector validation reports upstream's messages.", () => {
  const errs = validateLabelSelector(
    { matchLabels: { "bad key!": "v" }, matchExpressions: [{ key: "a", operator: "In" }, { key: "b", operator: "Exists", values: ["x"] }, { key: "c", operator: "Near" }] },
    path("spec", "selector"),
  ).map(fieldErrorMessage);
  assert.ok(errs.some((m) => m.startsWith('spec.selector.matchLabels: Invalid value: "bad key!": name part must consist of alphanumeric characters')));
  assert.ok(errs.includes("spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'"));
  assert.ok(errs.includes("spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  assert.ok(errs.includes('spec.selector.matchExpressions[2].operator: Invalid value: "Near": not a valid selector operator'));
});

test("A selector path may be given as text, and matchLabels are checked before expressions.", () => {
  const errs = validateLabelSelector({ matchExpressions: [{ key: "a", operator: "In", values: ["-x-"] }], matchLabels: { "bad key!": "v" } }, "spec.podSelector").map(fieldErrorMessage);
  assert.ok(errs[0].startsWith('spec.podSelector.matchLabels: Invalid value: "bad key!"'));
  assert.ok(errs[1].startsWith('spec.podSelector.matchExpressions[0].values[0]: Invalid value: "-x-": a valid label must be'));
  assert.equal(errs.length, 2);
});

test("A selector with an unknown operator prints as <error>, and values print once each.", () => {
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: "a", operator: "Near" }] }), "<error>");
  assert.equal(formatLabelSelector({ matchExpressions: [{ key: "a", operator: "In", values: ["y", "x", "y"] }] }), "a in (x,y)");
});
