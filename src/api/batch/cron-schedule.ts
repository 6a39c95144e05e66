/**
 * CronJob schedules as upstream parses them (robfig/cron's standard parser):
 * five fields (minute hour day-of-month month day-of-week) with ranges,
 * steps, lists and names, or a descriptor (@hourly, @every 90m, ...). Errors
 * carry the parser's own wording, which the API server returns verbatim.
 */

/** The allowed values of each field, ascending. */
export interface CronSchedule {
  minutes: number[];
  hours: number[];
  daysOfMonth: number[];
  months: number[];
  daysOfWeek: number[];
  /** True when day-of-month (resp. day-of-week) was "*" or "?": the other field alone restricts days. */
  domStar: boolean;
  dowStar: boolean;
  /** Set for "@every <duration>" schedules instead of the fields above. */
  everyMs?: number;
}

interface Bounds {
  min: number;
  max: number;
  names?: Record<string, number>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

const DESCRIPTORS: Record<string, string> = {
  "@yearly": "0 0 1 1 *",
  "@annually": "0 0 1 1 *",
  "@monthly": "0 0 1 * *",
  "@weekly": "0 0 * * 0",
  "@daily": "0 0 * * *",
  "@midnight": "0 0 * * *",
  "@hourly": "0 * * * *",
};

class CronError extends Error {}

/** Go's strconv.Atoi, with its error text. */
function atoi(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new CronError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function intOrName(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase()];
  return named !== undefined ? named : atoi(expr);
}

function parseRange(expr: string, b: Bounds): { values: number[]; star: boolean } {
  const rangeAndStep = expr.split("/");
  const lowHigh = rangeAndStep[0].split("-");
  let start: number;
  let end: number;
  let star = false;
  if (lowHigh[0] === "*" || lowHigh[0] === "?") {
    start = b.min;
    end = b.max;
    star = true;
  } else {
    start = intOrName(lowHigh[0], b);
    if (lowHigh.length === 1) end = start;
    else if (lowHigh.length === 2) end = intOrName(lowHigh[1], b);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = atoi(rangeAndStep[1]);
    if (lowHigh.length === 1) end = b.max; // "N/step" means "N-max/step"
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) throw new CronError(`too many slashes: ${expr}`);
  if (start < b.min) throw new CronError(`beginning of range (${start}) below minimum (${b.min}): ${expr}`);
  if (end > b.max) throw new CronError(`end of range (${end}) above maximum (${b.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  const values: number[] = [];
  for (let v = start; v <= end; v += step) values.push(v);
  return { values, star };
}

function parseField(field: string, b: Bounds): { values: number[]; star: boolean } {
  const set = new Set<number>();
  let star = false;
  for (const part of field.split(",").filter((p) => p !== "")) {
    const r = parseRange(part, b);
    r.values.forEach((v) => set.add(v));
    star ||= r.star;
  }
  return { values: [...set].sort((x, y) => x - y), star };
}

const durationUnits: Record<string, number> = { ns: 1e-6, us: 1e-3, "µs": 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go's time.ParseDuration, to milliseconds. */
export function parseGoDuration(s: string): number | undefined {
  const m = /^[-+]?((\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h))+$/.exec(s);
  if (!m && s !== "0") return undefined;
  let total = 0;
  for (const part of s.matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * durationUnits[part[2]];
  return s.startsWith("-") ? -total : total;
}

/** Parses a schedule; throws an Error whose message is upstream's. */
export function parseCronSchedule(spec: string): CronSchedule {
  if (spec.length === 0) throw new CronError("empty spec string");
  let s = spec;
  if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
    const i = s.indexOf(" ");
    const zone = s.slice(s.indexOf("=") + 1, i < 0 ? undefined : i);
    if (!isKnownTimeZone(zone)) throw new CronError(`provided bad location ${zone}: unknown time zone ${zone}`);
    s = i < 0 ? "" : s.slice(i).trim();
  }
  if (s.startsWith("@")) {
    if (s.startsWith("@every ")) {
      const d = parseGoDuration(s.slice("@every ".length));
      if (d === undefined) throw new CronError(`failed to parse duration ${s}: time: invalid duration ${JSON.stringify(s.slice("@every ".length))}`);
      return { minutes: [], hours: [], daysOfMonth: [], months: [], daysOfWeek: [], domStar: false, dowStar: false, everyMs: d };
    }
    const expanded = DESCRIPTORS[s];
    if (!expanded) throw new CronError(`unrecognized descriptor: ${s}`);
    s = expanded;
  }
  const fields = s.split(/\s+/).filter((f) => f !== "");
  if (fields.length !== 5) throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(" ")}]`);
  const dom = parseField(fields[2], DOM);
  const dow = parseField(fields[4], DOW);
  return {
    minutes: parseField(fields[0], MINUTES).values,
    hours: parseField(fields[1], HOURS).values,
    daysOfMonth: dom.values,
    months: parseField(fields[3], MONTHS).values,
    daysOfWeek: dow.values,
    domStar: dom.star,
    dowStar: dow.star,
  };
}

/** The parser's error text for a schedule, or undefined when it parses. */
export function cronScheduleError(spec: string): string | undefined {
  try {
    parseCronSchedule(spec);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Whether the zone is one Node's ICU knows (Go's time.LoadLocation reads the same IANA database). */
export function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
