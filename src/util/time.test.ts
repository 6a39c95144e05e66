import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { formatMicroTime, formatTime } from "./time.js";

describe("API timestamps", () => {
  it("formats to the second, the same text for every instant of one second and the next one after it", () => {
    const t = Date.UTC(2026, 0, 2, 3, 4, 5);
    assert.equal(formatTime(t), "2026-01-02T03:04:05Z");
    assert.equal(formatTime(t + 999), "2026-01-02T03:04:05Z");
    assert.equal(formatTime(t + 1000), "2026-01-02T03:04:06Z");
    assert.equal(formatTime(t - 1), "2026-01-02T03:04:04Z");
    assert.equal(formatTime(t), "2026-01-02T03:04:05Z");
    assert.equal(formatTime(0), "1970-01-01T00:00:00Z");
    assert.throws(() => formatTime(Number.NaN), RangeError);
  });

  it("keeps microseconds in MicroTime", () => {
    assert.equal(formatMicroTime(Date.UTC(2026, 0, 2, 3, 4, 5, 123)), "2026-01-02T03:04:05.123000Z");
  });
});
