/**
 * The string formats a CRD schema may declare and their checks: kube-openapi's
 * strfmt default registry restricted to apiextensions' supported set. Other
 * formats are dropped before validation, as upstream does.
 */
import { isIP } from "node:net";

const supportedFormats = new Set([
  "bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6", "cidr", "mac", "uuid", "uuid3", "uuid4", "uuid5",
  "isbn", "isbn10", "isbn13", "creditcard", "ssn", "hexcolor", "rgbcolor", "byte", "password", "date", "duration", "datetime",
]);

/** strfmt's name normalisation: "date-time" and "datetime" are the same format. */
export function normalizeFormat(format: string): string {
  return format.replace(/-/g, "");
}

/** Whether validation checks this format (unsupported ones are stripped, so never fail). */
export function isSupportedFormat(format: string | undefined): boolean {
  return !!format && supportedFormats.has(normalizeFormat(format));
}

const uuidRe = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuid3Re = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuid4Re = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const uuid5Re = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const hostnameRe =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const emailRe = /^[^\s@<>()]+@[^\s@<>()]+$/;
const creditCardRe = /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11})$/;
const ssnRe = /^\d{3}[- ]?\d{2}[- ]?\d{4}$/;
const hexColorRe = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const rgbPart = "\\s*(0|[1-9]\\d?|1\\d\\d?|2[0-4]\\d|25[0-5])\\s*";
const rgbColorRe = new RegExp(`^rgb\\(${rgbPart},${rgbPart},${rgbPart}\\)$`);
const base64Re = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const dateRe = /^(\d{4})-(\d{2})-(\d{2})$/;
// The layouts strfmt.ParseDateTime accepts: RFC 3339 with or without fraction, offsets with or
// without colon, reduced precision (no seconds), local time (no zone), and "YYYY-MM-DD hh:mm:ss".
const dateTimeRe = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?| (\d{2}):(\d{2}):(\d{2}))$/;
const macRe = /^(?:[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){5}|[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){7}|[0-9a-fA-F]{2}(?:[:-][0-9a-fA-F]{2}){19}|[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){2}|[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){3}|[0-9a-fA-F]{4}(?:\.[0-9a-fA-F]{4}){9})$/;
const durationUnits = new Set(["ns", "us", "µs", "ms", "s", "m", "h", "d", "w"]);
const durationWords = /^(ns|nanoseconds?|us|µs|microseconds?|ms|milliseconds?|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|wks|weeks?)$/;

function validDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

function isDate(s: string): boolean {
  const m = dateRe.exec(s);
  return !!m && validDate(+m[1], +m[2], +m[3]);
}

function isDateTime(s: string): boolean {
  const m = dateTimeRe.exec(s);
  if (!m || !validDate(+m[1], +m[2], +m[3])) return false;
  const hh = +(m[4] ?? m[9]);
  const mm = +(m[5] ?? m[10]);
  const ss = +(m[6] ?? m[11] ?? 0);
  return hh < 24 && mm < 60 && ss < 60;
}

/** Go's time.ParseDuration, or strfmt's "<n> <unit>" forms. */
function isDuration(s: string): boolean {
  const go = /^[-+]?((\d+(\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h))+$/;
  if (s === "0" || go.test(s)) return true;
  const parts = [...s.matchAll(/(\d+)\s*([A-Za-zµ]+)/g)];
  if (parts.length === 0) return false;
  const joined = parts.map((p) => p[0]).join("");
  if (joined.replace(/\s/g, "") !== s.replace(/\s/g, "")) return false;
  return parts.every((p) => durationUnits.has(p[2]) || durationWords.test(p[2]));
}

function isURI(s: string): boolean {
  // net/url.ParseRequestURI: an absolute URI or an absolute path, no fragment handling needed.
  if (s.startsWith("/")) return !/\s/.test(s);
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):(.*)$/.exec(s);
  if (!m || /[\s]/.test(m[2])) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return m[2].length > 0;
  }
}

function isCIDR(s: string): boolean {
  const i = s.indexOf("/");
  if (i < 0) return false;
  const ip = s.slice(0, i);
  const bits = s.slice(i + 1);
  const fam = isIP(ip);
  if (!fam || !/^\d{1,3}$/.test(bits)) return false;
  return +bits <= (fam === 4 ? 32 : 128);
}

function luhnIsbn10(s: string): boolean {
  if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (i + 1) * +s[i];
  sum += s[9] === "X" ? 100 : 10 * +s[9];
  return sum % 11 === 0;
}

function isbn13(s: string): boolean {
  if (!/^[0-9]{13}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * +s[i];
  return (10 - (sum % 10)) % 10 === +s[12];
}

const checks: Record<string, (s: string) => boolean> = {
  bsonobjectid: (s) => /^[0-9a-fA-F]{24}$/.test(s),
  uri: isURI,
  email: (s) => emailRe.test(s.trim()) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(s),
  hostname: (s) => s.length <= 255 && hostnameRe.test(s),
  ipv4: (s) => isIP(s) === 4,
  ipv6: (s) => isIP(s) === 6,
  cidr: isCIDR,
  mac: (s) => macRe.test(s),
  uuid: (s) => uuidRe.test(s),
  uuid3: (s) => uuid3Re.test(s),
  uuid4: (s) => uuid4Re.test(s),
  uuid5: (s) => uuid5Re.test(s),
  isbn: (s) => luhnIsbn10(s.replace(/[\s-]/g, "")) || isbn13(s.replace(/[\s-]/g, "")),
  isbn10: (s) => luhnIsbn10(s.replace(/[\s-]/g, "")),
  isbn13: (s) => isbn13(s.replace(/[\s-]/g, "")),
  creditcard: (s) => creditCardRe.test(s.replace(/[^0-9]+/g, "")),
  ssn: (s) => ssnRe.test(s),
  hexcolor: (s) => hexColorRe.test(s),
  rgbcolor: (s) => rgbColorRe.test(s),
  byte: (s) => base64Re.test(s),
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
};

/** Whether a string satisfies a supported format; unsupported formats accept anything. */
export function formatValid(format: string, s: string): boolean {
  const check = checks[normalizeFormat(format)];
  return check ? check(s) : true;
}
