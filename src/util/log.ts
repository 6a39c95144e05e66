/**
 * Component logs in klog's header format, so they read like upstream's:
 *   I1123 11:05:06.123456   12345 scheduler] Successfully bound pod to node
 * Level gates verbosity as klog's -v: log(4, ...) prints only with --v>=4.
 * Warnings and errors (W/E) always print.
 */
import type { Clock } from "./clock.js";

export interface Logger {
  readonly verbosity: number;
  /** Info at a verbosity level (0 = always). */
  log(level: number, message: string): void;
  warn(message: string): void;
  error(message: string): void;
  /** A logger for a sub-component, e.g. "kubelet node-1". */
  child(name: string): Logger;
}

export interface LoggerOptions {
  component: string;
  verbosity: number;
  clock: Clock;
  /** Where lines go; stderr by default, as klog. */
  write?: (line: string) => void;
}

function header(severity: "I" | "W" | "E", ms: number, component: string): string {
  const d = new Date(ms);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  const micros = p(d.getUTCMilliseconds(), 3) + "000";
  return `${severity}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${micros} ${String(process.pid).padStart(7)} ${component}]`;
}

export function createLogger(opts: LoggerOptions): Logger {
  const write = opts.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const emit = (sev: "I" | "W" | "E", msg: string) => write(`${header(sev, opts.clock.now(), opts.component)} ${msg}`);
  return {
    verbosity: opts.verbosity,
    log: (level, msg) => {
      if (level <= opts.verbosity) emit("I", msg);
    },
    warn: (msg) => emit("W", msg),
    error: (msg) => emit("E", msg),
    child: (name) => createLogger({ ...opts, component: `${opts.component} ${name}` }),
  };
}

/** A logger that drops everything (library use without --v). */
export function silentLogger(): Logger {
  const l: Logger = { verbosity: -1, log: () => undefined, warn: () => undefined, error: () => undefined, child: () => l };
  return l;
}
