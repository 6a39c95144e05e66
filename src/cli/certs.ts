/** `skiff certs check-expiration`: the cluster certificates' expiry, as kubeadm prints it. */
import path from "node:path";
import { certificateExpirations, formatExpiry } from "../pki/index.js";
import { realClock } from "../util/clock.js";
import { defaultDataDir } from "./control-plane.js";
import { FlagError, type FlagSpec, type FlagValues } from "./flags.js";

export const certsFlags: FlagSpec[] = [{ name: "data-dir", kind: "string", usage: "The cluster's data directory ($SKIFF_DATA_DIR, else ~/.skiff)" }];

export async function runCerts(values: FlagValues, positional: string[]): Promise<number> {
  const sub = positional[0];
  if (sub === undefined) throw new FlagError(`a subcommand is required: check-expiration`);
  if (sub !== "check-expiration") throw new FlagError(`unknown command "${sub}" for "skiff certs"`);
  if (positional.length > 1) throw new FlagError(`unexpected argument "${positional[1]}"`);
  const dir = path.join(path.resolve(String(values["data-dir"] ?? defaultDataDir())), "pki");
  const list = await certificateExpirations(dir, realClock);
  const leaves = list.filter((c) => !c.isCA).map((c) => [c.name, formatExpiry(c.notAfter), c.residualTime, c.authority ?? "", "no"]);
  const cas = list.filter((c) => c.isCA).map((c) => [c.name, formatExpiry(c.notAfter), c.residualTime, "no"]);
  process.stdout.write(`${table([["CERTIFICATE", "EXPIRES", "RESIDUAL TIME", "CERTIFICATE AUTHORITY", "EXTERNALLY MANAGED"], ...leaves])}\n`);
  process.stdout.write(table([["CERTIFICATE AUTHORITY", "EXPIRES", "RESIDUAL TIME", "EXTERNALLY MANAGED"], ...cas]));
  return 0;
}

/** Columns padded as Go's tabwriter does for kubeadm (three spaces between columns). */
function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] + 3))).join("")).join("\n") + "\n";
}
