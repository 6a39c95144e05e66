/**
 * Reads a container's CRI log file as `kubectl logs` asks for it (upstream's
 * pkg/kubelet/kuberuntime/logs ReadLogs): sinceTime, tail lines, timestamps,
 * a byte limit, and follow, which keeps reading as the file grows until the
 * container stops running.
 */
import type { Clock } from "../../util/clock.js";
import type { HostFilesystem } from "../runtime/host-filesystem.js";
import { parseCriLogLine } from "./cri-log.js";

export interface LogOptions {
  follow?: boolean;
  /** Only entries at or after this time (ms); sinceSeconds is turned into this by the caller. */
  sinceMs?: number;
  /** Only the last N lines (entries); 0 reads none. */
  tailLines?: number;
  timestamps?: boolean;
  /** Stop after this many bytes of output. */
  limitBytes?: number;
}

/** Where the output goes: write() returns false when the reader should wait for drained(). */
export interface LogSink {
  write(chunk: Buffer): boolean;
  drained(): Promise<void>;
}

export interface ReadLogsOptions {
  fs: HostFilesystem;
  path: string;
  clock: Clock;
  options: LogOptions;
  sink: LogSink;
  /** For follow: whether the container still runs (a stopped one ends the stream once the file is drained). */
  stillRunning(): Promise<boolean>;
  signal: AbortSignal;
  /** How often follow re-checks a quiet file (upstream's kubelet: 1 s). */
  pollMs?: number;
}

const NEWLINE = Buffer.from("\n");

/** Resolves when everything asked for has been written, the limit is reached or the signal aborts. */
export async function readContainerLogs(o: ReadLogsOptions): Promise<void> {
  const { fs, path, options, sink, signal } = o;
  const first = fs.readFile(path);
  if (!first) throw new Error(`failed to open log file "${path}": open ${path}: no such file or directory`);
  let data = Buffer.from(first.buffer, first.byteOffset, first.byteLength);
  let remaining = options.limitBytes ?? Infinity;
  let offset = options.tailLines !== undefined ? tailOffset(data, options.tailLines) : 0;

  /** Writes the complete lines of data from offset; returns false once the limit is reached. */
  const drain = async (): Promise<boolean> => {
    while (offset < data.length) {
      const nl = data.indexOf(0x0a, offset);
      if (nl < 0) break; // an incomplete line: wait for the rest
      const line = data.subarray(offset, nl);
      offset = nl + 1;
      const entry = parseCriLogLine(line);
      if (!entry) continue;
      if (options.sinceMs !== undefined && entry.timeMs < options.sinceMs) continue;
      const parts: Buffer[] = [];
      if (options.timestamps) parts.push(Buffer.from(`${entry.time} `));
      parts.push(entry.content);
      if (!entry.partial) parts.push(NEWLINE);
      let out = Buffer.concat(parts);
      if (out.length > remaining) out = out.subarray(0, remaining);
      remaining -= out.length;
      if (out.length && !sink.write(out)) await sink.drained();
      if (remaining <= 0 || signal.aborted) return false;
    }
    return true;
  };

  if (!(await drain()) || !options.follow || signal.aborted) return;
  await follow(o, async () => {
    const next = fs.readFile(path);
    if (!next) return false;
    if (next.length < offset) offset = 0; // replaced (rotation): start over
    data = Buffer.from(next.buffer, next.byteOffset, next.byteLength);
    return drain();
  });
}

/** Waits for growth, draining each time; ends when the container has stopped and the file is drained. */
function follow(o: ReadLogsOptions, drain: () => Promise<boolean>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let busy = false;
    let again = false;
    let finished = false;
    const finish = (err?: unknown) => {
      if (finished) return;
      finished = true;
      unwatch();
      ticker.cancel();
      o.signal.removeEventListener("abort", onAbort);
      if (err) reject(err);
      else resolve();
    };
    const step = async (checkRunning: boolean) => {
      if (busy) return void (again = true);
      busy = true;
      try {
        do {
          again = false;
          if (!(await drain())) return finish();
        } while (again);
        if (checkRunning && !(await o.stillRunning())) {
          // One last read: the container's final lines may have come after the previous one.
          await drain();
          return finish();
        }
      } catch (err) {
        return finish(err);
      } finally {
        busy = false;
      }
    };
    const onAbort = () => finish();
    o.signal.addEventListener("abort", onAbort, { once: true });
    const unwatch = o.fs.watch(o.path, () => void step(false));
    const ticker = o.clock.setInterval(() => void step(true), o.pollMs ?? 1_000);
    void step(true);
  });
}

/** The offset where the last n lines of data begin (a final line without a newline counts). */
export function tailOffset(data: Uint8Array, n: number): number {
  if (n <= 0) return data.length;
  let end = data.length;
  if (end > 0 && data[end - 1] === 0x0a) end--;
  let count = 0;
  for (let i = end - 1; i >= 0; i--) {
    if (data[i] === 0x0a && ++count === n) return i + 1;
  }
  return 0;
}
