/**
 * A sim container's state and life after StartContainer: its main process
 * (a program the sim shell knows runs for real; any other program is
 * simulated and runs until stopped), its log, its scripted exit and its
 * periodic log lines. Nothing here holds a timer: waits park on the
 * runtime's WakeScheduler.
 */
import type { Clock } from "../../../util/clock.js";
import { formatDurationMs } from "../../duration.js";
import type { HostFilesystem } from "../host-filesystem.js";
import type { ContainerConfig, ContainerStatus, Mount } from "../runtime.js";
import { EXIT_AFTER, LIVENESS, LOG_EVERY, READINESS, simAnnotation, simDuration, simExitCode } from "./annotations.js";
import { createContainerFs } from "./container-fs.js";
import { openContainerLog, type ContainerLog, type LogStream } from "./container-log.js";
import { startProcess, type SimProcess } from "./container-process.js";
import { containerRootDir } from "./container-setup.js";
import { isKnownProgram } from "./shell/interpreter.js";
import type { ShellFs, ShellNetwork } from "./shell/types.js";
import { StdinQueue } from "./terminal.js";
import type { WakeScheduler } from "./wake-scheduler.js";
import type { SimProgram } from "./programs.js";
import type { HttpHandler } from "./web-server.js";

/** The label by which the kubelet marks init containers (sidecars are not marked). */
export const CONTAINER_KIND_LABEL = "skiff.dev/container-kind";

/** Periodic lines written at once after a long absence (a restart): the rest would be rotated away. */
const MAX_CATCH_UP_LINES = 1000;

export interface SimContainer extends ContainerStatus {
  config: ContainerConfig;
  mounts: Mount[];
  env: { key: string; value: string }[];
  hostname: string;
  logFile: string;
  /** Image files the container deleted. */
  whiteouts: Set<string>;
  /** When a running container exits on its own by annotation. */
  exitAt?: number;
  exitCodeOnExit: number;
  process?: SimProcess;
  stdin?: StdinQueue;
  log?: ContainerLog;
  /** Woken when the container exits (attach). */
  exitWaiters: Set<() => void>;
  /** Aborts the periodic logger. */
  stopTicking?: AbortController;
  /** Stops the in-process program the container runs (programs.ts). */
  stopProgram?: AbortController;
  /** What the program answers on the pod's ports (probes, port-forward). */
  programHandlers?: Map<number, HttpHandler>;
}

export interface ContainerHost {
  clock: Clock;
  scheduler: WakeScheduler;
  fs: HostFilesystem;
  /** The network of the container's pod, as its processes reach it (wget). */
  network?(c: SimContainer): ShellNetwork;
  /** Programs that run for real in this process, by image. */
  programs?: readonly SimProgram[];
  /** The pod a container belongs to and its IP. */
  podOf?(c: SimContainer): { namespace: string; name: string; uid: string; ip?: string } | undefined;
  /** Whether a container must not serve now: a dependency it waits for is down (dependencies.ts). */
  dependenciesDown?(c: SimContainer): boolean;
}

export const argvOf = (c: Pick<SimContainer, "config">) => [...(c.config.command ?? []), ...(c.config.args ?? [])];
/** Whether the main process is one the sim shell runs. */
export const runsForReal = (c: Pick<SimContainer, "config">) => isKnownProgram(argvOf(c)[0]);

export function containerFs(host: ContainerHost, c: SimContainer): ShellFs {
  return createContainerFs({ host: host.fs, upperDir: containerRootDir(c.id), mounts: c.mounts, whiteouts: c.whiteouts, image: c.image });
}

/** Marks the container exited at `at`, stopping whatever still runs. Idempotent. */
export function exitContainer(host: ContainerHost, c: SimContainer, at: number, code: number): void {
  if (c.state === "CONTAINER_EXITED") return;
  c.state = "CONTAINER_EXITED";
  c.finishedAt = at;
  c.exitCode = code;
  c.reason = code === 0 ? "Completed" : "Error";
  c.exitAt = undefined;
  c.process?.kill();
  c.stopTicking?.abort();
  c.stopProgram?.abort();
  c.programHandlers = undefined;
  c.stdin?.end();
  if (c.log && !runsForReal(c)) c.log.write("stdout", `sim: ${c.metadata.name} exited with code ${code}\n`, at);
  c.log?.close(at);
  for (const fn of c.exitWaiters) fn();
  c.exitWaiters.clear();
}

/** Applies a scripted exit that is due. */
export function refreshContainer(host: ContainerHost, c: SimContainer): SimContainer {
  if (c.state === "CONTAINER_RUNNING" && c.exitAt !== undefined && c.exitAt <= host.clock.now()) exitContainer(host, c, c.exitAt, c.exitCodeOnExit);
  return c;
}

/**
 * Runs the container from startedAt. With quietUntil (a restore), output
 * before that time is already in the log and is not written again.
 */
