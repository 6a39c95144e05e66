/**
 * CRI's container log format (what containerd writes and the kubelet reads
 * back), one entry per line:
 *
 *   2026-12-02T14:22:11.123456789Z stdout F listening on :80
 *   <RFC3339Nano time> <stream> <tag> <content>
 *
 * The tag is F for a full line and P for a part of a line that the next
 * entry continues (the kubelet then adds no newline).
 */
export interface CriLogEntry {
  /** The timestamp as written (RFC3339Nano). */
  time: string;
  /** Milliseconds since the epoch. */
  timeMs: number;
  stream: "stdout" | "stderr";
  partial: boolean;
  content: Buffer;
}

/** Parses one line (without its newline); undefined when it is not a CRI entry. */
export function parseCriLogLine(line: Buffer): CriLogEntry | undefined {
  const s1 = line.indexOf(0x20);
  if (s1 <= 0) return undefined;
  const s2 = line.indexOf(0x20, s1 + 1);
  if (s2 < 0) return undefined;
  const time = line.subarray(0, s1).toString("latin1");
  const stream = line.subarray(s1 + 1, s2).toString("latin1");
  if (stream !== "stdout" && stream !== "stderr") return undefined;
  const timeMs = Date.parse(time);
  if (Number.isNaN(timeMs)) return undefined;
  // The tag field is optional in old files: "<time> <stream> <content>".
  const s3 = line.indexOf(0x20, s2 + 1);
  const tag = s3 < 0 ? line.subarray(s2 + 1).toString("latin1") : line.subarray(s2 + 1, s3).toString("latin1");
  if (tag === "F" || tag === "P") {
    return { time, timeMs, stream, partial: tag === "P", content: s3 < 0 ? Buffer.alloc(0) : line.subarray(s3 + 1) };
  }
  return { time, timeMs, stream, partial: false, content: line.subarray(s2 + 1) };
}

/** Formats one entry as the runtime writes it (for tests and writers). */
export function formatCriLogLine(time: string, stream: "stdout" | "stderr", content: string, partial = false): string {
  return `${time} ${stream} ${partial ? "P" : "F"} ${content}\n`;
}
