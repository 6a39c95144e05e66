/**
 * The doctor's contracts: a Check is a small function over a read-only
 * ClusterView (each resource listed once per run, shared by every check)
 * and a clock; it returns Findings, each with the chain of evidence from
 * the symptom to its cause and the fix.
 */
import type { X509Certificate } from "node:crypto";
import type { KubeObject } from "../api/types.js";
import type { CoreEvent } from "../client/event-types.js";
import type { GVR } from "../client/types.js";

export type Severity = "critical" | "warning" | "info";

export const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** What a finding or a step of evidence is about: "Node/node-2", "Namespace/web", "Pod/default/web-1". */
export interface ObjectRef {
  kind: string;
  namespace?: string;
  name: string;
}

/** One line of evidence; ref is the object it was read from, when there is one. */
export interface EvidenceStep {
  text: string;
  ref?: ObjectRef;
}

export interface Finding {
  /** The check that found it. */
  check: string;
  severity: Severity;
  about: ObjectRef;
  /** One line: what is wrong. */
  summary: string;
  /** From the symptom (first) to the deepest cause found (last). */
  chain: EvidenceStep[];
  fix: string;
  /**
   * The identity of the cause, e.g. "Route/10.244.2.0/24" or "APIService/v1beta1.metrics.k8s.io":
   * findings with the same cause are one incident, reported once (the deepest chain wins).
   */
  cause: string;
}

/** A raw answer from an endpoint reached through the API server (nodes/proxy, /metrics). */
export type ProxyResult = { ok: true; status: number; body: string } | { ok: false; status?: number; error: string };

/** The cluster as the checks read it: read-only, each resource listed at most once per run. */
export interface ClusterView {
  /** Every object of a resource (all namespaces); a resource the server does not serve lists as empty. */
  list<T extends KubeObject = KubeObject>(gvr: GVR): Promise<T[]>;
  /** One object, from the resource's list. */
  get<T extends KubeObject = KubeObject>(gvr: GVR, namespace: string | undefined, name: string): Promise<T | undefined>;
  /** Whether the server serves the resource (discovery). */
  serves(gvr: GVR): Promise<boolean>;
  /** Events about an object, oldest first (core/v1 Events, listed once). */
  eventsFor(ref: ObjectRef): Promise<CoreEvent[]>;
  /** GET a path through the API server (e.g. /api/v1/nodes/n/proxy/healthz, /metrics); answers are kept for the run. */
  proxyGet(path: string): Promise<ProxyResult>;
  /**
   * GET a path of a component's own endpoint on this machine (e.g. "kube-proxy", "/metrics"), when
   * the cluster is local and says where its components listen (Skiff's DIR/ports.json); else undefined.
   */
  localEndpoint(component: string, path: string): Promise<ProxyResult | undefined>;
  /** The certificate the API server presents in its TLS handshake (undefined when not over TLS or not known). */
  servingCertificate(): Promise<X509Certificate | undefined>;
  /** The resources listed so far in this run (what --watch watches). */
  listed(): GVR[];
}

export interface CheckContext {
  view: ClusterView;
  /** Milliseconds since the epoch, from the injected clock. */
  now: number;
}

export interface Check {
  /** Short kebab-case name, e.g. "node-not-ready". */
  name: string;
  /** What it looks at, one line (for --help and the README). */
  description: string;
  /**
   * Resources the check cannot work without (e.g. network.skiff.dev Routes); when the
   * server does not serve one, the check is skipped, with the reason.
   */
  requires?: GVR[];
  run(ctx: CheckContext): Promise<Finding[]>;
}

export interface CheckOutcome {
  check: string;
  status: "ran" | "skipped" | "failed";
  /** Why it was skipped or how it failed. */
  reason?: string;
  findings: number;
}

export interface DoctorReport {
  healthy: boolean;
  findings: Finding[];
  checks: CheckOutcome[];
}

export function refString(r: ObjectRef): string {
  return r.namespace ? `${r.kind}/${r.namespace}/${r.name}` : `${r.kind}/${r.name}`;
}

/** The ref of a listed object (list items carry no kind: the caller names it). */
export function refOf(obj: KubeObject, kind: string): ObjectRef {
  const name = obj.metadata.name ?? "";
  return obj.metadata.namespace ? { kind, namespace: obj.metadata.namespace, name } : { kind, name };
}
