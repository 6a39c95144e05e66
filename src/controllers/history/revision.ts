/**
 * ControllerRevisions as upstream's controller history package builds them:
 * an immutable snapshot of a StatefulSet's or DaemonSet's template, named
 * `<parent>-<hash>`, labelled with the hash, owned by its parent, and
 * numbered so the newest revision has the highest number.
 */
import type { OwnerReference } from "kubernetes-types/meta/v1.js";
import type { ControllerRevisionObject } from "../../api/apps/controllerrevisions.js";
import type { KubeObject } from "../../api/types.js";

/** The label holding a revision's hash (upstream's ControllerRevisionHashLabel). */
export const REVISION_HASH_LABEL = "controller.kubernetes.io/hash";
/** The pod label naming the revision a pod was made from (apps.ControllerRevisionHashLabelKey). */
export const POD_REVISION_LABEL = "controller-revision-hash";

const SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** apimachinery's rand.SafeEncodeString: maps each character onto consonants and digits that spell no words. */
export function safeEncodeString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) out += SAFE_ALPHABET[s.charCodeAt(i) % SAFE_ALPHABET.length];
  return out;
}

/** FNV-1 (32-bit), as Go's hash/fnv New32. */
function fnv32(bytes: Uint8Array, seed = 0x811c9dc5): number {
  let h = seed;
  for (const b of bytes) {
    h = Math.imul(h, 0x01000193) >>> 0;
    h = (h ^ b) >>> 0;
  }
  return h;
}

/** JSON with sorted keys, so equal data hashes equally whatever its key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value as object)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** The hash of revision data, perturbed by collisionCount when names collide (HashControllerRevision). */
export function hashRevision(data: unknown, collisionCount?: number): string {
  let bytes = Buffer.from(canonicalJson(data));
  if (collisionCount !== undefined && collisionCount !== null) bytes = Buffer.concat([bytes, Buffer.from(String(collisionCount))]);
  return safeEncodeString(String(fnv32(bytes)));
}

/** `<prefix>-<hash>`, the prefix cut so the name stays within 253 characters. */
export function revisionName(prefix: string, hash: string): string {
  return `${prefix.slice(0, 223)}-${hash}`;
}

/** A controller owner reference to parent, as metav1.NewControllerRef. */
export function controllerRef(parent: KubeObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: parent.metadata.name ?? "", uid: parent.metadata.uid ?? "", controller: true, blockOwnerDeletion: true };
}

export interface NewRevisionOptions {
  parent: KubeObject;
  parentApiVersion: string;
  parentKind: string;
  /** The pod template's labels, copied onto the revision so selectors find it. */
  templateLabels: Record<string, string> | undefined;
  data: unknown;
  revision: number;
  collisionCount?: number;
}

/** Builds (does not store) a revision, as history.NewControllerRevision. */
export function newControllerRevision(o: NewRevisionOptions): ControllerRevisionObject {
  const hash = hashRevision(o.data, o.collisionCount);
  return {
    apiVersion: "apps/v1",
    kind: "ControllerRevision",
    metadata: {
      name: revisionName(o.parent.metadata.name ?? "", hash),
      namespace: o.parent.metadata.namespace,
      labels: { ...(o.templateLabels ?? {}), [REVISION_HASH_LABEL]: hash },
      // Upstream's DaemonSet snapshot and StatefulSet newRevision copy every parent annotation
      // (kubectl rollout history reads kubernetes.io/change-cause from the revision).
      ...(o.parent.metadata.annotations ? { annotations: { ...o.parent.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(o.parent, o.parentApiVersion, o.parentKind)],
    },
    data: o.data as ControllerRevisionObject["data"],
    revision: o.revision,
  };
}

/** Oldest first: by revision number, then creation time, then name (history.SortControllerRevisions). */
export function sortRevisions(revs: readonly ControllerRevisionObject[]): ControllerRevisionObject[] {
  return [...revs].sort(
    (a, b) =>
      a.revision - b.revision ||
      String(a.metadata.creationTimestamp ?? "").localeCompare(String(b.metadata.creationTimestamp ?? "")) ||
      String(a.metadata.name).localeCompare(String(b.metadata.name)),
  );
}

/** Same data and same hash label (history.EqualRevision). */
export function equalRevision(a: ControllerRevisionObject, b: ControllerRevisionObject): boolean {
  const ha = a.metadata.labels?.[REVISION_HASH_LABEL];
  const hb = b.metadata.labels?.[REVISION_HASH_LABEL];
  if (ha !== undefined && hb !== undefined && ha !== hb) return false;
  return canonicalJson(a.data) === canonicalJson(b.data);
}

/** One more than the highest revision number, 1 for none (nextRevision). */
export function nextRevisionNumber(revs: readonly ControllerRevisionObject[]): number {
  return revs.reduce((max, r) => Math.max(max, r.revision), 0) + 1;
}

/** Revisions controlled by the parent with this uid. */
export function ownedRevisions(revs: readonly ControllerRevisionObject[], ownerUid: string | undefined): ControllerRevisionObject[] {
  return revs.filter((r) => (r.metadata.ownerReferences ?? []).some((ref) => ref.controller && ref.uid === ownerUid));
}
