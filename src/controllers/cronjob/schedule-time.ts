/**
 * When a CronJob schedule fires, in a time zone: the next activation after
 * a time, the most recent one missed since a time, and the RFC 3339 text of
 * a time in that zone. Field semantics follow robfig/cron (used upstream):
 * when day-of-month or day-of-week is "*", both must match; otherwise either.
 */
import type { CronSchedule } from "../../api/batch/cron-schedule.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** Give up looking for an activation this far ahead (robfig/cron stops after five years). */
const SEARCH_LIMIT_MS = 5 * 366 * 24 * HOUR;

interface LocalFields {
  month: number;
  day: number;
  weekday: number;
  hour: number;
  minute: number;
  /** UTC offset in minutes at that instant. */
  offset: number;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", weekday: "short", hour: "numeric", minute: "numeric" });
    formatters.set(zone, f);
  }
  return f;
}

/** The zone the controller manager runs in, used when a CronJob sets none (as upstream's time.Local). */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

function localFields(ms: number, zone: string): LocalFields {
  const parts: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(new Date(ms))) parts[p.type] = p.value;
  const year = Number(parts.year);
  const month = Number(parts.month);
  const day = Number(parts.day);
  const hour = Number(parts.hour);
  const minute = Number(parts.minute);
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  const offset = Math.round((asUtc - Math.floor(ms / MINUTE) * MINUTE) / MINUTE);
  return { month, day, weekday: WEEKDAYS[parts.weekday] ?? 0, hour, minute, offset };
}

function dayMatches(s: CronSchedule, f: LocalFields): boolean {
  const dom = s.daysOfMonth.includes(f.day);
  const dow = s.daysOfWeek.includes(f.weekday);
  return s.domStar || s.dowStar ? dom && dow : dom || dow;
}

/** The first activation strictly after `after` (ms), or undefined when none comes within five years. */
export function nextActivation(s: CronSchedule, zone: string, after: number): number | undefined {
  if (s.everyMs !== undefined) {
    // robfig's ConstantDelaySchedule: whole seconds, at least one.
    const delay = Math.max(1000, Math.floor(s.everyMs / 1000) * 1000);
    return Math.floor(after / 1000) * 1000 + delay;
  }
  let t = Math.floor(after / MINUTE) * MINUTE + MINUTE;
  const end = after + SEARCH_LIMIT_MS;
  while (t <= end) {
    const f = localFields(t, zone);
    const toHourEnd = 60 - f.minute;
    if (s.months.includes(f.month) && dayMatches(s, f) && s.hours.includes(f.hour)) {
      const m = s.minutes.find((x) => x >= f.minute);
      if (m !== undefined) return t + (m - f.minute) * MINUTE;
    }
    t += toHourEnd * MINUTE;
  }
  return undefined;
}

export interface MissedActivations {
  /** The latest activation in (earliest, now], if any. */
  mostRecent?: number;
  /** How many activations fell in that window. */
  count: number;
}

/** Activations missed between earliest (exclusive) and now (inclusive); counting stops past `cap`. */
export function missedActivations(s: CronSchedule, zone: string, earliest: number, now: number, cap = 100): MissedActivations {
  let count = 0;
  let mostRecent: number | undefined;
  for (let t = nextActivation(s, zone, earliest); t !== undefined && t <= now; t = nextActivation(s, zone, t)) {
    mostRecent = t;
    count++;
    if (count > cap) {
      // Past the cap only the most recent matters: jump close to now.
      const last = lastActivationAtOrBefore(s, zone, now, t);
      return { mostRecent: last, count };
    }
  }
  return { mostRecent, count };
}

/** The latest activation at or before now, searching back from now towards floor. */
function lastActivationAtOrBefore(s: CronSchedule, zone: string, now: number, floor: number): number {
  for (let span = HOUR; ; span *= 2) {
    const from = Math.max(floor, now - span);
    let best: number | undefined;
    for (let t = nextActivation(s, zone, from); t !== undefined && t <= now; t = nextActivation(s, zone, t)) best = t;
    if (best !== undefined || from === floor) return best ?? floor;
  }
}

/** t in zone as Go's time.RFC3339 ("2026-01-01T09:05:00+09:00", or "Z" for UTC). */
export function formatRFC3339(ms: number, zone: string): string {
  const f = localFields(ms, zone);
  const local = new Date(Math.floor(ms / 1000) * 1000 + f.offset * MINUTE).toISOString().slice(0, 19);
  if (f.offset === 0) return `${local}Z`;
  const sign = f.offset > 0 ? "+" : "-";
  const abs = Math.abs(f.offset);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
}
