/**
 * The log backend (--audit-log-path): each event becomes one line, JSON
 * (audit.k8s.io/v1 Event) or upstream's legacy text, queued and written
 * in order by one writer, so a request never waits on the disk. When the
 * queue is full, events are dropped and counted as errors, as upstream's
 * batching backend does.
 */
import type { Clock } from "../../util/clock.js";
import { openRotatingFile } from "./rotating-file.js";
import type { AuditEvent } from "./types.js";

export type LogFormat = "json" | "legacy";
export const LOG_FORMATS: readonly LogFormat[] = ["legacy", "json"];

export interface LogBackendOptions {
  /** A file, or "-" for standard output. */
  path: string;
  format: LogFormat;
  maxAge: number;
  maxBackups: number;
  maxSize: number;
  clock: Clock;
  /** Queued lines beyond which events are dropped (upstream's batch buffer: 10000). */
  bufferSize?: number;
  /** A write failed or an event was dropped. */
  onError?: (err: Error) => void;
}

export interface AuditBackend {
  /** Takes the event as it is now (later changes to it are not logged). Never blocks. */
  process(ev: AuditEvent): void;
  /** Resolves once every event processed so far is written. */
  flush(): Promise<void>;
  /** Writes what is queued, then closes the file. */
  close(): Promise<void>;
}

interface Output {
  write(data: string): Promise<void>;
  close(): Promise<void>;
}

export async function createLogBackend(opts: LogBackendOptions): Promise<AuditBackend> {
  const out: Output =
    opts.path === "-"
      ? { write: (data) => new Promise<void>((resolve) => process.stdout.write(data, () => resolve())), close: async () => undefined }
      : await openRotatingFile({ file: opts.path, maxAge: opts.maxAge, maxBackups: opts.maxBackups, maxSize: opts.maxSize, clock: opts.clock });
  const limit = opts.bufferSize ?? 10_000;
  const encode = opts.format === "legacy" ? legacyLine : (ev: AuditEvent) => `${JSON.stringify(ev)}\n`;
  let queue: string[] = [];
  let writing: Promise<void> | undefined;

  const drain = async () => {
    while (queue.length) {
      const batch = queue.join("");
      queue = [];
      try {
        await out.write(batch);
      } catch (err) {
        opts.onError?.(err as Error);
      }
    }
    writing = undefined;
  };

  return {
    process(ev) {
      if (queue.length >= limit) {
        opts.onError?.(new Error("audit buffer queue blocked"));
        return;
      }
      queue.push(encode(ev));
      writing ??= drain();
    },
    flush: async () => writing,
    async close() {
      await writing;
      await out.close();
    },
  };
}

/** Upstream's EventString: one line with the request's essentials. */
export function legacyLine(ev: AuditEvent): string {
  const q = (s: string) => JSON.stringify(s);
  const list = (l: string[]) => l.map(q).join(",");
  const username = ev.user.username || "<none>";
  const groups = ev.user.username && ev.user.groups?.length ? list(ev.user.groups) : "<none>";
  const as = ev.impersonatedUser ? ev.impersonatedUser.username ?? "" : "<self>";
  const asgroups = ev.impersonatedUser?.groups ? list(ev.impersonatedUser.groups) : "<lookup>";
  const namespace = ev.objectRef?.namespace || "<none>";
  const response = ev.responseStatus ? String(ev.responseStatus.code) : "<deferred>";
  const ip = ev.sourceIPs?.[0] ?? "<unknown>";
  // Go's RFC3339Nano drops trailing zeros of the fraction.
  const when = ev.requestReceivedTimestamp.replace(/\.?0+Z$/, "Z");
  return `${when} AUDIT: id=${q(ev.auditID)} stage=${q(ev.stage)} ip=${q(ip)} method=${q(ev.verb)} user=${q(username)} groups=${q(groups)} as=${q(as)} asgroups=${q(asgroups)} user-agent=${q(ev.userAgent ?? "")} namespace=${q(namespace)} uri=${q(ev.requestURI)} response="${response}"\n`;
}
