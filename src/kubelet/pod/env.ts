/**
 * A container's environment (upstream's makeEnvironmentVariables): envFrom
 * sources first (with their prefix), then env in order, each value
 * expanded against the variables before it and the Service variables, or
 * read from the downward API, a ConfigMap or a Secret; then the Service
 * variables the container does not set itself. A missing required source
 * fails the container with CreateContainerConfigError and upstream's message.
 */
import type { ConfigMap, Container as ContainerSpec, Secret, Service } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import { fieldRefValue, resourceFieldRefValue, type PodRuntimeFacts } from "./downward-api.js";
import { expand, mappingFor } from "./env-expansion.js";
import { serviceEnvVars, servicesForPod } from "./service-env.js";

/** The container cannot be configured; its waiting state shows CreateContainerConfigError with this message. */
export class ContainerConfigError extends Error {
  readonly reason = "CreateContainerConfigError";
}

/** Where the kubelet reads what the environment refers to. */
export interface EnvSources {
  facts: PodRuntimeFacts;
  /** Every Service the kubelet knows; undefined until its informer has listed once. */
  services(): readonly Service[] | undefined;
  /** The object, or undefined when it does not exist; other failures throw. */
  configMap(namespace: string, name: string): Promise<ConfigMap | undefined>;
  secret(namespace: string, name: string): Promise<Secret | undefined>;
}

const decode = (b64: string) => Buffer.from(b64, "base64").toString("utf8");

export async function makeEnvironment(pod: Pod, container: ContainerSpec, src: EnvSources): Promise<{ key: string; value: string }[]> {
  const ns = pod.metadata?.namespace ?? "";
  const all = src.services();
  if (!all) throw new ContainerConfigError("services have not yet been read at least once, cannot construct envvars");
  const serviceEnv = serviceEnvVars(servicesForPod(all, ns, pod.spec?.enableServiceLinks ?? true));
  const env = new Map<string, string>();

  const configMap = async (name: string, optional: boolean) => {
    const cm = await src.configMap(ns, name);
    if (!cm && !optional) throw new ContainerConfigError(`configmap "${name}" not found`);
    return cm;
  };
  const secret = async (name: string, optional: boolean) => {
    const s = await src.secret(ns, name);
    if (!s && !optional) throw new ContainerConfigError(`secret "${name}" not found`);
    return s;
  };

  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? "";
    if (from.configMapRef) {
      const cm = await configMap(from.configMapRef.name ?? "", from.configMapRef.optional ?? false);
      for (const [k, v] of Object.entries(cm?.data ?? {})) env.set(prefix + k, v);
    } else if (from.secretRef) {
      const s = await secret(from.secretRef.name ?? "", from.secretRef.optional ?? false);
      for (const [k, v] of Object.entries(s?.data ?? {})) env.set(prefix + k, decode(v));
    }
  }

  const mapping = mappingFor(env, serviceEnv);
  for (const e of container.env ?? []) {
    let value = e.value ?? "";
    const from = e.valueFrom;
    if (value) value = expand(value, mapping);
    else if (from?.fieldRef) value = runtimeValue(() => fieldRefValue(pod, src.facts, from.fieldRef!));
    else if (from?.resourceFieldRef) value = runtimeValue(() => resourceFieldRefValue(container, src.facts, from.resourceFieldRef!));
    else if (from?.configMapKeyRef) {
      const ref = from.configMapKeyRef;
      const optional = ref.optional ?? false;
      const cm = await configMap(ref.name ?? "", optional);
      if (!cm) continue;
      const v = cm.data?.[ref.key];
      if (v === undefined) {
        if (optional) continue;
        throw new ContainerConfigError(`couldn't find key ${ref.key} in ConfigMap ${ns}/${ref.name}`);
      }
      value = v;
    } else if (from?.secretKeyRef) {
      const ref = from.secretKeyRef;
      const optional = ref.optional ?? false;
      const s = await secret(ref.name ?? "", optional);
      if (!s) continue;
      const v = s.data?.[ref.key];
      if (v === undefined) {
        if (optional) continue;
        throw new ContainerConfigError(`couldn't find key ${ref.key} in Secret ${ns}/${ref.name}`);
      }
      value = decode(v);
    }
    env.set(e.name, value);
  }

  const out = [...env].map(([key, value]) => ({ key, value }));
  for (const [key, value] of serviceEnv) if (!env.has(key)) out.push({ key, value });
  return out;
}

function runtimeValue(fn: () => string): string {
  try {
    return fn();
  } catch (err) {
    throw new ContainerConfigError((err as Error).message);
  }
}

/** Command and args with $(VAR) expanded against the container's environment (upstream's ExpandContainerCommandAndArgs). */
export function expandCommand(words: string[] | undefined, envs: { key: string; value: string }[]): string[] | undefined {
  if (!words) return undefined;
  const mapping = mappingFor(new Map(envs.map((e) => [e.key, e.value])));
  return words.map((w) => expand(w, mapping));
}
