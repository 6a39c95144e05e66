/**
 * `skiff chaos <type> <target>`: injects a fault by creating a Fault object
 * (chaos.skiff.dev/v1); `kubectl delete fault <name>` heals it.
 */
import path from "node:path";
import { createClientFromKubeconfig } from "../client/http-transport.js";
import { FAULTS } from "../client/resources.js";
import { FAULT_TYPES, type FaultObject } from "../api/chaos/faults.js";
import { defaultDataDir } from "./control-plane.js";
import { parseDuration, parseFlags, usageText, type FlagSpec } from "./flags.js";

const specs: FlagSpec[] = [
  { name: "kubeconfig", kind: "string", usage: "Path to the kubeconfig ($KUBECONFIG, else DIR/kubeconfig of the local cluster)" },
  { name: "duration", kind: "duration", usage: "End the fault by itself after this long (default: until deleted)" },
  { name: "delay", kind: "duration", usage: "RuntimeSlow: delay added to every runtime call (default 2s)" },
  { name: "name", kind: "string", usage: "Name of the Fault object (default <target>-<type in lower case>)" },
];

export async function runChaos(args: string[]): Promise<number> {
  const { values, positional } = parseFlags(args, specs);
  const [type, target] = positional;
  if (!type || !target || args.includes("--help")) {
    process.stdout.write(usageText("chaos <type> <target>", `Inject a fault. Types: ${FAULT_TYPES.join(", ")}. Heal with: kubectl delete fault <name>.`, specs));
    return type && target ? 0 : 1;
  }
  if (!(FAULT_TYPES as readonly string[]).includes(type)) throw new Error(`unknown fault type "${type}"; one of ${FAULT_TYPES.join(", ")}`);
  for (const f of ["duration", "delay"]) if (values[f] !== undefined) parseDuration(String(values[f]));
  const kubeconfig = String(values.kubeconfig ?? process.env.KUBECONFIG ?? path.join(defaultDataDir(), "kubeconfig"));
  const client = await createClientFromKubeconfig(kubeconfig, { identity: "skiff-chaos" });
  const name = String(values.name ?? `${target}-${type.toLowerCase()}`);
  const fault: FaultObject = {
    apiVersion: "chaos.skiff.dev/v1",
    kind: "Fault",
    metadata: { name },
    spec: { type: type as FaultObject["spec"]["type"], target, ...(values.duration ? { duration: String(values.duration) } : {}), ...(values.delay ? { delay: String(values.delay) } : {}) },
  };
  await client.create(FAULTS, undefined, fault);
  process.stdout.write(`fault.chaos.skiff.dev/${name} created\n`);
  return 0;
}
