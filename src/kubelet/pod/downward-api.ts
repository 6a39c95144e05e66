/**
 * Values the downward API exposes (upstream's podFieldSelectorRuntimeValue,
 * fieldpath.ExtractFieldPathAsString and resource.ExtractContainerResourceValue),
 * shared by environment variables and downwardAPI volumes.
 */
import type { Container as ContainerSpec, ObjectFieldSelector, ResourceFieldSelector } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import { parseQuantity } from "../../api/validation/core-quantity.js";

/** What the kubelet knows about the pod beyond its object: the node's and the sandbox's addresses. */
export interface PodRuntimeFacts {
  hostIPs: string[];
  podIPs: string[];
  /** The node's allocatable resources, the value of a limit the container does not set. */
  nodeAllocatable: Record<string, string>;
}

/** Upstream's FormatMap: sorted key="value" lines (values JSON-quoted). */
export function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join("\n");
}

const SUBSCRIPTED = /^metadata\.(labels|annotations)\['(.*)'\]$/;

/** The value of a fieldRef; throws with upstream's message for an unsupported path. */
export function fieldRefValue(pod: Pod, facts: PodRuntimeFacts, ref: ObjectFieldSelector): string {
  const m = pod.metadata ?? {};
  const path = ref.fieldPath;
  switch (path) {
    case "spec.nodeName":
      return pod.spec?.nodeName ?? "";
    case "spec.serviceAccountName":
      return pod.spec?.serviceAccountName ?? "";
    case "status.hostIP":
      return facts.hostIPs[0] ?? "";
    case "status.hostIPs":
      return facts.hostIPs.join(",");
    case "status.podIP":
      return facts.podIPs[0] ?? "";
    case "status.podIPs":
      return facts.podIPs.join(",");
    case "metadata.name":
      return m.name ?? "";
    case "metadata.namespace":
      return m.namespace ?? "";
    case "metadata.uid":
      return m.uid ?? "";
    case "metadata.labels":
      return formatMap(m.labels);
    case "metadata.annotations":
      return formatMap(m.annotations);
  }
  const sub = SUBSCRIPTED.exec(path);
  if (sub) return (sub[1] === "labels" ? m.labels : m.annotations)?.[sub[2]] ?? "";
  throw new Error(`unsupported fieldPath: ${path}`);
}

function ceilDiv(value: bigint, divisor: bigint): string {
  if (divisor <= 0n) return value.toString();
  const q = value / divisor;
  return (value % divisor === 0n || value < 0n ? q : q + 1n).toString();
}

/**
 * The value of a resourceFieldRef for container: limits fall back to the
 * node's allocatable (upstream's MergeContainerResourceLimits), values are
 * rounded up to whole divisors (default 1).
 */
export function resourceFieldRefValue(container: ContainerSpec, facts: PodRuntimeFacts, ref: ResourceFieldSelector): string {
  const [kind, name] = ref.resource.split(".", 2) as ["limits" | "requests", string];
  const resources = container.resources ?? {};
  let q = kind === "limits" ? resources.limits?.[name] : kind === "requests" ? resources.requests?.[name] : undefined;
  if (q === undefined && kind === "limits") q = facts.nodeAllocatable[name];
  if (kind !== "limits" && kind !== "requests") throw new Error(`unsupported container resource : ${ref.resource}`);
  const value = parseQuantity(q ?? 0);
  const divisor = parseQuantity(ref.divisor ?? (name === "cpu" ? "1" : "1"));
  if (name === "cpu") return ceilDiv(value.milliValue(), divisor.milliValue());
  if (name === "memory" || name === "ephemeral-storage" || name.startsWith("hugepages-")) return ceilDiv(value.value(), divisor.value());
  throw new Error(`unsupported container resource : ${ref.resource}`);
}

/** The container a volume's resourceFieldRef names (its containerName). */
export function containerNamed(pod: Pod, name: string | undefined): ContainerSpec | undefined {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c) => c.name === name);
}
