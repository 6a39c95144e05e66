import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseCronSchedule } from "../../api/batch/cron-schedule.js";
import { formatRFC3339, missedActivations, nextActivation } from "./schedule-time.js";

const at = (iso: string) => Date.parse(iso);

describe("nextActivation", () => {
  const cases: { name: string; schedule: string; zone: string; after: string; want: string }[] = [
    { name: "an every-five-minutes schedule fires at the next multiple of five", schedule: "*/5 * * * *", zone: "UTC", after: "2026-01-01T00:02:30Z", want: "2026-01-01T00:05:00Z" },
    { name: "an activation exactly at `after` is not returned again", schedule: "*/5 * * * *", zone: "UTC", after: "2026-01-01T00:05:00Z", want: "2026-01-01T00:10:00Z" },
    { name: "a daily schedule rolls over to the next day", schedule: "30 2 * * *", zone: "UTC", after: "2026-01-01T03:00:00Z", want: "2026-01-02T02:30:00Z" },
    { name: "a time zone shifts the activation", schedule: "0 9 * * *", zone: "Asia/Tokyo", after: "2026-01-01T01:00:00Z", want: "2026-01-02T00:00:00Z" },
    { name: "a half-hour zone keeps its minutes", schedule: "0 * * * *", zone: "Asia/Kolkata", after: "2026-01-01T00:00:00Z", want: "2026-01-01T00:30:00Z" },
    { name: "day-of-month and day-of-week restrict as either when both are set", schedule: "0 0 15 * 1", zone: "UTC", after: "2026-01-01T00:00:00Z", want: "2026-01-05T00:00:00Z" },
    { name: "@every adds the duration", schedule: "@every 90s", zone: "UTC", after: "2026-01-01T00:00:00Z", want: "2026-01-01T00:01:30Z" },
    { name: "@yearly waits for the next January", schedule: "@yearly", zone: "UTC", after: "2026-01-01T00:00:00Z", want: "2027-01-01T00:00:00Z" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(new Date(nextActivation(parseCronSchedule(c.schedule), c.zone, at(c.after))!).toISOString(), new Date(at(c.want)).toISOString());
    });
  }
});

describe("missedActivations", () => {
  it("returns the most recent activation and how many were missed", () => {
    const r = missedActivations(parseCronSchedule("*/10 * * * *"), "UTC", at("2026-01-01T00:00:00Z"), at("2026-01-01T00:35:00Z"));
    assert.equal(r.count, 3);
    assert.equal(new Date(r.mostRecent!).toISOString(), "2026-01-01T00:30:00.000Z");
  });
  it("still finds the most recent activation when more than a hundred were missed", () => {
    const r = missedActivations(parseCronSchedule("* * * * *"), "UTC", at("2026-01-01T00:00:00Z"), at("2026-01-01T05:00:30Z"));
    assert.ok(r.count > 100);
    assert.equal(new Date(r.mostRecent!).toISOString(), "2026-01-01T05:00:00.000Z");
  });
});

describe("formatRFC3339", () => {
  it("writes UTC with Z and other zones with their offset", () => {
    assert.equal(formatRFC3339(at("2026-01-01T00:05:00Z"), "UTC"), "2026-01-01T00:05:00Z");
    assert.equal(formatRFC3339(at("2026-01-01T00:05:00Z"), "Asia/Tokyo"), "2026-01-01T09:05:00+09:00");
    assert.equal(formatRFC3339(at("2026-01-01T00:05:00Z"), "America/New_York"), "2025-12-31T19:05:00-05:00");
  });
});
