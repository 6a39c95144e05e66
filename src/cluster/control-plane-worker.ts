/**
 * The entry of the worker thread that runs control plane components (the
 * controller manager, the scheduler) beside the API server's thread. They
 * reach the API server through the port transport, as the users they run
 * as; everything they are built from arrived as plain data. The parent
 * thread hears when each is ready or stopped, asks for their metrics, and
 * asks them to stop (see control-plane-thread.ts for the messages).
 */
import { setMaxListeners } from "node:events";
import { parentPort, workerData } from "node:worker_threads";
import { createClient } from "../client/index.js";
import { connectPort } from "../client/port-transport.js";
import { realClock } from "../util/clock.js";
import { createLogger } from "../util/log.js";
import { buildControlPlaneComponent } from "./control-plane-components.js";
import { userAgent } from "./user-agent.js";
import type { ParentMessage, WorkerData, WorkerMessage } from "./control-plane-thread.js";

const data = workerData as WorkerData;
const post = (m: WorkerMessage) => parentPort!.postMessage(m);
const connection = connectPort(data.port);
const logger = createLogger({ component: "skiff", verbosity: data.verbosity, clock: realClock });
const abort = new AbortController();
// Every informer listens on this signal.
setMaxListeners(0, abort.signal);

const built = data.components.map((name) =>
  buildControlPlaneComponent(name, {
    clientFor: (user, identity, program = identity) => createClient({ transport: connection.transport(user), identity, userAgent: userAgent(program) }),
    clock: realClock,
    logger,
    controllers: data.controllers,
  }),
);

const runs = built.map(({ endpointName: name, component: c }) => {
  void c.ready.then(() => post({ t: "ready", name }), () => undefined);
  return c.start(abort.signal).then(
    () => post({ t: "stopped", name, reason: `${c.name} has stopped` }),
    (err: unknown) => {
      if (!abort.signal.aborted) logger.error(`${c.name} stopped: ${(err as Error).stack ?? err}`);
      post({ t: "stopped", name, reason: `${c.name} stopped: ${(err as Error).message ?? err}` });
    },
  );
});

parentPort!.on("message", (m: ParentMessage) => {
  if (m.t === "metrics") {
    const b = built.find((x) => x.endpointName === m.name);
    if (!b) return post({ t: "metrics", id: m.id, error: `${m.name} does not run here` });
    b.registry.metrics().then(
      (text) => post({ t: "metrics", id: m.id, text }),
      (err: unknown) => post({ t: "metrics", id: m.id, error: (err as Error).message ?? String(err) }),
    );
  } else if (m.t === "stop") {
    abort.abort();
    void Promise.all(runs).then(() => {
      connection.close();
      post({ t: "exited" });
      parentPort!.close();
    });
  }
});
