/**
 * `skiff chaos <type> <target>`: injects a fault by creating a Fault object
 * (chaos.skiff.dev/v1); `kubectl delete fault <name>` heals it.
 */
import { createClientFromKubeconfig } from "../client/http-transport.js";
import { FAULTS } from "../client/resources.js";
import { FAULT_TYPES, type FaultObject } from "../api/chaos/faults.js";
import { FlagError, type FlagSpec, type FlagValues } from "./flags.js";
import { clusterAccessFlags, kubeconfigPath } from "./cluster-access.js";

export const chaosFlags: FlagSpec[] = [
  ...clusterAccessFlags,
  { name: "duration", kind: "duration", usage: "End the fault by itself after this long (default: until deleted)" },
  { name: "delay", kind: "duration", usage: "RuntimeSlow: delay added to every runtime call (default 2s)" },
  { name: "name", kind: "string", usage: "Name of the Fault object (default <target>-<type in lower case>)" },
];

export async function runChaos(values: FlagValues, positional: string[]): Promise<number> {
  const [type, target, extra] = positional;
  if (!type || !target) throw new FlagError("requires a fault type and a target node: skiff chaos TYPE NODE");
  if (extra !== undefined) throw new FlagError(`unexpected argument "${extra}"`);
  if (!(FAULT_TYPES as readonly string[]).includes(type)) throw new FlagError(`unknown fault type "${type}"; one of ${FAULT_TYPES.join(", ")}`);
  const kubeconfig = kubeconfigPath(values);
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
