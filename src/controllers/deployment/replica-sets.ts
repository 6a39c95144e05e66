/**
 * Reading a Deployment's ReplicaSets (upstream's deployment util): which is
 * the new one, counts, surge/unavailability fenceposts, orderings.
 */
import type { Deployment, ReplicaSet } from "kubernetes-types/apps/v1.js";
import type { PodTemplateSpec } from "kubernetes-types/core/v1.js";
import type { KubeObject } from "../../api/types.js";
import { POD_TEMPLATE_HASH, desiredReplicasOf, revisionOf } from "./annotations.js";
import { canonicalJson } from "./hash.js";

export type DeploymentObject = Deployment & KubeObject;
export type ReplicaSetObject = ReplicaSet & KubeObject;

export const specReplicas = (rs: ReplicaSetObject | undefined): number => rs?.spec?.replicas ?? 0;
export const desiredReplicas = (d: DeploymentObject): number => d.spec?.replicas ?? 1;

/** Templates equal once the pod-template-hash label is ignored (EqualIgnoreHash). */
export function equalIgnoreHash(a: PodTemplateSpec | undefined, b: PodTemplateSpec | undefined): boolean {
  const strip = (t: PodTemplateSpec | undefined) => {
    const c = structuredClone(t ?? {});
    if (c.metadata?.labels) {
      delete c.metadata.labels[POD_TEMPLATE_HASH];
      if (!Object.keys(c.metadata.labels).length) delete c.metadata.labels;
    }
    return canonicalJson(withoutEmpty(c));
  };
  return strip(a) === strip(b);
}

/**
 * Drops empty objects, empty lists and nulls, as Go's semantic equality sees
 * no difference between them and absent fields (`resources: {}` vs none).
 */
function withoutEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutEmpty);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const y = withoutEmpty(x);
      if (y === null || y === undefined) continue;
      if (Array.isArray(y) && y.length === 0) continue;
      if (typeof y === "object" && !Array.isArray(y) && Object.keys(y as object).length === 0) continue;
      out[k] = y;
    }
    return out;
  }
  return v;
}

export function byCreation(a: KubeObject, b: KubeObject): number {
  const ta = a.metadata.creationTimestamp ?? "", tb = b.metadata.creationTimestamp ?? "";
  if (ta !== tb) return ta < tb ? -1 : 1;
  return (a.metadata.name ?? "") < (b.metadata.name ?? "") ? -1 : 1;
}

/** The oldest ReplicaSet whose template is the deployment's (FindNewReplicaSet). */
export function findNewReplicaSet(d: DeploymentObject, rsList: ReplicaSetObject[]): ReplicaSetObject | undefined {
  return [...rsList].sort(byCreation).find((rs) => equalIgnoreHash(rs.spec?.template, d.spec?.template));
}

export function activeReplicaSets(rsList: (ReplicaSetObject | undefined)[]): ReplicaSetObject[] {
  return rsList.filter((rs): rs is ReplicaSetObject => !!rs && specReplicas(rs) > 0);
}

const sum = (rsList: (ReplicaSetObject | undefined)[], f: (rs: ReplicaSetObject) => number) => rsList.reduce((n, rs) => n + (rs ? f(rs) : 0), 0);
export const specReplicaCount = (rsList: (ReplicaSetObject | undefined)[]) => sum(rsList, (rs) => rs.spec?.replicas ?? 0);
export const actualReplicaCount = (rsList: (ReplicaSetObject | undefined)[]) => sum(rsList, (rs) => rs.status?.replicas ?? 0);
export const readyReplicaCount = (rsList: (ReplicaSetObject | undefined)[]) => sum(rsList, (rs) => rs.status?.readyReplicas ?? 0);
export const availableReplicaCount = (rsList: (ReplicaSetObject | undefined)[]) => sum(rsList, (rs) => rs.status?.availableReplicas ?? 0);

/** An int-or-percent scaled against total: percentages round up or down (GetScaledValueFromIntOrPercent). */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === "number") return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number(v) || 0;
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** maxSurge and maxUnavailable as numbers; both zero makes unavailability 1 (ResolveFenceposts). */
export function resolveFenceposts(d: DeploymentObject): { surge: number; unavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate;
  const want = desiredReplicas(d);
  const surge = scaledValue(ru?.maxSurge ?? "25%", want, true);
  let unavailable = scaledValue(ru?.maxUnavailable ?? "25%", want, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

export const isRollingUpdate = (d: DeploymentObject) => (d.spec?.strategy?.type ?? "RollingUpdate") === "RollingUpdate";

export function maxSurge(d: DeploymentObject): number {
  return isRollingUpdate(d) ? resolveFenceposts(d).surge : 0;
}

export function maxUnavailable(d: DeploymentObject): number {
  const want = desiredReplicas(d);
  if (!isRollingUpdate(d) || want === 0) return 0;
  return Math.min(resolveFenceposts(d).unavailable, want);
}

/** How many replicas the new ReplicaSet may have now (NewRSNewReplicas). */
export function newRSNewReplicas(d: DeploymentObject, allRSs: ReplicaSetObject[], newRS: ReplicaSetObject): number {
  const want = desiredReplicas(d);
  if (!isRollingUpdate(d)) return want;
  const maxTotal = want + maxSurge(d);
  const current = specReplicaCount(allRSs);
  if (current >= maxTotal) return specReplicas(newRS);
  return specReplicas(newRS) + Math.min(maxTotal - current, want - specReplicas(newRS));
}

/** The new ReplicaSet has every replica and all of them are available (IsSaturated). */
export function isSaturated(d: DeploymentObject, rs: ReplicaSetObject | undefined): boolean {
  if (!rs) return false;
  const want = desiredReplicas(d);
  return specReplicas(rs) === want && desiredReplicasOf(rs) === want && (rs.status?.availableReplicas ?? 0) === want;
}

/** The only active ReplicaSet, or the newest when none is active (FindActiveOrLatest). */
export function findActiveOrLatest(newRS: ReplicaSetObject | undefined, oldRSs: ReplicaSetObject[]): ReplicaSetObject | undefined {
  if (!newRS && !oldRSs.length) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = activeReplicaSets([...newestFirst, newRS]);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

/** Oldest revision first, then oldest creation (ReplicaSetsByRevision). */
export function byRevision(a: ReplicaSetObject, b: ReplicaSetObject): number {
  const ra = revisionOf(a), rb = revisionOf(b);
  return ra !== rb ? (ra < rb ? -1 : 1) : byCreation(a, b);
}
