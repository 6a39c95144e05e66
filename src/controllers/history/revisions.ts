/**
 * Finding or creating a parent's current and update revisions, and
 * trimming old ones: the revision bookkeeping StatefulSets and DaemonSets
 * share (upstream's getStatefulSetRevisions / constructHistory and
 * truncateHistory).
 */
import { isApiError } from "../../api/errors.js";
import type { ControllerRevisionObject } from "../../api/apps/controllerrevisions.js";
import { CONTROLLERREVISIONS } from "../../client/resources.js";
import type { Client } from "../../client/types.js";
import { canonicalJson, equalRevision, hashRevision, nextRevisionNumber, REVISION_HASH_LABEL, revisionName, sortRevisions } from "./revision.js";

/** Where revisions are stored; a Client in production, a fake in tests. */
export interface RevisionStore {
  create(rev: ControllerRevisionObject): Promise<ControllerRevisionObject>;
  get(namespace: string, name: string): Promise<ControllerRevisionObject>;
  /** Renumbers an existing revision (a roll back to it). */
  setRevision(rev: ControllerRevisionObject, revision: number): Promise<ControllerRevisionObject>;
  delete(rev: ControllerRevisionObject): Promise<void>;
}

export function clientRevisionStore(client: Client): RevisionStore {
  return {
    create: (rev) => client.create(CONTROLLERREVISIONS, rev.metadata.namespace, rev),
    get: (ns, name) => client.get(CONTROLLERREVISIONS, ns, name),
    setRevision: (rev, revision) => client.update(CONTROLLERREVISIONS, rev.metadata.namespace, { ...rev, revision }),
    delete: (rev) => client.delete(CONTROLLERREVISIONS, rev.metadata.namespace, rev.metadata.name ?? "", { preconditions: { uid: rev.metadata.uid } }),
  };
}

/**
 * Stores rev, renaming it with a bumped collision count while its name is
 * taken by a revision with other data. Returns the stored revision and the
 * collision count to record in the parent's status.
 */
export async function createRevision(store: RevisionStore, rev: ControllerRevisionObject, collisionCount: number): Promise<{ revision: ControllerRevisionObject; collisionCount: number }> {
  const parentName = rev.metadata.ownerReferences?.[0]?.name ?? "";
  for (let count = collisionCount; ; count++) {
    const hash = hashRevision(rev.data, count);
    const candidate: ControllerRevisionObject = {
      ...rev,
      metadata: { ...rev.metadata, name: revisionName(parentName, hash), labels: { ...rev.metadata.labels, [REVISION_HASH_LABEL]: hash } },
    };
    try {
      return { revision: await store.create(candidate), collisionCount: count };
    } catch (err) {
      if (!isApiError(err, "AlreadyExists")) throw err;
      const existing = await store.get(candidate.metadata.namespace ?? "", candidate.metadata.name ?? "");
      if (canonicalJson(existing.data) === canonicalJson(candidate.data)) return { revision: existing, collisionCount: count };
    }
  }
}

export interface RevisionsResult {
  current: ControllerRevisionObject;
  update: ControllerRevisionObject;
  collisionCount: number;
  /** Every owned revision after this call, oldest first. */
  all: ControllerRevisionObject[];
}

/**
 * Resolves the update revision (reusing an equal one, renumbering it when
 * it is older than the newest) and the current one (named by the parent's
 * status, else the update revision).
 * @param build the revision the parent's spec describes, for a revision number and collision count.
 */
export async function resolveRevisions(
  store: RevisionStore,
  owned: readonly ControllerRevisionObject[],
  build: (revision: number, collisionCount: number) => ControllerRevisionObject,
  currentName: string | undefined,
  collisionCount: number,
): Promise<RevisionsResult> {
  let all = sortRevisions(owned);
  let update = build(nextRevisionNumber(all), collisionCount);
  const equal = all.filter((r) => equalRevision(r, update));
  const last = all[all.length - 1];
  if (equal.length > 0 && last && equalRevision(last, equal[equal.length - 1])) {
    update = last;
  } else if (equal.length > 0) {
    const old = equal[equal.length - 1];
    update = await store.setRevision(old, update.revision);
    all = sortRevisions(all.map((r) => (r.metadata.name === old.metadata.name ? update : r)));
  } else {
    const created = await createRevision(store, update, collisionCount);
    update = created.revision;
    collisionCount = created.collisionCount;
    all = sortRevisions([...all.filter((r) => r.metadata.name !== update.metadata.name), update]);
  }
  const current = all.find((r) => r.metadata.name === currentName) ?? update;
  return { current, update, collisionCount, all };
}

/**
 * Deletes the oldest revisions beyond limit, never one in use (the current
 * and update revisions and any a live pod was made from).
 */
export async function truncateHistory(store: RevisionStore, all: readonly ControllerRevisionObject[], live: ReadonlySet<string>, limit: number): Promise<void> {
  const historic = sortRevisions(all).filter((r) => !live.has(r.metadata.name ?? ""));
  const excess = historic.length - Math.max(0, limit);
  for (let i = 0; i < excess; i++) {
    try {
      await store.delete(historic[i]);
    } catch (err) {
      if (!isApiError(err, "NotFound")) throw err;
    }
  }
}
