/**
 * Runs control plane components (the controller manager, the scheduler) in
 * a worker thread, so that `skiff up` uses a second core: their informers,
 * work queues and scheduling cycles leave the API server's event loop. They
 * reach the API server through the port transport, whose server side runs
 * here (port-server.ts): the same request pipeline as the loopback transport.
 *
 * Messages between this thread and the worker (control-plane-worker.ts):
 *   worker -> here: ready / stopped (per component), metrics (an answer), exited
 *   here -> worker: metrics (a question about one component), stop
 * A worker that fails or exits early is logged and its components reported
 * stopped: nothing waits on it.
 */
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import { Registry } from "prom-client";
import type { LoopbackServer } from "../client/loopback-transport.js";
import { servePort } from "../client/port-server.js";
import { holdSpawnedWorker, type EarlyEnd } from "./spawned-worker.js";
import type { Logger } from "../util/log.js";
import type { ControllersConfig } from "./control-plane-components.js";
import { CONTROL_PLANE_COMPONENTS, type ControlPlaneComponentName } from "./control-plane-names.js";

export interface StartMessage {
  t: "start";
  port: MessagePort;
  components: ControlPlaneComponentName[];
  verbosity: number;
  controllers?: ControllersConfig;
}

export type WorkerMessage =
  | { t: "ready"; name: ControlPlaneComponentName }
  | { t: "stopped"; name: ControlPlaneComponentName; reason: string }
  | { t: "metrics"; id: number; text?: string; error?: string }
  | { t: "exited" };

export type ParentMessage = StartMessage | { t: "metrics"; id: number; name: ControlPlaneComponentName } | { t: "stop" };

/** A component in the worker, as this thread sees it. */
export interface RemoteComponent {
  endpointName: ControlPlaneComponentName;
  /** The component's own name, as in its log lines and messages. */
  name: string;
  ready: Promise<void>;
  /** Resolves with why it stopped. */
  stopped: Promise<string>;
  /** Its /metrics, fetched from the worker on each scrape. */
  registry: Registry;
}

export interface ControlPlaneThread {
  components: RemoteComponent[];
  /** Stops the components, then the worker; resolves once it is gone. */
  stop(): Promise<void>;
}

/** The names the components give themselves (their Component.name). */
const COMPONENT_NAMES: Record<ControlPlaneComponentName, string> = { "kube-controller-manager": "kube-controller-manager", "kube-scheduler": "scheduler" };

/** A worker thread loading the components' code, not yet started: spawned early, its start-up overlaps the API server's. */
export interface SpawnedControlPlaneThread {
  readonly components: readonly ControlPlaneComponentName[];
  /** Builds and starts the components, as clients of server. Once only. */
  start(server: LoopbackServer, o: { verbosity: number; controllers?: ControllersConfig; logger: Logger }): ControlPlaneThread;
  /** Ends a thread that was never started (a start-up that failed first). */
  terminate(): Promise<void>;
}

export function spawnControlPlaneThread(components: ControlPlaneComponentName[]): SpawnedControlPlaneThread {
  const held = holdSpawnedWorker(new Worker(new URL("./control-plane-worker.js", import.meta.url)));
  return {
    components,
    start(server, o) {
      const { worker, early } = held.start("control plane");
      return runInThread(worker, early, server, { ...o, components });
    },
    terminate: () => held.terminate(),
  };
}

/** One thread for both components, or one each. */
export function spawnControlPlaneThreads(count: 1 | 2): SpawnedControlPlaneThread[] {
  return count === 1 ? [spawnControlPlaneThread([...CONTROL_PLANE_COMPONENTS])] : CONTROL_PLANE_COMPONENTS.map((n) => spawnControlPlaneThread([n]));
}

