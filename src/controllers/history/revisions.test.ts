import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ControllerRevisionObject } from "../../api/apps/controllerrevisions.js";
import { ApiError } from "../../api/errors.js";
import { hashRevision, newControllerRevision, REVISION_HASH_LABEL } from "./revision.js";
import { createRevision, resolveRevisions, truncateHistory, type RevisionStore } from "./revisions.js";

const parent = { metadata: { name: "web", namespace: "default", uid: "u1" } };
const build = (image: string) => (revision: number, collisionCount: number) =>
  newControllerRevision({ parent, parentApiVersion: "apps/v1", parentKind: "StatefulSet", templateLabels: { app: "web" }, data: { image }, revision, collisionCount });

function memoryStore(): RevisionStore & { items: Map<string, ControllerRevisionObject>; deleted: string[] } {
  const items = new Map<string, ControllerRevisionObject>();
  const deleted: string[] = [];
  return {
    items,
    deleted,
    async create(rev) {
      if (items.has(rev.metadata.name!)) throw new ApiError(409, "AlreadyExists", "exists");
      items.set(rev.metadata.name!, rev);
      return rev;
    },
    async get(_ns, name) {
      return items.get(name)!;
    },
    async setRevision(rev, revision) {
      const r = { ...rev, revision };
      items.set(rev.metadata.name!, r);
      return r;
    },
    async delete(rev) {
      items.delete(rev.metadata.name!);
      deleted.push(rev.metadata.name!);
    },
  };
}

describe("controller revisions", () => {
  it("names a revision after its parent and hash, and labels it with the hash", () => {
    const r = build("nginx:1")(1, 0);
    assert.equal(r.metadata.name, `web-${r.metadata.labels?.[REVISION_HASH_LABEL]}`);
    assert.equal(r.metadata.labels?.app, "web");
    assert.equal(r.metadata.ownerReferences?.[0].controller, true);
  });

  it("carries the parent's annotations, as upstream's DaemonSet and StatefulSet revisions do", () => {
    const annotated = { metadata: { ...parent.metadata, annotations: { "kubernetes.io/change-cause": "kubectl set image", other: "x" } } };
    const r = newControllerRevision({ parent: annotated, parentApiVersion: "apps/v1", parentKind: "DaemonSet", templateLabels: {}, data: {}, revision: 1 });
    assert.deepEqual(r.metadata.annotations, { "kubernetes.io/change-cause": "kubectl set image", other: "x" });
    assert.notEqual(r.metadata.annotations, annotated.metadata.annotations);
    assert.equal(build("nginx:1")(1, 0).metadata.annotations, undefined);
  });

  it("hashes equal data equally whatever the key order, and differently per collision count", () => {
    assert.equal(hashRevision({ a: 1, b: 2 }), hashRevision({ b: 2, a: 1 }));
    assert.notEqual(hashRevision({ a: 1 }, 0), hashRevision({ a: 1 }, 1));
  });

  it("creates the first revision and uses it as current and update", async () => {
    const store = memoryStore();
    const r = await resolveRevisions(store, [], build("nginx:1"), undefined, 0);
    assert.equal(r.update.revision, 1);
    assert.equal(r.current.metadata.name, r.update.metadata.name);
  });

  it("rolls back by renumbering an older equal revision instead of creating one", async () => {
    const store = memoryStore();
    const a = (await resolveRevisions(store, [], build("nginx:1"), undefined, 0)).update;
    const b = (await resolveRevisions(store, [a], build("nginx:2"), a.metadata.name, 0)).update;
    const back = await resolveRevisions(store, [a, b], build("nginx:1"), b.metadata.name, 0);
    assert.equal(back.update.metadata.name, a.metadata.name);
    assert.equal(back.update.revision, 3);
    assert.equal(back.current.metadata.name, b.metadata.name);
    assert.equal(store.items.size, 2);
  });

  it("bumps the collision count when the name is taken by other data", async () => {
    const store = memoryStore();
    const rev = build("nginx:1")(1, 0);
    store.items.set(rev.metadata.name!, { ...rev, data: { image: "other" } });
    const { revision, collisionCount } = await createRevision(store, rev, 0);
    assert.equal(collisionCount, 1);
    assert.notEqual(revision.metadata.name, rev.metadata.name);
  });

  it("trims the oldest unused revisions beyond the limit", async () => {
    const store = memoryStore();
    const revs = ["1", "2", "3", "4"].map((v, i) => build(`nginx:${v}`)(i + 1, 0));
    await truncateHistory(store, revs, new Set([revs[3].metadata.name!]), 1);
    assert.deepEqual(store.deleted, [revs[0].metadata.name, revs[1].metadata.name]);
  });
});

describe("workload status comparison", () => {
  it("ignores key order and counters the server omits as zero, and sees real changes", async () => {
    const { statusChanged } = await import("./status.js");
    assert.equal(statusChanged({ replicas: 2, readyReplicas: 0, currentRevision: "a" }, { currentRevision: "a", replicas: 2 }), false);
    assert.equal(statusChanged({ replicas: 2, readyReplicas: 1 }, { replicas: 2 }), true);
  });
});
