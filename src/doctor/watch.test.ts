import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject } from "../api/types.js";
import { NODES } from "../client/resources.js";
import type { Client, GVR, WatchEvent } from "../client/types.js";
import { VirtualClock } from "../util/clock.js";
import { nodeNotReady } from "./checks/node-not-ready.js";
import { fixtureView } from "./fixture-source.js";
import { node } from "./test-fixtures.js";
import type { Finding } from "./types.js";
import { watchDoctor } from "./watch.js";

/** A client that only lists (for a resourceVersion) and watches; the test pushes events. */
function fakeClient() {
  const handlers: Array<{ gvr: GVR; rv?: string; push: (ev: WatchEvent) => void }> = [];
  const client = {
    list: async () => ({ apiVersion: "v1", kind: "List", metadata: { resourceVersion: "100" }, items: [] }),
    watch: (gvr: GVR, o: { resourceVersion?: string }, onEvent: (ev: WatchEvent) => void) => {
      handlers.push({ gvr, rv: o.resourceVersion, push: onEvent });
      return { close() {} };
    },
  } as unknown as Client;
  return { client, handlers };
}

describe("doctor --watch", () => {
  it("reports everything first, then only new and resolved findings after a watched object changes", async () => {
    const clock = new VirtualClock();
    const { client, handlers } = fakeClient();
    let nodes: KubeObject[] = [node("node-1"), node("node-2", { status: "False", reason: "KubeletNotReady", message: "container runtime is down" })];
    const changes: Array<{ added: string[]; resolved: string[] }> = [];
    const names = (fs: Finding[]) => fs.map((f) => f.about.name);
    const abort = new AbortController();
    const done = watchDoctor({
      client,
      clock,
      checks: [nodeNotReady],
      makeView: () => fixtureView({ objects: [[NODES, nodes]] }),
      onChange: ({ added, resolved }) => changes.push({ added: names(added), resolved: names(resolved) }),
      signal: abort.signal,
      debounceMs: 500,
    });
    await clock.advance(1000);
    assert.deepEqual(changes, [{ added: ["node-2"], resolved: [] }]);
    assert.deepEqual(handlers.map((h) => [h.gvr.resource, h.rv]), [["nodes", "100"]], "the resource the check read is watched from a list's resourceVersion");

    nodes = [node("node-1", { status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status." }), node("node-2")];
    handlers[0].push({ type: "MODIFIED", object: { metadata: { name: "node-1", resourceVersion: "101" } } });
    handlers[0].push({ type: "MODIFIED", object: { metadata: { name: "node-2", resourceVersion: "102" } } });
    await clock.advance(1000);
    assert.deepEqual(changes.slice(1), [{ added: ["node-1"], resolved: ["node-2"] }], "two changes, one run");

    handlers[0].push({ type: "BOOKMARK", object: { metadata: { resourceVersion: "103" } } });
    await clock.advance(1000);
    assert.equal(changes.length, 2, "a bookmark changes nothing; no run without a change");
    abort.abort();
    const last = await done;
    assert.deepEqual(names(last.findings), ["node-1"]);
  });
});