function runInThread(
  worker: Worker,
  early: EarlyEnd | undefined,
  server: LoopbackServer,
  o: { components: readonly ControlPlaneComponentName[]; verbosity: number; controllers?: ControllersConfig; logger: Logger },
): ControlPlaneThread {
  const { port1, port2 } = new MessageChannel();
  const portServer = servePort(port1, server);
  const start: StartMessage = { t: "start", port: port2, components: [...o.components], verbosity: o.verbosity, controllers: o.controllers };
  worker.postMessage(start, [port2]);
  let gone = false;
  let nextQuestion = 1;
  const questions = new Map<number, { resolve(text: string): void; reject(err: Error): void }>();
  const ends = new Map<ControlPlaneComponentName, { ready(): void; notReady(err: Error): void; stopped(reason: string): void }>();
  let stopAsked = false;
  let exited!: () => void;
  const exit = new Promise<void>((resolve) => (exited = resolve));

  const components = o.components.map((endpointName): RemoteComponent => {
    const name = COMPONENT_NAMES[endpointName];
    let isReady = false;
    let ready!: () => void;
    let notReady!: (err: Error) => void;
    let stopped!: (reason: string) => void;
    const readyP = new Promise<void>((res, rej) => ((ready = res), (notReady = rej)));
    // Nobody may be waiting for readiness when the worker fails.
    readyP.catch(() => undefined);
    const stoppedP = new Promise<string>((res) => (stopped = res));
    let ended = false;
    ends.set(endpointName, {
      ready: () => ((isReady = true), ready()),
      notReady,
      stopped: (reason) => {
        if (ended) return;
        ended = true;
        if (!isReady) notReady(new Error(reason));
        stopped(reason);
      },
    });
    const registry = new RemoteRegistry(() => ask(endpointName));
    return { endpointName, name, ready: readyP, stopped: stoppedP, registry };
  });

  const ask = (name: ControlPlaneComponentName): Promise<string> => {
    if (gone) return Promise.reject(new Error(`${COMPONENT_NAMES[name]} has stopped`));
    const id = nextQuestion++;
    return new Promise<string>((resolve, reject) => {
      questions.set(id, { resolve, reject });
      worker.postMessage({ t: "metrics", id, name } satisfies ParentMessage);
    });
  };

  /** The worker is gone: whatever still ran has stopped, with this reason. */
  const end = (reason: string) => {
    if (gone) return;
    gone = true;
    for (const e of ends.values()) e.stopped(reason);
    for (const q of questions.values()) q.reject(new Error(reason));
    questions.clear();
    portServer.close();
    exited();
  };

  worker.on("message", (m: WorkerMessage) => {
    if (m.t === "ready") ends.get(m.name)?.ready();
    else if (m.t === "stopped") ends.get(m.name)?.stopped(m.reason);
    else if (m.t === "metrics") {
      const q = questions.get(m.id);
      if (!q) return;
      questions.delete(m.id);
      if (m.error !== undefined) q.reject(new Error(m.error));
      else q.resolve(m.text ?? "");
    } else if (m.t === "exited") void worker.terminate();
  });
  const names = components.map((c) => c.name).join(", ");
  const failed = (err: Error) => {
    o.logger.error(`${names} stopped: ${err.stack ?? err}`);
    end(`${names} stopped: ${err.message}`);
  };
  const threadExited = (code: number) => end(`${names} stopped: its thread exited with code ${code}`);
  worker.on("error", failed);
  worker.on("exit", threadExited);
  if (early?.error) failed(early.error);
  if (early?.exitCode !== undefined) threadExited(early.exitCode);

  return {
    components,
    async stop() {
      if (!gone && !stopAsked) worker.postMessage({ t: "stop" } satisfies ParentMessage);
      stopAsked = true;
      await exit;
    },
  };
}

/** A registry whose exposition is the worker's: the secure port's /metrics asks for it on each scrape. */
class RemoteRegistry extends Registry {
  constructor(private readonly fetch: () => Promise<string>) {
    super();
  }

  override metrics(): Promise<string> {
    return this.fetch();
  }
}
