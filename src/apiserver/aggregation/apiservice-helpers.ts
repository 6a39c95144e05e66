/**
 * APIService facts shared by the proxy, discovery and the availability
 * controller (upstream's apiregistration v1 helper package): group/version
 * from the name, the Available condition, and the priority order
 * discovery lists groups and versions in.
 */
import type { APIServiceCondition, APIServiceObject } from "../../api/apiregistration/index.js";

export type APIService = APIServiceObject;

/** "v1beta1.metrics.k8s.io" -> metrics.k8s.io/v1beta1 ("v1." is the legacy core group). */
export function apiServiceGroupVersion(name: string): { group: string; version: string } {
  const dot = name.indexOf(".");
  return dot < 0 ? { group: "", version: name } : { group: name.slice(dot + 1), version: name.slice(0, dot) };
}

export function isRemote(svc: APIService): boolean {
  return !!svc.spec?.service;
}

export function availableCondition(svc: APIService): APIServiceCondition | undefined {
  return (svc.status?.conditions ?? []).find((c) => c.type === "Available");
}

export function isAvailable(svc: APIService): boolean {
  return availableCondition(svc)?.status === "True";
}

/** Upstream's SetAPIServiceCondition: the transition time moves only when the status does. */
export function withCondition(conditions: readonly APIServiceCondition[], next: APIServiceCondition): APIServiceCondition[] {
  const out = conditions.map((c) => ({ ...c }));
  const existing = out.find((c) => c.type === next.type);
  if (!existing) return [...out, next];
  if (existing.status !== next.status) {
    existing.status = next.status;
    existing.lastTransitionTime = next.lastTransitionTime;
  }
  existing.reason = next.reason;
  existing.message = next.message;
  return out;
}

/** Upstream's CompareKubeAwareVersionStrings: > 0 when a sorts before b (GA, then beta, then alpha; higher numbers first). */
export function compareKubeAwareVersions(a: string, b: string): number {
  if (a === b) return 0;
  const pa = parseKubeVersion(a);
  const pb = parseKubeVersion(b);
  if (!pa && !pb) return a < b ? 1 : -1;
  if (!pa) return -1;
  if (!pb) return 1;
  if (pa.stage !== pb.stage) return pa.stage - pb.stage;
  if (pa.major !== pb.major) return pa.major - pb.major;
  return pa.minor - pb.minor;
}

function parseKubeVersion(v: string): { major: number; stage: number; minor: number } | undefined {
  const m = /^v([1-9]\d*)(?:(alpha|beta)([1-9]\d*))?$/.exec(v);
  if (!m) return undefined;
  return { major: Number(m[1]), stage: m[2] === "alpha" ? 0 : m[2] === "beta" ? 1 : 2, minor: m[3] ? Number(m[3]) : 0 };
}

/** Upstream's SortedByGroupAndVersion: groups by groupPriorityMinimum (highest first, then name), versions by versionPriority. */
export function sortedByGroupAndVersion(services: readonly APIService[]): APIService[][] {
  const byGroupPriority = [...services].sort((a, b) => {
    const pa = a.spec?.groupPriorityMinimum ?? 0;
    const pb = b.spec?.groupPriorityMinimum ?? 0;
    if (pa !== pb) return pb - pa;
    const na = a.metadata.name ?? "";
    const nb = b.metadata.name ?? "";
    return na < nb ? -1 : na > nb ? 1 : 0;
  });
  const groups: APIService[][] = [];
  for (const svc of byGroupPriority) {
    const g = groups.find((x) => x[0].spec?.group === svc.spec?.group);
    if (g) g.push(svc);
    else groups.push([svc]);
  }
  for (const g of groups) g.sort(byVersionPriority);
  return groups;
}

function byVersionPriority(a: APIService, b: APIService): number {
  const pa = a.spec?.versionPriority ?? 0;
  const pb = b.spec?.versionPriority ?? 0;
  if (pa !== pb) return pb - pa;
  return -compareKubeAwareVersions(a.spec?.version ?? "", b.spec?.version ?? "");
}
