/** Go durations at the kubelet's edges: annotations in, log and condition messages out. */
import { parseGoDuration } from "../api/batch/cron-schedule.js";
import { formatGoDuration } from "../apiserver/protobuf/go-duration.js";

/** Go's time.ParseDuration, to milliseconds; undefined when malformed. */
export function parseDurationMs(text: string | undefined): number | undefined {
  if (text === undefined || text === "") return undefined;
  const ms = parseGoDuration(text.trim());
  return ms === undefined || ms < 0 ? undefined : ms;
}

/** Go's time.Duration.String() of a span in milliseconds: "3m0.5s", "12s", "0s". */
export function formatDurationMs(ms: number): string {
  return formatGoDuration(BigInt(Math.round(ms)) * 1_000_000n);
}