export function launchContainer(host: ContainerHost, c: SimContainer, quietUntil?: number): void {
  const name = c.metadata.name;
  const at = c.startedAt;
  const quiet = (t: number) => quietUntil !== undefined && t < quietUntil;
  c.log = openContainerLog(host.fs, c.logFile);
  const scripted = simDuration(c.annotations, EXIT_AFTER, name);
  const program = host.programs?.find((p) => p.matches(c.image));
  const real = !program && runsForReal(c);
  const init = c.labels[CONTAINER_KIND_LABEL] === "init";
  if (scripted !== undefined) {
    c.exitAt = at + scripted;
    c.exitCodeOnExit = simExitCode(c.annotations, name);
  } else if (init && !real) {
    c.exitAt = at;
    c.exitCodeOnExit = 0;
  }
  if (program) runProgram(host, c, program, scripted !== undefined);
  else if (!real && !quiet(at)) {
    const program = argvOf(c).join(" ") || "the image's entrypoint";
    c.log.write("stdout", `sim: ${name} started (image ${c.image}; ${program} is simulated and runs until stopped)\n`, at);
  }
  for (const [key, what] of [
    [READINESS, "readiness"],
    [LIVENESS, "liveness"],
  ] as const) {
    if (simAnnotation(c.annotations, key, name) === "fail" && !quiet(at)) c.log.write("stderr", `sim: ${what} probes fail (${key}=fail)\n`, at);
  }
  if (real) {
    if (c.config.stdin) c.stdin = new StdinQueue();
    const process = startProcess(
      { argv: argvOf(c), env: c.env, fs: containerFs(host, c), cwd: c.config.workingDir || "/", hostname: c.hostname, tty: c.config.tty === true, stdin: c.stdin, net: host.network?.(c) },
      { clock: host.clock, scheduler: host.scheduler, startAt: at, quietUntil, log: c.log },
    );
    c.process = process;
    process.done.then(
      (code) => {
        if (code === undefined || c.state !== "CONTAINER_RUNNING" || scripted !== undefined) return;
        exitContainer(host, c, Math.min(process.time(), Math.max(host.clock.now(), at)), code);
      },
      (err: unknown) => {
        c.log?.write("stderr", `sim: ${(err as Error).message}\n`, host.clock.now());
        exitContainer(host, c, host.clock.now(), 128);
      },
    );
  }
  if (c.exitAt !== undefined) {
    const exitAt = c.exitAt;
    void host.scheduler.waitUntil(exitAt).then(() => refreshContainer(host, c));
  }
  const every = simDuration(c.annotations, LOG_EVERY, name);
  if (every && every >= 1) void tick(host, c, every, quietUntil);
}

/** Runs an in-process program as the container's main process; its return is the container's exit. */
function runProgram(host: ContainerHost, c: SimContainer, program: SimProgram, scripted: boolean): void {
  const pod = host.podOf?.(c);
  const stop = (c.stopProgram = new AbortController());
  const env: Record<string, string> = {};
  for (const e of c.env) env[e.key] = e.value;
  const log = (stream: LogStream, line: string) => c.log?.write(stream, line.endsWith("\n") ? line : `${line}\n`, host.clock.now());
  void program
    .run({
      pod: { namespace: pod?.namespace ?? "", name: pod?.name ?? "", uid: pod?.uid ?? "" },
      podIP: pod?.ip,
      containerName: c.metadata.name,
      argv: argvOf(c),
      env,
      readFile: (path) => containerFs(host, c).readFile(path) ?? undefined,
      log,
      clock: host.clock,
      signal: stop.signal,
      serveProbes: (port, handler) => {
        if (!stop.signal.aborted) (c.programHandlers ??= new Map()).set(port, handler);
      },
    })
    .then(
      (code) => code,
      (err: unknown) => {
        log("stderr", `${(err as Error).message ?? err}`);
        return 1;
      },
    )
    .then((code) => {
      if (stop.signal.aborted || scripted || c.state !== "CONTAINER_RUNNING") return;
      exitContainer(host, c, host.clock.now(), code);
    });
}

/** One line every `every` ms from start, written when its time comes (or at once, catching up). */
async function tick(host: ContainerHost, c: SimContainer, every: number, quietUntil?: number): Promise<void> {
  const stop = (c.stopTicking = new AbortController());
  let n = 1;
  if (quietUntil !== undefined) n = Math.max(1, Math.floor((quietUntil - c.startedAt) / every) + 1);
  try {
    for (;;) {
      const now = host.clock.now();
      // Skip what the size cap would drop anyway.
      const behind = Math.floor((now - c.startedAt) / every) - n;
      if (behind > MAX_CATCH_UP_LINES) n += behind - MAX_CATCH_UP_LINES;
      const at = c.startedAt + n * every;
      await host.scheduler.waitUntil(at, stop.signal);
      refreshContainer(host, c);
      if (c.state !== "CONTAINER_RUNNING") return;
      const stream: LogStream = "stdout";
      const ready = simAnnotation(c.annotations, READINESS, c.metadata.name) === "fail" ? " (not ready: readiness probes fail)" : "";
      c.log?.write(stream, `sim: ${c.metadata.name} running for ${formatDurationMs(n * every)}${ready}\n`, at);
      n++;
    }
  } catch {
    // stopped
  }
}
