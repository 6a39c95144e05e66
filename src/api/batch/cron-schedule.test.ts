import { test } from "node:test";
import assert from "node:assert/strict";
import { cronScheduleError, parseCronSchedule } from "./cron-schedule.js";

for (const ok of ["*/5 * * * *", "0 0 * * 0", "@hourly", "@daily", "@every 1h30m", "0 9-17 * jan-mar mon-fri", "15,45 * 1 * *", "0 0 ? * *"]) {
  test(`The schedule ${JSON.stringify(ok)} parses.`, () => {
    assert.equal(cronScheduleError(ok), undefined);
  });
}

const bad: [string, string][] = [
  ["* * * *", "expected exactly 5 fields, found 4: [* * * *]"],
  ["@fortnightly", "unrecognized descriptor: @fortnightly"],
  ["60 * * * *", "end of range (60) above maximum (59): 60"],
  ["* * 0 * *", "beginning of range (0) below minimum (1): 0"],
  ["* * * * 7", "end of range (7) above maximum (6): 7"],
  ["x * * * *", 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
  ["5-1 * * * *", "beginning of range (5) beyond end of range (1): 5-1"],
  ["*/0 * * * *", "step of range should be a positive number: */0"],
  ["@every soon", 'failed to parse duration @every soon: time: invalid duration "soon"'],
  ["", "empty spec string"],
];
for (const [spec, msg] of bad) {
  test(`The schedule ${JSON.stringify(spec)} is refused with the parser's message.`, () => {
    assert.equal(cronScheduleError(spec), msg);
  });
}

test("Fields expand to their allowed values.", () => {
  const s = parseCronSchedule("*/15 9-11 * * mon,wed");
  assert.deepEqual(s.minutes, [0, 15, 30, 45]);
  assert.deepEqual(s.hours, [9, 10, 11]);
  assert.deepEqual(s.daysOfWeek, [1, 3]);
  assert.equal(s.domStar, true);
  assert.equal(s.dowStar, false);
});
