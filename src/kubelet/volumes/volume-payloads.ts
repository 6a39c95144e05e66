/**
 * The files of configMap, secret, downwardAPI and projected volumes
 * (upstream's MakePayload of each plugin and of projected volumes): every
 * key, or just the listed items, each with its item mode or the volume's
 * defaultMode (0644).
 */
import type { ConfigMap, DownwardAPIVolumeFile, KeyToPath, Secret } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import { containerNamed, fieldRefValue, resourceFieldRefValue, type PodRuntimeFacts } from "../pod/downward-api.js";
import type { Payload } from "./atomic-writer.js";

export const DEFAULT_MODE = 0o644;
const text = (s: string) => Buffer.from(s, "utf8");

/** A ConfigMap's files; missing listed keys fail unless optional. */
export function configMapPayload(cm: ConfigMap, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean, into: Payload = new Map()): Payload {
  const values = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(cm.data ?? {})) values.set(k, text(v));
  for (const [k, v] of Object.entries(cm.binaryData ?? {})) values.set(k, Buffer.from(v, "base64"));
  return keyedPayload(values, items, defaultMode, optional, "configmap references non-existent config key", into);
}

/** A Secret's files (its data is base64). */
export function secretPayload(secret: Secret, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean, into: Payload = new Map()): Payload {
  const values = new Map<string, Uint8Array>();
  for (const [k, v] of Object.entries(secret.data ?? {})) values.set(k, Buffer.from(v, "base64"));
  for (const [k, v] of Object.entries(secret.stringData ?? {})) values.set(k, text(v));
  return keyedPayload(values, items, defaultMode, optional, "references non-existent secret key", into);
}

function keyedPayload(values: Map<string, Uint8Array>, items: KeyToPath[] | undefined, defaultMode: number, optional: boolean, missing: string, into: Payload): Payload {
  if (!items?.length) {
    for (const [k, v] of values) into.set(k, { data: v, mode: defaultMode });
    return into;
  }
  for (const item of items) {
    const v = values.get(item.key);
    if (v === undefined) {
      if (optional) continue;
      throw new Error(`${missing}: ${item.key}`);
    }
    into.set(item.path, { data: v, mode: item.mode ?? defaultMode });
  }
  return into;
}

/** The downward API's files: metadata fields and container resources. */
export function downwardAPIPayload(pod: Pod, facts: PodRuntimeFacts, items: DownwardAPIVolumeFile[] | undefined, defaultMode: number, into: Payload = new Map()): Payload {
  for (const item of items ?? []) {
    let value: string;
    if (item.fieldRef) value = fieldRefValue(pod, facts, item.fieldRef);
    else if (item.resourceFieldRef) {
      const c = containerNamed(pod, item.resourceFieldRef.containerName);
      if (!c) throw new Error(`container ${item.resourceFieldRef.containerName ?? ""} not found`);
      value = resourceFieldRefValue(c, facts, item.resourceFieldRef);
    } else continue;
    into.set(item.path, { data: text(value), mode: item.mode ?? defaultMode });
  }
  return into;
}
