/**
 * A sim container's main process (and exec'd commands): argv run by the
 * sim shell on a time line of its own. `sleep` moves the process's time
 * forward and parks it on the runtime's WakeScheduler until the clock
 * catches up, so output is stamped with the time it would have appeared,
 * and a process replayed after a restart (from its start, with `quietUntil`)
 * runs through the downtime at once, exiting when it would have.
 */
import type { Clock } from "../../../util/clock.js";
import type { ContainerLog, LogStream } from "./container-log.js";
import { runArgv } from "./shell/interpreter.js";
import { EMPTY_INPUT, type Input, type ShellFs, type ShellNetwork, type Streams } from "./shell/types.js";
import type { WakeScheduler } from "./wake-scheduler.js";

export interface ProcessSpec {
  argv: string[];
  env: { key: string; value: string }[];
  fs: ShellFs;
  cwd: string;
  hostname: string;
  /** A terminal is attached (sh prompts). */
  tty: boolean;
  stdin?: Input;
  /** The pod's network; absent, nothing answers. */
  net?: ShellNetwork;
}

export interface ProcessOptions {
  clock: Clock;
  scheduler: WakeScheduler;
  /** The process's time at start (ms). */
  startAt: number;
  /** Output stamped before this is not written again (a replay after restart). */
  quietUntil?: number;
  log?: ContainerLog;
  /** Where output goes besides the log (an exec's session). */
  streams?: Pick<Streams, "stdout" | "stderr">;
}

export interface SimProcess {
  /** The exit code, or undefined when killed. */
  readonly done: Promise<number | undefined>;
  /** The process's time now: when it exited, once done. */
  time(): number;
  kill(): void;
  /** Output from now on (attach); returns the unsubscriber. */
  subscribe(fn: (stream: LogStream, data: Uint8Array | string) => void): () => void;
}

let nextPid = 1;

export function startProcess(spec: ProcessSpec, opts: ProcessOptions): SimProcess {
  const abort = new AbortController();
  const listeners = new Set<(stream: LogStream, data: Uint8Array | string) => void>();
  let vt = opts.startAt;
  let sleeps = 0;
  const emit = (stream: LogStream) => (data: Uint8Array | string) => {
    if (abort.signal.aborted) return;
    if (opts.log && vt >= (opts.quietUntil ?? -Infinity)) opts.log.write(stream, data, vt);
    if (vt >= (opts.quietUntil ?? -Infinity)) {
      (stream === "stdout" ? opts.streams?.stdout : opts.streams?.stderr)?.(data);
      for (const fn of listeners) fn(stream, data);
    }
  };
  const io: Streams = { stdin: spec.stdin ?? EMPTY_INPUT, stdout: emit("stdout"), stderr: emit("stderr") };
  const sleep = async (ms: number) => {
    sleeps++;
    vt = ms === Infinity ? Infinity : vt + ms;
    await opts.scheduler.waitUntil(vt, abort.signal);
  };
  const done = (async () => {
    try {
      const code = await runArgv(spec.argv, io, {
        fs: spec.fs,
        env: new Map(spec.env.map((e) => [e.key, e.value])),
        cwd: spec.cwd,
        status: 0,
        argv: ["sh"],
        pid: nextPid++,
        hostname: spec.hostname,
        interactive: spec.tty,
        sleep,
        sleepCount: () => sleeps,
        now: () => vt,
        net: spec.net,
      });
      // A process that read its input live ends now, not at its own (earlier) time.
      vt = Math.max(vt, spec.stdin ? opts.clock.now() : vt);
      opts.log?.close(vt);
      return abort.signal.aborted ? undefined : code;
    } catch (err) {
      if (abort.signal.aborted) return undefined;
      throw err;
    }
  })();
  return {
    done,
    time: () => vt,
    kill: () => abort.abort(new Error("killed")),
    subscribe(fn) {
      listeners.add(fn);
      return () => listeners.delete(fn);
    },
  };
}
