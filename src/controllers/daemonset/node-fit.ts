/**
 * Which nodes a DaemonSet runs on (upstream's NodeShouldRunDaemonPod): the
 * pod template with the daemon tolerations added must fit the node's name,
 * node selector and required node affinity, and tolerate its NoSchedule
 * and NoExecute taints; a pod already there keeps running while it
 * tolerates the NoExecute ones.
 */
import type { Node, NodeSelectorRequirement, NodeSelectorTerm, PodSpec, Taint, Toleration } from "kubernetes-types/core/v1.js";
import type { DaemonSetObject } from "../../api/apps/daemonsets.js";

/** Added to every daemon pod (AddOrUpdateDaemonPodTolerations). */
export function daemonTolerations(spec: PodSpec): Toleration[] {
  const extra: Toleration[] = [
    { key: "node.kubernetes.io/not-ready", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" },
    { key: "node.kubernetes.io/disk-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/memory-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/pid-pressure", operator: "Exists", effect: "NoSchedule" },
    { key: "node.kubernetes.io/unschedulable", operator: "Exists", effect: "NoSchedule" },
  ];
  if (spec.hostNetwork) extra.push({ key: "node.kubernetes.io/network-unavailable", operator: "Exists", effect: "NoSchedule" });
  const out = [...(spec.tolerations ?? [])];
  for (const t of extra) if (!out.some((o) => o.key === t.key && o.effect === t.effect && o.operator === t.operator && !o.value)) out.push(t);
  return out;
}

export function tolerates(tol: Toleration, taint: Taint): boolean {
  if (tol.effect && tol.effect !== taint.effect) return false;
  if (tol.key && tol.key !== taint.key) return false;
  if (!tol.key && tol.operator !== "Exists") return false;
  return tol.operator === "Exists" || (tol.value ?? "") === (taint.value ?? "");
}

function untolerated(taints: Taint[], tols: Toleration[], effects: string[]): boolean {
  return taints.some((t) => effects.includes(t.effect) && !tols.some((tol) => tolerates(tol, t)));
}

function requirementMatches(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = req.values ?? [];
  switch (req.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      if (value === undefined || !/^-?\d+$/.test(value) || values.length !== 1) return false;
      return req.operator === "Gt" ? Number(value) > Number(values[0]) : Number(value) < Number(values[0]);
    }
    default:
      return false;
  }
}

function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = node.metadata?.labels ?? {};
  return (
    exprs.every((r) => requirementMatches(r, labels[r.key])) &&
    fields.every((r) => (r.key === "metadata.name" ? requirementMatches(r, node.metadata?.name) : false))
  );
}

/** nodeSelector and required node affinity (GetRequiredNodeAffinity(pod).Match(node)). */
export function nodeAffinityMatches(spec: PodSpec, node: Node): boolean {
  const labels = node.metadata?.labels ?? {};
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  return !terms || terms.some((t) => termMatches(t, node));
}

export interface NodeFit {
  shouldRun: boolean;
  shouldContinueRunning: boolean;
}

export function nodeShouldRunDaemonPod(node: Node, ds: DaemonSetObject): NodeFit {
  const spec = ds.spec?.template.spec ?? { containers: [] };
  const name = node.metadata?.name;
  if (spec.nodeName && spec.nodeName !== name) return { shouldRun: false, shouldContinueRunning: false };
  if (!nodeAffinityMatches(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const tols = daemonTolerations(spec);
  const taints = node.spec?.taints ?? [];
  if (untolerated(taints, tols, ["NoSchedule", "NoExecute"])) return { shouldRun: false, shouldContinueRunning: !untolerated(taints, tols, ["NoExecute"]) };
  return { shouldRun: true, shouldContinueRunning: true };
}

/** Pins a pod to one node the way upstream does (ReplaceDaemonSetPodNodeNameNodeAffinity). */
export function pinToNode(spec: PodSpec, nodeName: string): PodSpec {
  const term: NodeSelectorTerm = { matchFields: [{ key: "metadata.name", operator: "In", values: [nodeName] }] };
  const affinity = structuredClone(spec.affinity ?? {});
  affinity.nodeAffinity = { ...(affinity.nodeAffinity ?? {}), requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] } };
  return { ...spec, affinity, tolerations: daemonTolerations(spec) };
}

/** The node a daemon pod is for: its nodeName, else the node its affinity pins it to (GetTargetNodeName). */
export function targetNode(spec: PodSpec | undefined): string | undefined {
  if (spec?.nodeName) return spec.nodeName;
  for (const t of spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    const f = t.matchFields?.find((r) => r.key === "metadata.name" && r.operator === "In" && r.values?.length === 1);
    if (f) return f.values![0];
  }
  return undefined;
}
