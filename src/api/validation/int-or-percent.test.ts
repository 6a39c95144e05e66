import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage } from "./field.js";
import { intOrPercentValue, notMoreThan100Percent, validateIntOrPercent, type IntOrString } from "./int-or-percent.js";

const PERCENT_FORMAT = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

const cases: { name: string; value: IntOrString | undefined; want: string[] }[] = [
  { name: "An absent value passes.", value: undefined, want: [] },
  { name: "A whole percentage passes.", value: "25%", want: [] },
  { name: "Zero passes.", value: 0, want: [] },
  { name: "A negative count is refused.", value: -1, want: ["spec.x: Invalid value: -1: must be greater than or equal to 0"] },
  { name: "A string without a percent sign is refused with the regex message.", value: "25", want: [`spec.x: Invalid value: "25": ${PERCENT_FORMAT}`] },
  { name: "A fractional percentage is refused with the regex message.", value: "2.5%", want: [`spec.x: Invalid value: "2.5%": ${PERCENT_FORMAT}`] },
];

for (const c of cases) {
  test(c.name, () => {
    assert.deepEqual(validateIntOrPercent(c.value, "spec.x").map(fieldErrorMessage), c.want);
  });
}

test("Only a well-formed percentage above 100% is over the limit.", () => {
  assert.deepEqual(notMoreThan100Percent("150%", "spec.x").map(fieldErrorMessage), ['spec.x: Invalid value: "150%": must not be greater than 100%']);
  assert.deepEqual(notMoreThan100Percent("100%", "spec.x"), []);
  assert.deepEqual(notMoreThan100Percent(150, "spec.x"), []);
  assert.deepEqual(notMoreThan100Percent("150.5%", "spec.x"), []);
});

test("The value of a count or percentage is its number.", () => {
  assert.equal(intOrPercentValue(3), 3);
  assert.equal(intOrPercentValue("30%"), 30);
  assert.equal(intOrPercentValue(undefined), 0);
  assert.equal(intOrPercentValue("x%"), 0);
});
