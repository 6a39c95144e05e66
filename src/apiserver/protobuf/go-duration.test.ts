import { test } from "node:test";
import assert from "node:assert/strict";
import { formatGoDuration } from "./go-duration.js";

const cases: [bigint, string][] = [
  [0n, "0s"],
  [1n, "1ns"],
  [1500n, "1.5µs"],
  [500_000_000n, "500ms"],
  [1_000_000_000n, "1s"],
  [90_000_000_000n, "1m30s"],
  [3_600_000_000_000n, "1h0m0s"],
  [3_723_500_000_000n, "1h2m3.5s"],
  [-2_000_000_000n, "-2s"],
  [100_000_000_000_000n, "27h46m40s"],
];

for (const [nanos, want] of cases) {
  test(`${nanos} nanoseconds format as Go's "${want}".`, () => {
    assert.equal(formatGoDuration(nanos), want);
  });
}
