/** The `skiff` command line: a thin layer over the components. */
import { runUp } from "./up.js";
import { runCerts } from "./certs.js";
import { runChaos } from "./chaos.js";
import { FlagError } from "./flags.js";
import { SKIFF_GIT_VERSION } from "../apiserver/version.js";

const usage = `Skiff: a small Kubernetes-compatible cluster.

Usage:
  skiff up       start an all-in-one cluster (control plane plus local nodes)
  skiff server   start the control plane only
  skiff certs    check-expiration: show the cluster certificates' expiry
  skiff chaos    inject a fault (NodeHeartbeatStop, RuntimeHang, RuntimeSlow) into a node
  skiff version  print the version

Run "skiff <command> --help" for a command's flags.
`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case "up":
      return runUp(rest, "up");
    case "server":
      return runUp(rest, "server");
    case "certs":
      return runCerts(rest);
    case "chaos":
      return runChaos(rest);
    case "version":
    case "--version":
      process.stdout.write(`Skiff ${SKIFF_GIT_VERSION} (Kubernetes API v1.35)\n`);
      return 0;
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(usage);
      return 0;
    default:
      process.stderr.write(`Error: unknown command "${cmd}" for "skiff"\nRun 'skiff --help' for usage.\n`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const msg = err instanceof FlagError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`Error: ${msg}\n`);
    process.exit(1);
  },
);
