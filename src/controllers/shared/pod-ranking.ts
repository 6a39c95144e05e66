/**
 * Which pods a controller deletes first when scaling down (upstream's
 * ActivePodsWithRanks with LogarithmicScaleDown): unscheduled < scheduled;
 * Pending < Unknown < Running; not ready < ready; lower deletion cost
 * first; more pods of the same owner on the node first; ready for less
 * time first (log2 buckets); more restarts first; newer first (log2
 * buckets); ties by uid.
 */
import { isPodReady, readyCondition, type PodObject } from "./pods.js";

export const POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

const phaseOrdinal: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

export interface RankedPod {
  pod: PodObject;
  /** How many related active pods share this pod's node. */
  rank: number;
}

/** Ranks candidates by how many related pods share their node (getPodsRankedByRelatedPodsOnSameNode). */
export function rankByRelatedPodsOnSameNode(candidates: PodObject[], related: PodObject[]): RankedPod[] {
  const onNode = new Map<string, number>();
  for (const p of related) {
    const n = p.spec?.nodeName ?? "";
    onNode.set(n, (onNode.get(n) ?? 0) + 1);
  }
  return candidates.map((pod) => ({ pod, rank: onNode.get(pod.spec?.nodeName ?? "") ?? 0 }));
}

/** Negative when a should be deleted before b. */
export function compareForDeletion(a: RankedPod, b: RankedPod, now: number): number {
  const pa = a.pod, pb = b.pod;
  const na = pa.spec?.nodeName ?? "", nb = pb.spec?.nodeName ?? "";
  if (na !== nb && (!na || !nb)) return !na ? -1 : 1;
  const oa = phaseOrdinal[pa.status?.phase ?? "Pending"] ?? 0, ob = phaseOrdinal[pb.status?.phase ?? "Pending"] ?? 0;
  if (oa !== ob) return oa - ob;
  const ra = isPodReady(pa), rb = isPodReady(pb);
  if (ra !== rb) return ra ? 1 : -1;
  const ca = deletionCost(pa), cb = deletionCost(pb);
  if (ca !== cb) return ca - cb;
  if (a.rank !== b.rank) return b.rank - a.rank;
  if (ra && rb) {
    const c = compareTimes(readyTime(pa), readyTime(pb), now, pa, pb);
    if (c !== 0) return c;
  }
  const xa = maxRestarts(pa), xb = maxRestarts(pb);
  if (xa !== xb) return xb - xa;
  return compareTimes(time(pa.metadata.creationTimestamp), time(pb.metadata.creationTimestamp), now, pa, pb);
}

/** The `count` pods to delete first, from candidates ranked against related. */
export function podsToDelete(candidates: PodObject[], related: PodObject[], count: number, now: number): PodObject[] {
  if (count >= candidates.length) return candidates.slice();
  const ranked = rankByRelatedPodsOnSameNode(candidates, related);
  ranked.sort((a, b) => compareForDeletion(a, b, now));
  return ranked.slice(0, count).map((r) => r.pod);
}

function deletionCost(p: PodObject): number {
  const v = Number(p.metadata.annotations?.[POD_DELETION_COST]);
  return Number.isFinite(v) ? v : 0;
}

function readyTime(p: PodObject): number | undefined {
  return time(readyCondition(p)?.lastTransitionTime);
}

function time(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

/** Empty time first, then more recent first, bucketed by log2 of the age; ties by uid. */
function compareTimes(ta: number | undefined, tb: number | undefined, now: number, pa: PodObject, pb: PodObject): number {
  if (ta === tb) return 0;
  if (ta === undefined || tb === undefined) return ta === undefined ? -1 : 1;
  const diff = logRank(now - ta) - logRank(now - tb);
  if (diff === 0) return (pa.metadata.uid ?? "") < (pb.metadata.uid ?? "") ? -1 : (pa.metadata.uid ?? "") > (pb.metadata.uid ?? "") ? 1 : 0;
  return diff;
}

/** floor(log2(age in nanoseconds)), -1 for no age, as upstream's logarithmicRankDiff. */
function logRank(ageMs: number): number {
  return ageMs > 0 ? Math.floor(Math.log2(ageMs * 1e6)) : -1;
}

function maxRestarts(p: PodObject): number {
  let m = 0;
  for (const c of p.status?.containerStatuses ?? []) m = Math.max(m, c.restartCount ?? 0);
  for (const c of p.status?.initContainerStatuses ?? []) m = Math.max(m, c.restartCount ?? 0);
  return m;
}
