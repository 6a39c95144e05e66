/**
 * `skiff doctor [--kubeconfig FILE] [--context NAME] [-o json] [--watch]`:
 * runs every check of src/doctor against a cluster (any Kubernetes
 * cluster; Skiff-only checks are skipped elsewhere) and prints each
 * finding with its chain of evidence and fix. Exit codes: 0 healthy, 1
 * something found, 2 the diagnosis itself failed (the cluster unreachable,
 * a check failing, bad flags).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createClientFromKubeconfig } from "../client/http-transport.js";
import type { Client } from "../client/types.js";
import { apiSource, CHECKS, createClusterView, formatFinding, formatReport, refString, reportJson, runChecks, watchDoctor, type DoctorReport } from "../doctor/index.js";
import { readKubeconfig } from "../pki/kubeconfig.js";
import { realClock } from "../util/clock.js";
import { clusterAccessFlags, kubeconfigPath } from "./cluster-access.js";
import { FlagError, type FlagSpec, type FlagValues } from "./flags.js";

export const DOCTOR_ERROR_EXIT = 2;

export const doctorFlags: FlagSpec[] = [
  ...clusterAccessFlags,
  { name: "context", kind: "string", usage: "The kubeconfig context to use (default: its current context)" },
  { name: "output", shorthand: "o", kind: "string", usage: "Output format: text (default) or json", check: (v) => (v === "text" || v === "json" ? undefined : "one of text, json") },
  { name: "watch", shorthand: "w", kind: "bool", usage: "Run the checks again whenever the objects they read change, printing only new and resolved findings" },
];

export const doctorLong = `Diagnose a cluster: each check reads what the API offers (objects, Events, conditions, /metrics,
the kubelets' endpoints through nodes/proxy) and reports each problem with its severity, the chain of
evidence from the symptom to the cause, and the fix. Works against any cluster; checks that need
Skiff's own resources are skipped where the server does not serve them.
Exit codes: 0 healthy, 1 something found, 2 the diagnosis failed.

Checks:
${CHECKS.map((c) => `  ${c.name}: ${c.description}`).join("\n")}`;

const exitCode = (r: DoctorReport) => (r.findings.length ? 1 : r.healthy ? 0 : DOCTOR_ERROR_EXIT);

export async function runDoctor(values: FlagValues, positional: string[]): Promise<number> {
  if (positional.length) throw new FlagError(`unexpected argument "${positional[0]}"`);
  const json = values.output === "json";
  let client: Client;
  try {
    client = await createClientFromKubeconfig(kubeconfigPath(values), { identity: "skiff-doctor", context: values.context === undefined ? undefined : String(values.context) });
  } catch (err) {
    process.stderr.write(`Error: ${(err as Error).message}\n`);
    return DOCTOR_ERROR_EXIT;
  }
  const creds = await readKubeconfig(kubeconfigPath(values), { context: values.context === undefined ? undefined : String(values.context) }).catch(() => undefined);
  const componentPorts = localComponentPorts(kubeconfigPath(values));
  const makeView = () => createClusterView(apiSource(client, realClock, { server: creds?.server, tlsServerName: creds?.tlsServerName, componentPorts }));
  try {
    if (!values.watch) {
      const report = await runChecks(makeView(), CHECKS, realClock.now());
      process.stdout.write(json ? reportJson(report) : formatReport(report));
      return exitCode(report);
    }
    const abort = new AbortController();
    const stop = () => abort.abort();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    let first = true;
    const report = await watchDoctor({
      client,
      clock: realClock,
      checks: CHECKS,
      makeView,
      signal: abort.signal,
      onChange: ({ added, resolved, report }) => {
        const at = new Date(realClock.now()).toISOString();
        if (json) {
          for (const f of added) process.stdout.write(`${JSON.stringify({ type: "ADDED", time: at, finding: f })}\n`);
          for (const f of resolved) process.stdout.write(`${JSON.stringify({ type: "RESOLVED", time: at, finding: f })}\n`);
        } else if (first) {
          process.stdout.write(formatReport(report));
        } else {
          for (const f of added) process.stdout.write(`${at} NEW ${formatFinding(f)}`);
          for (const f of resolved) process.stdout.write(`${at} RESOLVED ${refString(f.about)}: ${f.summary}  [${f.check}]\n`);
        }
        first = false;
      },
    });
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    return exitCode(report);
  } catch (err) {
    process.stderr.write(`Error: ${(err as Error).message}\n`);
    return DOCTOR_ERROR_EXIT;
  }
}

/** A local Skiff cluster's component ports (DIR/ports.json beside DIR/kubeconfig), for kube-proxy's /metrics; none elsewhere. */
function localComponentPorts(kubeconfig: string): Record<string, number> | undefined {
  try {
    const ports = JSON.parse(readFileSync(path.join(path.dirname(kubeconfig), "ports.json"), "utf8")) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(ports).filter((e): e is [string, number] => typeof e[1] === "number"));
  } catch {
    return undefined;
  }
}
