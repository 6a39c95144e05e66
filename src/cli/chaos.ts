/**
 * `skiff chaos TYPE [TARGET]`: injects a fault by creating a Fault object
 * (chaos.skiff.dev/v1); `kubectl delete fault <name>` heals it. Flags are
 * named as the Fault's spec fields. Node faults need the node as TARGET;
 * cluster faults have a default target (see the README's Faults section).
 */
import { parse as parseYaml } from "yaml";
import { createClientFromKubeconfig } from "../client/http-transport.js";
import { FAULTS, PODS } from "../client/resources.js";
import type { Client } from "../client/types.js";
import { FAULT_TYPES, isNodeFault, type FaultObject, type FaultSpec } from "../api/chaos/faults.js";
import { FlagError, type FlagSpec, type FlagValues } from "./flags.js";
import { clusterAccessFlags, kubeconfigPath } from "./cluster-access.js";

export const chaosFlags: FlagSpec[] = [
  ...clusterAccessFlags,
  { name: "duration", kind: "duration", usage: "End the fault by itself after this long (default: until deleted)" },
  { name: "delay", kind: "duration", usage: "RuntimeSlow: delay added to every runtime call (default 2s); SlowNodeAddresses: CPU per address enumeration (default 250ms)" },
  { name: "preset", kind: "string", usage: "SecurityGroupRule: KubeletPort (the API server's rule to the kubelets) or PodCIDRIngress (the pod network's rule)" },
  { name: "action", kind: "string", usage: "SecurityGroupRule with --rule: Remove (default) or Add" },
  { name: "rule", kind: "string", usage: 'SecurityGroupRule: the rule as JSON or YAML, e.g. {"direction":"Ingress","protocol":"TCP","cidr":"10.0.0.1/32"}' },
  { name: "pod", kind: "string", usage: "UnkillableProcess: the pod (namespace/name) whose containers survive SIGKILL; TARGET may name the pod instead of its node" },
  { name: "registry", kind: "string", usage: "RegistryAuth: the registry host whose pulls fail (default: every registry)" },
  { name: "reason", kind: "string", usage: "RegistryAuth: Unauthorized (default) or Unreachable" },
  { name: "name", kind: "string", usage: "Name of the Fault object (default [<target>-]<type in lower case>[-<preset>])" },
];

/** A default object name: the parts lower-cased, anything a name cannot hold turned into "-". */
export function defaultFaultName(type: string, target: string | undefined, preset: string | undefined): string {
  return [target, type, preset]
    .filter((p): p is string => !!p)
    .join("-")
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
}

export function faultFromFlags(type: string, target: string | undefined, values: FlagValues): FaultObject {
  const spec: Record<string, unknown> = { type, ...(target ? { target } : {}) };
  for (const field of ["duration", "delay", "preset", "action", "pod", "registry", "reason"] as const) if (values[field]) spec[field] = String(values[field]);
  if (values.rule) {
    try {
      spec.rule = parseYaml(String(values.rule));
    } catch (err) {
      throw new FlagError(`invalid argument "${values.rule}" for "--rule" flag: ${(err as Error).message}`);
    }
  }
  const name = String(values.name ?? defaultFaultName(type, target, values.preset ? String(values.preset) : undefined));
  return { apiVersion: "chaos.skiff.dev/v1", kind: "Fault", metadata: { name }, spec: spec as unknown as FaultSpec };
}

export async function runChaos(values: FlagValues, positional: string[]): Promise<number> {
  const [type, target, extra] = positional;
  if (!type) throw new FlagError("requires a fault type: skiff chaos TYPE [TARGET]");
  if (extra !== undefined) throw new FlagError(`unexpected argument "${extra}"`);
  if (!(FAULT_TYPES as readonly string[]).includes(type)) throw new FlagError(`unknown fault type "${type}"; one of ${FAULT_TYPES.join(", ")}`);
  if (isNodeFault(type) && !target) throw new FlagError(`${type} requires a target node: skiff chaos ${type} NODE`);
  const client = await createClientFromKubeconfig(kubeconfigPath(values), { identity: "skiff-chaos" });
  let node = target;
  let flags = values;
  // UnkillableProcess POD: the Fault names the pod's node as its target.
  if (type === "UnkillableProcess" && target?.includes("/")) {
    node = await nodeOfPod(client, target);
    flags = { ...values, pod: values.pod ?? target, name: values.name ?? defaultFaultName(type, target, undefined) };
  }
  const fault = faultFromFlags(type, node, flags);
  await client.create(FAULTS, undefined, fault);
  process.stdout.write(`fault.chaos.skiff.dev/${fault.metadata.name} created\n`);
  return 0;
}

async function nodeOfPod(client: Client, pod: string): Promise<string> {
  const [namespace, name] = pod.split("/");
  const p = await client.get<{ metadata: object; spec?: { nodeName?: string } }>(PODS, namespace, name);
  if (!p.spec?.nodeName) throw new FlagError(`pod ${pod} is not scheduled to a node yet`);
  return p.spec.nodeName;
}
