import { test } from "node:test";
import assert from "node:assert/strict";
import { ageColumn, CREATION_TIMESTAMP_DESCRIPTION, createdAtColumn } from "./printers.js";
import type { KubeObject } from "./types.js";

const NOW = Date.parse("2026-01-01T12:00:00Z");
const obj = (creationTimestamp?: string): KubeObject => ({ metadata: { name: "x", creationTimestamp } });

const ages: { name: string; created: string | undefined; want: string }[] = [
  { name: "An object created 90 seconds ago is 90s old.", created: "2026-01-01T11:58:30Z", want: "90s" },
  { name: "An object created three days and two hours ago is 3d2h old.", created: "2025-12-29T10:00:00Z", want: "3d2h" },
  { name: "An object without a creation time has an unknown age.", created: undefined, want: "<unknown>" },
];

for (const c of ages) {
  test(c.name, () => {
    assert.equal(ageColumn().cell(obj(c.created), { now: NOW }), c.want);
  });
}

test("The Age and Created At columns carry ObjectMeta's creationTimestamp description.", () => {
  assert.equal(ageColumn().name, "Age");
  assert.equal(ageColumn().description, CREATION_TIMESTAMP_DESCRIPTION);
  assert.equal(createdAtColumn().description, CREATION_TIMESTAMP_DESCRIPTION);
  assert.ok(CREATION_TIMESTAMP_DESCRIPTION.startsWith("CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed"));
});

test("The Created At column shows the stored timestamp, or null without one.", () => {
  assert.equal(createdAtColumn().cell(obj("2026-01-01T00:00:00Z"), { now: NOW }), "2026-01-01T00:00:00Z");
  assert.equal(createdAtColumn().cell(obj(), { now: NOW }), null);
});
