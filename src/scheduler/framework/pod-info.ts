/**
 * A pod with everything the plugins need precomputed once per pod (not per
 * node): requests, host ports, priority and compiled affinity terms.
 * PodInfos are immutable; a changed pod gets a new PodInfo.
 */
import { compileSelector, matchNothing, selectorKey, type LabelMatcher, type Labels } from "./labels.js";
import { podRequests, type Resource } from "./resource.js";
import type { Pod, PodAffinityTerm, WeightedPodAffinityTerm } from "./types.js";

export interface AffinityTerm {
  /** Namespaces named by the term (or the pod's own when none and no namespaceSelector). */
  namespaces: ReadonlySet<string>;
  /** Matches namespace labels; matchNothing when the term has no namespaceSelector. */
  namespaceSelector: LabelMatcher;
  selector: LabelMatcher;
  topologyKey: string;
  /** The term's matchLabels: every matching pod carries them (lets callers start from the cache's label index). */
  matchPairs: [string, string][];
  /** Names the label selector alone: equal keys, equal selectors. */
  selectorKey: string;
  /** Names the whole term (namespaces, namespace selector, selector, topology key): equal signatures, equal terms. */
  signature: string;
}

export interface WeightedAffinityTerm extends AffinityTerm {
  weight: number;
}

export interface HostPort {
  hostIP: string;
  protocol: string;
  hostPort: number;
}

export interface PodInfo {
  readonly pod: Pod;
  /** "namespace/name". */
  readonly key: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly priority: number;
  readonly requests: Resource;
  /** Requests with upstream's defaults for containers that request nothing (scoring only). */
  readonly nonZeroCPU: number;
  readonly nonZeroMemory: number;
  readonly hostPorts: readonly HostPort[];
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
}

function compileTerm(pod: Pod, t: PodAffinityTerm): AffinityTerm {
  const names = t.namespaces ?? [];
  const own = names.length === 0 && !t.namespaceSelector;
  const namespaces = new Set(own ? [pod.metadata?.namespace ?? "default"] : names);
  const key = selectorKey(t.labelSelector);
  return {
    namespaces,
    namespaceSelector: t.namespaceSelector ? compileSelector(t.namespaceSelector) : matchNothing,
    selector: compileSelector(t.labelSelector),
    topologyKey: t.topologyKey,
    matchPairs: Object.entries(t.labelSelector?.matchLabels ?? {}),
    selectorKey: key,
    signature: JSON.stringify([[...namespaces].sort(), t.namespaceSelector ? selectorKey(t.namespaceSelector) : null, key, t.topologyKey]),
  };
}

function compileWeighted(pod: Pod, t: WeightedPodAffinityTerm): WeightedAffinityTerm {
  return { ...compileTerm(pod, t.podAffinityTerm), weight: t.weight };
}

/** Whether a pod (its namespace and labels) matches a term; nsLabels looks up namespace labels. */
export function termMatches(term: AffinityTerm, pod: PodInfo, nsLabels: (ns: string) => Labels): boolean {
  if (!term.namespaces.has(pod.namespace) && !(term.namespaceSelector !== matchNothing && term.namespaceSelector(nsLabels(pod.namespace)))) return false;
  return term.selector(pod.labels);
}

export function newPodInfo(pod: Pod): PodInfo {
  const spec = pod.spec;
  const requests = podRequests(spec);
  const nonZero = podRequests(spec, true);
  const hostPorts: HostPort[] = [];
  for (const c of spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.hostPort && p.hostPort > 0) hostPorts.push({ hostIP: p.hostIP || "0.0.0.0", protocol: p.protocol || "TCP", hostPort: p.hostPort });
    }
  }
  const aff = spec?.affinity;
  const ns = pod.metadata?.namespace ?? "default";
  return {
    pod,
    key: `${ns}/${pod.metadata?.name ?? ""}`,
    namespace: ns,
    labels: pod.metadata?.labels,
    priority: spec?.priority ?? 0,
    requests,
    nonZeroCPU: nonZero.milliCPU,
    nonZeroMemory: nonZero.memory,
    hostPorts,
    requiredAffinityTerms: (aff?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileTerm(pod, t)),
    requiredAntiAffinityTerms: (aff?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileTerm(pod, t)),
    preferredAffinityTerms: (aff?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileWeighted(pod, t)),
    preferredAntiAffinityTerms: (aff?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((t) => compileWeighted(pod, t)),
  };
}

/** The pod as if bound to nodeName (what the cache holds for an assumed pod). */
export function withNodeName(pi: PodInfo, nodeName: string): PodInfo {
  const pod = { ...pi.pod, spec: { ...pi.pod.spec!, nodeName } } as Pod;
  return { ...pi, pod };
}

export function podKey(pod: { metadata?: { namespace?: string; name?: string } }): string {
  return `${pod.metadata?.namespace ?? "default"}/${pod.metadata?.name ?? ""}`;
}
