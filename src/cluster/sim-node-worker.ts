/**
 * The entry of the worker thread that runs a process's sim nodes beside
 * the API server's thread (see sim-node-thread.ts for the messages). It
 * loads their code as soon as it is spawned, builds the nodes when the
 * start message arrives, starts the kube-proxy at once and the kubelets
 * and node network agents once told the control plane is up. On stop
 * every node stops, then their state is saved.
 */
import { setMaxListeners } from "node:events";
import { parentPort } from "node:worker_threads";
import type { Question } from "dns-packet";
import { createClient } from "../client/index.js";
import { connectPort } from "../client/port-transport.js";
import type { DnsResult } from "../dns/index.js";
import { realClock } from "../util/clock.js";
import { createLogger } from "../util/log.js";
import { createForwardedNetwork } from "./forwarded-network.js";
import { buildSimNodes, type SimNodes } from "./sim-nodes.js";
import { userAgent } from "./user-agent.js";
import type { SimNodeParentMessage, SimNodeStartMessage, SimNodeWorkerMessage } from "./sim-node-thread.js";

const post = (m: SimNodeWorkerMessage) => parentPort!.postMessage(m);
const abort = new AbortController();
// Every informer listens on this signal.
setMaxListeners(0, abort.signal);
let nodes: SimNodes | undefined;
let runs: Promise<void>[] = [];
/** Each running component's own signal, aborted on stop. */
const stoppers: AbortController[] = [];
let closeProxyServer = async () => undefined as void;
let go!: () => void;
const controlPlaneUp = new Promise<void>((resolve) => (go = resolve));
let dnsReady = false;
let nextQuestion = 1;
const questions = new Map<number, { resolve(r: DnsResult): void; reject(err: Error): void }>();

/** The cluster DNS server answers from the parent thread. */
const lookup = (q: Question): Promise<DnsResult> =>
  new Promise((resolve, reject) => {
    const id = nextQuestion++;
    questions.set(id, { resolve, reject });
    post({ t: "dns", id, q });
  });

async function start(m: SimNodeStartMessage): Promise<void> {
  const connection = connectPort(m.port);
  const logger = createLogger({ component: "skiff", verbosity: m.verbosity, clock: realClock });
  const network = createForwardedNetwork(post);
  nodes = buildSimNodes(
    {
      ...m.config,
      clock: realClock,
      logger,
      clientFor: (user, identity, program = identity) => createClient({ transport: connection.transport(user), identity, userAgent: userAgent(program) }),
      transportFor: (user) => connection.transport(user),
      kubeletServer: m.kubeletServer && { ...m.kubeletServer, network },
      coredns: m.coredns ? { ready: () => dnsReady } : undefined,
      podNetwork: m.podNetwork && { ...m.podNetwork, dns: { lookup } },
    },
    abort.signal,
  );
  // Each component gets a signal of its own: thousands listening on one would make every
  // addEventListener walk all the listeners already there.
  const runOne = (c: { name: string; start(signal: AbortSignal): Promise<void> }, after?: Promise<void>) =>
    (async () => {
      await after;
      if (abort.signal.aborted) return;
      const own = new AbortController();
      stoppers.push(own);
      await c.start(own.signal);
    })().catch((err: unknown) => {
      if (!abort.signal.aborted) logger.error(`${c.name} stopped: ${(err as Error).stack ?? err}`);
    });
  if (nodes.kubeProxy) runs.push(runOne(nodes.kubeProxy));
  const served = await nodes.serveKubeProxy();
  closeProxyServer = served.close;
  post({ t: "started", kubeProxyPort: served.port });
  const joined = Promise.race([controlPlaneUp, new Promise<void>((resolve) => abort.signal.addEventListener("abort", () => resolve(), { once: true }))]);
  runs.push(...nodes.nodeComponents.map((c) => runOne(c, joined)));
  const ready = [...nodes.nodeComponents, ...(nodes.kubeProxy ? [nodes.kubeProxy] : [])].map((c) => c.ready);
  Promise.all(ready).then(
    () => post({ t: "ready" }),
    (err: unknown) => post({ t: "stopped", reason: `sim nodes stopped: ${(err as Error).message ?? err}` }),
  );
}

parentPort!.on("message", (m: SimNodeParentMessage) => {
  switch (m.t) {
    case "start":
      return void start(m).catch((err: unknown) => post({ t: "stopped", reason: `sim nodes stopped: ${(err as Error).stack ?? err}` }));
    case "go":
      return go();
    case "dns-ready":
      return void (dnsReady = true);
    case "dns-answer": {
      const q = questions.get(m.id);
      if (!q) return;
      questions.delete(m.id);
      return m.error !== undefined || !m.result ? q.reject(new Error(m.error ?? "no answer")) : q.resolve(m.result);
    }
    case "stop":
      abort.abort();
      for (const s of stoppers) s.abort();
      return void Promise.all(runs).then(async () => {
        await closeProxyServer();
        nodes?.saveState();
        for (const q of questions.values()) q.reject(new Error("the sim nodes are stopping"));
        // The connection is not closed here: a stopped kubelet's last lease or status write may still be
        // on its way, and failing it would log an error no in-process node logs. It ends with the thread.
        post({ t: "stopped", reason: "sim nodes have stopped" });
        post({ t: "exited" });
        parentPort!.close();
      });
  }
});
