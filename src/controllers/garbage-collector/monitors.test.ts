import assert from "node:assert/strict";
import { it } from "node:test";
import { planMonitors } from "./monitors.js";
import type { MonitoredResource } from "./resources.js";

const res = (group: string, version: string, resource: string, kind: string): MonitoredResource => ({ gvr: { group, version, resource }, kind, namespaced: true });
const pods = res("", "v1", "pods", "Pod");
const widgetsV1 = res("example.com", "v1", "widgets", "Widget");
const gadgets = res("example.com", "v1", "gadgets", "Gadget");

it("plans new monitors for new resources, stops those gone, and leaves fixed ones alone", () => {
  const current = new Map([
    ["/pods", pods],
    ["example.com/gadgets", gadgets],
  ]);
  const plan = planMonitors(current, new Set(["/pods"]), { resources: [widgetsV1], failed: new Map() });
  assert.deepEqual(plan, { add: [widgetsV1], remove: ["example.com/gadgets"] });
});

it("keeps monitors of a group version whose discovery failed, as upstream keeps synced ones", () => {
  const current = new Map([["example.com/gadgets", gadgets]]);
  const plan = planMonitors(current, new Set(), { resources: [pods], failed: new Map([["example.com/v1", "the server is currently unable to handle the request"]]) });
  assert.deepEqual(plan, { add: [pods], remove: [] });
});

it("replaces a monitor when the preferred version changes", () => {
  const widgetsV2 = res("example.com", "v2", "widgets", "Widget");
  const plan = planMonitors(new Map([["example.com/widgets", widgetsV1]]), new Set(), { resources: [widgetsV2], failed: new Map() });
  assert.deepEqual(plan, { add: [widgetsV2], remove: ["example.com/widgets"] });
});
