/**
 * API timestamps as upstream serialises them: metav1.Time is RFC 3339 to the
 * second ("2026-01-02T03:04:05Z"); metav1.MicroTime carries microseconds
 * ("2026-01-02T03:04:05.123000Z"). Every component formats through here.
 */

/** The last second formatted: objects, events and statuses written in one second share it. */
let lastSecond = NaN;
let lastText = "";

export function formatTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastText = new Date(second * 1000).toISOString().replace(".000Z", "Z");
    lastSecond = second;
  }
  return lastText;
}

export function formatMicroTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}
