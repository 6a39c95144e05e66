import { test } from "node:test";
import assert from "node:assert/strict";
import { fieldErrorMessage } from "./field.js";
import { portNameErrors, portNumErrors, validatePortNumOrName } from "./ports.js";

const names: { name: string; port: string; want: string[] }[] = [
  { name: "A short lower-case name is a valid port name.", port: "http-alt", want: [] },
  { name: "A name of digits only needs a letter.", port: "8080", want: ["must contain at least one letter (a-z)"] },
  {
    name: "A long, upper-case, hyphen-edged name gets every message in upstream's order.",
    port: "-Very--Long-Port-Name",
    want: [
      "must be no more than 15 characters",
      "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)",
      "must not contain consecutive hyphens",
      "must not begin or end with a hyphen",
    ],
  },
];

for (const c of names) {
  test(c.name, () => {
    assert.deepEqual(portNameErrors(c.port), c.want);
  });
}

test("Port numbers run from 1 to 65535 and must be whole.", () => {
  assert.deepEqual(portNumErrors(1), []);
  assert.deepEqual(portNumErrors(65535), []);
  for (const bad of [0, 65536, 1.5, "80"]) assert.deepEqual(portNumErrors(bad), ["must be between 1 and 65535, inclusive"], String(bad));
});

test("A target port is checked as a number or as a name by its type.", () => {
  assert.deepEqual(validatePortNumOrName(0, "spec.ports[0].targetPort").map(fieldErrorMessage), ["spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive"]);
  assert.deepEqual(validatePortNumOrName("9000", "spec.ports[0].targetPort").map(fieldErrorMessage), ['spec.ports[0].targetPort: Invalid value: "9000": must contain at least one letter (a-z)']);
  assert.deepEqual(validatePortNumOrName("web", "spec.ports[0].targetPort"), []);
});
