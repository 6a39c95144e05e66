/**
 * A container's log file in CRI's format (host-filesystem.ts), written to
 * the node's HostFilesystem as containerd writes it: one entry per line,
 * tagged F, with a timestamp in RFC 3339 with nanoseconds. Output without
 * a final newline waits for the rest of its line (or the process's end).
 *
 * Size is capped: past MAX_LOG_BYTES the file is rotated to
 * `<path>.<yyyymmdd-hhmmss>` (the kubelet's rotation name) and an older
 * rotated file is dropped, so a container keeps at most ~2x the cap.
 */
import type { HostFilesystem } from "../host-filesystem.js";

export const MAX_LOG_BYTES = 128 * 1024;

export type LogStream = "stdout" | "stderr";

/** 2026-01-01T00:00:05.123000000Z */
export function criTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 23)}000000Z`;
}

export interface ContainerLog {
  readonly path: string;
  /** Writes output produced at `at` (ms). */
  write(stream: LogStream, data: Uint8Array | string, at: number): void;
  /** Ends partial lines (the process exited). */
  close(at: number): void;
  /** Calls fn with each write from now on (attach); returns the unsubscriber. */
  onWrite(fn: (stream: LogStream, data: Uint8Array | string) => void): () => void;
}

export function openContainerLog(fs: HostFilesystem, path: string): ContainerLog {
  const partial: Record<LogStream, string> = { stdout: "", stderr: "" };
  const listeners = new Set<(stream: LogStream, data: Uint8Array | string) => void>();
  // Made on the first binary write: most sim containers write text or nothing, and a decoder is costly to make.
  const decoder: Partial<Record<LogStream, InstanceType<typeof TextDecoder>>> = {};
  const append = (entries: string, at: number) => {
    const size = fs.lstat(path)?.size ?? 0;
    if (size + entries.length > MAX_LOG_BYTES && size > 0) rotate(at);
    fs.appendFile(path, entries);
  };
  const rotate = (at: number) => {
    const dir = path.slice(0, path.lastIndexOf("/"));
    const base = path.slice(path.lastIndexOf("/") + 1);
    for (const old of fs.readdir(dir) ?? []) if (old.startsWith(`${base}.`)) fs.remove(`${dir}/${old}`);
    const d = new Date(at).toISOString();
    fs.rename(path, `${path}.${d.slice(0, 10).replace(/-/g, "")}-${d.slice(11, 19).replace(/:/g, "")}`);
  };
  if (!fs.lstat(path)) fs.writeFile(path, "");
  return {
    path,
    write(stream, data, at) {
      for (const fn of listeners) fn(stream, data);
      const text = partial[stream] + (typeof data === "string" ? data : (decoder[stream] ??= new TextDecoder()).decode(data, { stream: true }));
      const lines = text.split("\n");
      partial[stream] = lines.pop()!;
      if (lines.length) append(lines.map((l) => `${criTimestamp(at)} ${stream} F ${l}\n`).join(""), at);
    },
    onWrite(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
    close(at) {
      for (const stream of ["stdout", "stderr"] as const) {
        if (partial[stream]) append(`${criTimestamp(at)} ${stream} F ${partial[stream]}\n`, at);
        partial[stream] = "";
      }
    },
  };
}
