/**
 * The entry of the worker thread that runs control plane components (the
 * controller manager, the scheduler) beside the API server's thread. It
 * loads their code as soon as it is spawned and builds them when the
 * start message arrives with everything they are made from, as plain data
 * (PEMs, options) and the port to the API server. They reach it through
 * the port transport, as the users they run as. The parent thread hears
 * when each is ready or stopped, asks for their metrics, and asks them to
 * stop (see control-plane-thread.ts for the messages).
 */
import { setMaxListeners } from "node:events";
import { parentPort } from "node:worker_threads";
import { createClient } from "../client/index.js";
import { connectPort } from "../client/port-transport.js";
import { realClock } from "../util/clock.js";
import { createLogger } from "../util/log.js";
import { buildControlPlaneComponent, type BuiltComponent } from "./control-plane-components.js";
import { userAgent } from "./user-agent.js";
import type { ParentMessage, StartMessage, WorkerMessage } from "./control-plane-thread.js";

const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const abort = new AbortController();
// Every informer listens on this signal.
setMaxListeners(0, abort.signal);
let built: BuiltComponent[] = [];
let runs: Promise<void>[] = [];
let close = () => undefined as void;

function start(m: StartMessage): void {
  const connection = connectPort(m.port);
  close = () => connection.close();
  const logger = createLogger({ component: "skiff", verbosity: m.verbosity, clock: realClock });
  built = m.components.map((name) =>
    buildControlPlaneComponent(name, {
      clientFor: (user, identity, program = identity) => createClient({ transport: connection.transport(user), identity, userAgent: userAgent(program) }),
      clock: realClock,
      logger,
      controllers: m.controllers,
    }),
  );
  runs = built.map(({ endpointName: name, component: c }) => {
    void c.ready.then(() => post({ t: "ready", name }), () => undefined);
    return c.start(abort.signal).then(
      () => post({ t: "stopped", name, reason: `${c.name} has stopped` }),
      (err: unknown) => {
        if (!abort.signal.aborted) logger.error(`${c.name} stopped: ${(err as Error).stack ?? err}`);
        post({ t: "stopped", name, reason: `${c.name} stopped: ${(err as Error).message ?? err}` });
      },
    );
  });
}

parentPort!.on("message", (m: ParentMessage) => {
  if (m.t === "start") start(m);
  else if (m.t === "metrics") {
    const b = built.find((x) => x.endpointName === m.name);
    if (!b) return post({ t: "metrics", id: m.id, error: `${m.name} does not run here` });
    b.registry.metrics().then(
      (text) => post({ t: "metrics", id: m.id, text }),
      (err: unknown) => post({ t: "metrics", id: m.id, error: (err as Error).message ?? String(err) }),
    );
  } else if (m.t === "stop") {
    abort.abort();
    void Promise.all(runs).then(() => {
      close();
      post({ t: "exited" });
      parentPort!.close();
    });
  }
});
