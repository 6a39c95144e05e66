import { formatTime } from "../util/time.js";
/** Cell formatting and columns shared by every resource's table, as upstream's printers. */
import type { KubeObject, TableColumn } from "./types.js";

/** metav1.ObjectMeta's swagger doc for creationTimestamp, which upstream's Age and Created At columns carry. */
export const CREATION_TIMESTAMP_DESCRIPTION =
  "CreationTimestamp is a timestamp representing the server time when this object was created. It is not guaranteed to be set in happens-before order across separate operations. Clients may not set this value. It is represented in RFC3339 form and is in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata";

/** Upstream's duration.HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return "<invalid>";
  if (seconds < 0) return "0s";
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/** Upstream's translateTimestampSince: "<unknown>" for a missing timestamp. */
export function age(timestamp: string | undefined | null, now: number): string {
  if (!timestamp) return "<unknown>";
  const t = Date.parse(timestamp);
  if (Number.isNaN(t)) return "<unknown>";
  return humanDuration(now - t);
}

/** "<none>" for empty, as upstream prints missing values. */
export function orNone(v: string | undefined | null): string {
  return v ? v : "<none>";
}

/** Upstream's labels.FormatLabels / selector String(): "a=b,c=d" or "<none>". */
export function formatLabels(labels: Record<string, string> | undefined | null): string {
  if (!labels) return "<none>";
  const keys = Object.keys(labels).sort();
  return keys.length ? keys.map((k) => `${k}=${labels[k]}`).join(",") : "<none>";
}

/** RFC 3339 with seconds precision, as metav1.Time marshals. */
export function rfc3339(ms: number): string {
  return formatTime(ms);
}

/** The Age column every upstream printer ends with (or nearly): time since creation, humanised. */
export function ageColumn<T extends KubeObject>(): TableColumn<T> {
  return { name: "Age", type: "string", description: CREATION_TIMESTAMP_DESCRIPTION, cell: (o, ctx) => age(o.metadata.creationTimestamp, ctx.now) };
}

/**
 * The column of upstream's default table for kinds without a printer: the
 * creation time as an RFC 3339 date.
 */
export function createdAtColumn<T extends KubeObject>(): TableColumn<T> {
  return { name: "Created At", type: "date", description: CREATION_TIMESTAMP_DESCRIPTION, cell: (o) => o.metadata.creationTimestamp ?? null };
}
