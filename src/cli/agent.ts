/**
 * `skiff agent --server URL --token T --ca-cert-hash sha256:H`: joins
 * simulated nodes to a running cluster, as `kubeadm join` and the kubelet's
 * TLS bootstrap do (src/agent). Prints a line containing "joined" once its
 * kubelets run; stops cleanly on SIGINT/SIGTERM; a restart on the same
 * --data-dir reuses the nodes' certificates.
 */
import { mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DiscoveryError, startAgent } from "../agent/index.js";
import { parseBootstrapToken, parseCaCertHash } from "../pki/index.js";
import { realClock } from "../util/clock.js";
import { createLogger } from "../util/log.js";
import { defaultDataDir } from "./control-plane.js";
import { lockDataDir } from "./data-dir-lock.js";
import { FlagError, type FlagSpec, type FlagValues } from "./flags.js";
import { nodeFlags, parseCapacity } from "./up-flags.js";

const fromNodeFlags = (name: string) => nodeFlags.find((f) => f.name === name)!;

export const agentFlags: FlagSpec[] = [
  { name: "server", kind: "string", usage: "URL of the API server to join, e.g. https://10.0.0.1:6443" },
  { name: "token", kind: "string", usage: "Bootstrap token ([a-z0-9]{6}.[a-z0-9]{16}) from `skiff token create`" },
  { name: "ca-cert-hash", kind: "stringArray", default: [], usage: "Pin of the cluster CA's public key, sha256:<hex> (repeatable)" },
  { name: "data-dir", kind: "string", usage: "Directory for the nodes' certificates and kubeconfigs (default $SKIFF_DATA_DIR/agent, else ~/.skiff/agent)" },
  { name: "node-name", kind: "string", usage: "Name of the node (default the host name); with --nodes N > 1, nodes are NAME-1 .. NAME-N" },
  { name: "node-ip", kind: "string", usage: "InternalIP of the nodes, where the API server reaches their kubelets (default 127.0.0.1 when the server is on loopback)" },
  fromNodeFlags("nodes"),
  fromNodeFlags("runtime"),
  fromNodeFlags("node-capacity"),
  { ...fromNodeFlags("kubelet-port"), default: 0, usage: "Port of the first node's kubelet API on loopback; each further node takes the next free one (0: any free port)" },
  { name: "v", kind: "int", default: 0, usage: "Log verbosity" },
];

export async function runAgent(values: FlagValues, positional: string[]): Promise<number> {
  if (positional.length) throw new FlagError(`unexpected argument "${positional[0]}"`);
  if (values.server === undefined) throw new FlagError("--server is required");
  const server = String(values.server);
  let url: URL;
  try {
    url = new URL(server);
  } catch {
    throw new FlagError(`invalid --server "${server}": want https://host:port`);
  }
  if (url.protocol !== "https:") throw new FlagError(`invalid --server "${server}": want https://host:port`);
  const token = values.token === undefined ? undefined : parseBootstrapToken(String(values.token));
  if (values.token !== undefined && !token) throw new FlagError(`the bootstrap token "${values.token}" was not of the form "^([a-z0-9]{6})\\.([a-z0-9]{16})$"`);
  let hashes: string[];
  try {
    hashes = (values["ca-cert-hash"] as string[]).map(parseCaCertHash);
  } catch (err) {
    throw new FlagError((err as Error).message);
  }
  const count = Number(values.nodes);
  const base = String(values["node-name"] ?? os.hostname().toLowerCase());
  const nodeNames = count === 1 ? [base] : Array.from({ length: count }, (_, i) => `${base}-${i + 1}`);
  const loopback = ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
  const dataDir = path.resolve(String(values["data-dir"] ?? path.join(defaultDataDir(), "agent")));
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const lock = lockDataDir(dataDir);
  const logger = createLogger({ component: "skiff-agent", verbosity: Number(values.v), clock: realClock });
  // Timers of the wall clock do not hold the process (waiting for a CSR is such a timer): this does, until the agent ends.
  const hold = setInterval(() => undefined, 1 << 30);
  try {
    let agent;
    try {
      agent = await startAgent({
        server,
        token,
        caCertHashes: hashes,
        nodeNames,
        dataDir,
        clock: realClock,
        logger,
        nodeCapacity: parseCapacity(String(values["node-capacity"])),
        kubeletPort: Number(values["kubelet-port"]),
        nodeIP: values["node-ip"] === undefined ? (loopback ? "127.0.0.1" : undefined) : String(values["node-ip"]),
      });
    } catch (err) {
      if (err instanceof DiscoveryError) throw new Error(`couldn't validate the identity of the API Server: ${err.message}`);
      throw err;
    }
    await agent.ready;
    process.stdout.write(`skiff agent: node(s) ${nodeNames.join(", ")} joined the cluster at ${server}\n`);
    await new Promise<void>((resolve) => {
      process.once("SIGINT", () => resolve());
      process.once("SIGTERM", () => resolve());
    });
    process.stdout.write("skiff agent: stopping\n");
    await agent.stop();
    return 0;
  } finally {
    clearInterval(hold);
    lock.release();
  }
}
