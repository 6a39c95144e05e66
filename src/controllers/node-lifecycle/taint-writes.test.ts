import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node, Taint } from "kubernetes-types/core/v1.js";
import { NODES } from "../../client/resources.js";
import { startTestCluster, type TestCluster } from "../../client/test-fixtures.js";
import type { Client, KubeObject } from "../../client/types.js";
import type { VirtualClock } from "../../util/clock.js";
import { addOrUpdateTaint, removeTaint, removeTaintOffNode, swapNodeControllerTaint, type TaintWriter } from "./taint-writes.js";

type NodeObject = Node & KubeObject;
type Call = { verb: string; path?: string; body?: unknown };

const NOT_READY_NO_SCHEDULE: Taint = { key: "node.kubernetes.io/not-ready", effect: "NoSchedule" };
const UNREACHABLE_NO_EXECUTE: Taint = { key: "node.kubernetes.io/unreachable", effect: "NoExecute" };
const USER: Taint = { key: "dedicated", value: "db", effect: "NoSchedule" };

/** The client's requests, recorded; beforePatch runs ahead of each PATCH (to race it). */
function recording(client: Client, calls: Call[], beforePatch?: (n: number) => Promise<void>): Client {
  let patches = 0;
  return {
    ...client,
    get: (gvr, ns, name) => (calls.push({ verb: "GET", path: name }), client.get(gvr, ns, name)),
    raw: (method, path, body, headers) => (calls.push({ verb: `raw ${method}`, path }), client.raw(method, path, body, headers)),
    update: (gvr, ns, obj, opts) => (calls.push({ verb: "PUT" }), client.update(gvr, ns, obj, opts)),
    patch: async (gvr, ns, name, type, patch, opts) => {
      calls.push({ verb: `PATCH ${type}`, path: name, body: patch });
      await beforePatch?.(patches++);
      return client.patch(gvr, ns, name, type, patch, opts);
    },
  };
}

async function withNode(taints: Taint[], fn: (c: TestCluster, node: NodeObject) => Promise<void>): Promise<void> {
  const c = await startTestCluster();
  try {
    const node = await c.client.create<NodeObject>(NODES, undefined, { apiVersion: "v1", kind: "Node", metadata: { name: "n1" }, spec: { taints } });
    await fn(c, node);
  } finally {
    await c.close();
  }
}

test("AddOrUpdateTaint replaces the taint with the same key and effect, keeps an identical one, appends a new one", () => {
  const stamped = { ...UNREACHABLE_NO_EXECUTE, timeAdded: "2026-01-01T00:00:00Z" };
  assert.deepEqual(addOrUpdateTaint([USER], stamped), [USER, stamped]);
  assert.equal(addOrUpdateTaint([USER, stamped], { ...stamped }), undefined);
  const later = { ...stamped, timeAdded: "2026-01-01T00:01:00Z" };
  assert.deepEqual(addOrUpdateTaint([stamped, USER], later), [later, USER]);
  assert.deepEqual(removeTaint([USER, stamped], UNREACHABLE_NO_EXECUTE), [USER]);
  assert.equal(removeTaint([USER], UNREACHABLE_NO_EXECUTE), undefined);
});

test("removing the not-ready taint is a GET at resourceVersion=0 and one strategic-merge PATCH holding the resourceVersion", async () => {
  await withNode([USER, NOT_READY_NO_SCHEDULE], async (c, node) => {
    const calls: Call[] = [];
    const w: TaintWriter = { client: recording(c.client, calls), clock: c.clock };
    await swapNodeControllerTaint(w, node, [], [NOT_READY_NO_SCHEDULE]);
    assert.deepEqual(calls, [
      { verb: "raw GET", path: "/api/v1/nodes/n1?resourceVersion=0" },
      { verb: "PATCH strategic", path: "n1", body: { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints: [USER] } } },
    ]);
    assert.deepEqual((await c.client.get<NodeObject>(NODES, undefined, "n1")).spec?.taints, [USER]);
  });
});

test("removing the last taint sends taints: null; a node without the taint costs no request", async () => {
  await withNode([NOT_READY_NO_SCHEDULE], async (c, node) => {
    const calls: Call[] = [];
    const w: TaintWriter = { client: recording(c.client, calls), clock: c.clock };
    await removeTaintOffNode(w, "n1", node, [UNREACHABLE_NO_EXECUTE]);
    assert.deepEqual(calls, []);
    await removeTaintOffNode(w, "n1", node, [NOT_READY_NO_SCHEDULE]);
    assert.deepEqual((calls as Call[])[1]?.body, { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints: null } });
    assert.equal((await c.client.get<NodeObject>(NODES, undefined, "n1")).spec?.taints, undefined);
  });
});

test("a swap adds the stamped taint in one PATCH, then removes the other in a second", async () => {
  await withNode([NOT_READY_NO_SCHEDULE], async (c, node) => {
    const calls: Call[] = [];
    const w: TaintWriter = { client: recording(c.client, calls), clock: c.clock };
    const want: Taint = { key: "node.kubernetes.io/not-ready", effect: "NoExecute" };
    await swapNodeControllerTaint(w, node, [want], [NOT_READY_NO_SCHEDULE]);
    const stamped = { ...want, timeAdded: new Date(c.clock.now()).toISOString().replace(/\.\d+Z$/, "Z") };
    assert.deepEqual(
      calls.map((x) => x.verb),
      ["raw GET", "PATCH strategic", "raw GET", "PATCH strategic"],
    );
    assert.deepEqual((calls[1]!.body as { spec: unknown }).spec, { taints: [NOT_READY_NO_SCHEDULE, stamped] });
    assert.deepEqual((calls[3]!.body as { spec: unknown }).spec, { taints: [stamped] });
    assert.deepEqual((await c.client.get<NodeObject>(NODES, undefined, "n1")).spec?.taints, [stamped]);
  });
});

test("a node changed between the read and the PATCH: Conflict, then after a backoff a fresh GET and a PATCH that keeps the change", async () => {
  await withNode([NOT_READY_NO_SCHEDULE], async (c, node) => {
    const calls: Call[] = [];
    const race = async (n: number) => {
      if (n > 0) return;
      const fresh = await c.client.get<NodeObject>(NODES, undefined, "n1");
      await c.client.update(NODES, undefined, { ...fresh, spec: { ...fresh.spec, taints: [...(fresh.spec?.taints ?? []), USER] } });
    };
    const w: TaintWriter = { client: recording(c.client, calls, race), clock: c.clock, random: () => 0.5 };
    const done = removeTaintOffNode(w, "n1", node, [NOT_READY_NO_SCHEDULE]);
    await (c.clock as VirtualClock).advance(149);
    assert.equal(calls.length, 2, "the retry waits out the backoff (100 ms plus jitter)");
    await (c.clock as VirtualClock).advance(1);
    await done;
    assert.deepEqual(
      calls.map((x) => `${x.verb} ${x.path}`),
      ["raw GET /api/v1/nodes/n1?resourceVersion=0", "PATCH strategic n1", "GET n1", "PATCH strategic n1"],
    );
    assert.deepEqual((await c.client.get<NodeObject>(NODES, undefined, "n1")).spec?.taints, [USER]);
  });
});
