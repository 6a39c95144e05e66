import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { inTreeRegistry } from "../plugins/registry.js";
import { cacheOf, makeNode, makePod, podInfo, testHandle } from "../testing/builders.js";
import { CycleState } from "./cycle-state.js";
import type { PreScorePlugin, ScorePlugin } from "./interfaces.js";
import type { Pod } from "./types.js";

const zone = "topology.kubernetes.io/zone";
const nodes = [
  makeNode("a1", { cpu: "2", memory: "4Gi", labels: { [zone]: "a", disk: "ssd" } }),
  makeNode("a2", { cpu: "8", memory: "4Gi", labels: { [zone]: "a" }, taints: [{ key: "spot", value: "yes", effect: "PreferNoSchedule" }] }),
  makeNode("b1", { cpu: "4", memory: "16Gi", labels: { [zone]: "b", disk: "ssd" }, taints: [{ key: "x", effect: "PreferNoSchedule" }, { key: "y", effect: "PreferNoSchedule" }] }),
];
const existing = [
  makePod("web-0", { labels: { app: "web" }, cpu: "1", memory: "1Gi", nodeName: "a1" }),
  makePod("web-1", { labels: { app: "web" }, cpu: "500m", nodeName: "b1" }),
  makePod("db-0", {
    labels: { app: "db" },
    nodeName: "a2",
    spec: { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { app: "web" } }, topologyKey: zone } }] } } },
  }),
];
const incoming: Pod = makePod("web-2", {
  labels: { app: "web" },
  cpu: "250m",
  memory: "512Mi",
  tolerations: [{ key: "spot", operator: "Exists", effect: "PreferNoSchedule" }],
  spec: {
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: zone, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { app: "web" } } }],
    affinity: {
      nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 7, preference: { matchExpressions: [{ key: "disk", operator: "In", values: ["ssd"] }] } }] },
      podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, podAffinityTerm: { labelSelector: { matchLabels: { app: "db" } }, topologyKey: zone } }] },
    },
  },
});

describe("in-tree score plugins", () => {
  it("give from scoreNodes what score gives node by node", () => {
    const cache = cacheOf(nodes, existing);
    const handle = testHandle(cache);
    const pod = podInfo(incoming);
    const list = cache.nodeList();
    let batched = 0;
    const registry = inTreeRegistry();
    for (const name of registry.names()) {
      const p = registry.get(name)!(undefined, handle) as Partial<PreScorePlugin & ScorePlugin>;
      if (!p.score) continue;
      const state = new CycleState();
      if (p.preScore && !p.preScore(state, pod, list).isSuccess()) assert.fail(`${name} skipped scoring`);
      const one = list.map((n) => p.score!(state, pod, n));
      assert.ok(p.scoreNodes, `${name} scores nodes in one call`);
      const all = new Float64Array(list.length);
      p.scoreNodes(state, pod, list, all);
      assert.deepEqual([...all], one, name);
      if (new Set(one).size > 1) batched++;
    }
    // The cluster tells the nodes apart for every plugin that scores.
    assert.equal(batched, 5);
  });
});
