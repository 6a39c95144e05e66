import { test } from "node:test";
import assert from "node:assert/strict";
import type { Node } from "kubernetes-types/core/v1.js";
import { VirtualClock } from "../util/clock.js";
import { progressLine, reportStartupProgress } from "./startup-progress.js";

const node = (ready: boolean): Node => ({ status: { conditions: [{ type: "Ready", status: ready ? "True" : "False" }] } });

test("progress lines count registered and Ready nodes every interval until stopped", async () => {
  const clock = new VirtualClock(0);
  let nodes: Node[] = [];
  const lines: string[] = [];
  const p = reportStartupProgress({ clock, expected: 1000, listNodes: async () => nodes, write: (l) => lines.push(l), intervalMs: 5000 });
  await clock.advance(4000);
  assert.deepEqual(lines, [], "nothing before the first interval");
  nodes = [node(true), node(false), node(false)];
  await clock.advance(1000);
  assert.deepEqual(lines, ["skiff: 3/1000 nodes registered, 1 Ready (5s)\n"]);
  nodes = [...nodes, node(true)];
  await clock.advance(5000);
  assert.equal(lines[1], "skiff: 4/1000 nodes registered, 2 Ready (10s)\n");
  p.stop();
  await clock.advance(20_000);
  assert.equal(lines.length, 2);
  assert.equal(progressLine([], 5, 0), "skiff: 0/5 nodes registered, 0 Ready (0s)\n");
});
