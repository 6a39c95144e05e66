/**
 * Go's time.Duration.String(), the JSON form of metav1.Duration:
 * "1h2m3.5s", "1m30s", "500ms", "1.5µs", "0s".
 */

const NS = 1n, US = 1000n, MS = 1_000_000n, S = 1_000_000_000n;

/** `value / unit` with the remainder as a fraction of up to `digits` digits, trailing zeros trimmed. */
function withFraction(value: bigint, unit: bigint, digits: number): string {
  const whole = value / unit;
  const rest = value % unit;
  if (rest === 0n) return whole.toString();
  const frac = rest.toString().padStart(digits, "0").replace(/0+$/, "");
  return `${whole}.${frac}`;
}

/** Formats a duration in nanoseconds exactly as Go does. */
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return "0s";
  const sign = nanos < 0n ? "-" : "";
  const u = nanos < 0n ? -nanos : nanos;
  if (u < US) return `${sign}${u * NS}ns`;
  if (u < MS) return `${sign}${withFraction(u, US, 3)}µs`;
  if (u < S) return `${sign}${withFraction(u, MS, 6)}ms`;
  const hours = u / (3600n * S);
  const minutes = (u / (60n * S)) % 60n;
  const seconds = `${withFraction(u % (60n * S), S, 9)}s`;
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}`;
  return `${sign}${seconds}`;
}
