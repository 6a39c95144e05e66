/**
 * The annotations a Deployment keeps on its ReplicaSets (upstream's
 * deployment util): revision and revision-history, desired-replicas and
 * max-replicas for proportional scaling, and the deployment's own
 * annotations copied over except those that describe the deployment itself.
 */
import type { KubeObject } from "../../api/types.js";

export const REVISION = "deployment.kubernetes.io/revision";
export const REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
export const DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
export const MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
export const POD_TEMPLATE_HASH = "pod-template-hash";
const LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
const ROLLBACK_TO = "deprecated.deployment.rollback.to";
/** Upstream's limit on the revision-history annotation's length. */
export const MAX_REV_HISTORY_LENGTH = 2000;

const notCopied = new Set([LAST_APPLIED, REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, ROLLBACK_TO]);

/**
 * The revision of a ReplicaSet or Deployment; 0 when absent or not a
 * number. Revisions are Go int64s: bigint keeps every digit (a client may
 * set one past 2^53, and the next revision must be exactly one more).
 */
export function revisionOf(obj: KubeObject): bigint {
  return parseRevision(obj.metadata.annotations?.[REVISION]);
}

function parseRevision(text: string | undefined): bigint {
  if (!text || !/^\d{1,19}$/.test(text)) return 0n;
  const v = BigInt(text);
  return v <= 0x7fffffffffffffffn ? v : 0n;
}

export function maxRevision(objs: KubeObject[]): bigint {
  return objs.reduce((m, o) => {
    const r = revisionOf(o);
    return r > m ? r : m;
  }, 0n);
}

/** Copies the deployment's annotations onto rs's annotations map (mutated); true when something changed. */
export function copyDeploymentAnnotations(d: KubeObject, annotations: Record<string, string>): boolean {
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (notCopied.has(k) || annotations[k] === v) continue;
    annotations[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * Sets the revision on a ReplicaSet's annotations (mutated). When an older
 * revision is replaced (a rollback to this template), it joins the
 * revision-history list. Returns whether anything changed.
 */
export function setRevision(annotations: Record<string, string>, newRevision: bigint): boolean {
  const oldText = annotations[REVISION];
  const old = parseRevision(oldText);
  if (old >= newRevision) return false;
  annotations[REVISION] = String(newRevision);
  if (oldText) {
    const history = (annotations[REVISION_HISTORY] ?? "").split(",").filter((r) => r !== "");
    history.push(oldText);
    while (history.length > 1 && history.join(",").length > MAX_REV_HISTORY_LENGTH) history.shift();
    annotations[REVISION_HISTORY] = history.join(",");
  }
  return true;
}

/** Sets desired-replicas and max-replicas (mutated); true when they changed. */
export function setReplicasAnnotations(annotations: Record<string, string>, desired: number, max: number): boolean {
  let changed = false;
  if (annotations[DESIRED_REPLICAS] !== String(desired)) {
    annotations[DESIRED_REPLICAS] = String(desired);
    changed = true;
  }
  if (annotations[MAX_REPLICAS] !== String(max)) {
    annotations[MAX_REPLICAS] = String(max);
    changed = true;
  }
  return changed;
}

export function replicasAnnotationsNeedUpdate(obj: KubeObject, desired: number, max: number): boolean {
  const a = obj.metadata.annotations ?? {};
  return a[DESIRED_REPLICAS] !== String(desired) || a[MAX_REPLICAS] !== String(max);
}

function intAnnotation(obj: KubeObject, key: string): number | undefined {
  const v = obj.metadata.annotations?.[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

export const desiredReplicasOf = (obj: KubeObject) => intAnnotation(obj, DESIRED_REPLICAS);
export const maxReplicasOf = (obj: KubeObject) => intAnnotation(obj, MAX_REPLICAS);
