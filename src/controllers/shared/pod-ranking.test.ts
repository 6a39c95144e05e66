import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { podsToDelete } from "./pod-ranking.js";
import type { PodObject } from "./pods.js";

const NOW = Date.UTC(2026, 0, 1, 12);
const ago = (s: number) => new Date(NOW - s * 1000).toISOString();

function pod(name: string, o: { node?: string; phase?: string; ready?: boolean; readySince?: number; restarts?: number; created?: number; cost?: number } = {}): PodObject {
  return {
    metadata: { name, uid: name, creationTimestamp: ago(o.created ?? 3600), annotations: o.cost !== undefined ? { "controller.kubernetes.io/pod-deletion-cost": String(o.cost) } : undefined },
    spec: { nodeName: o.node, containers: [] },
    status: {
      phase: o.phase ?? "Running",
      conditions: [{ type: "Ready", status: o.ready === false ? "False" : "True", lastTransitionTime: ago(o.readySince ?? 3600) }],
      containerStatuses: [{ name: "c", restartCount: o.restarts ?? 0, ready: true, image: "", imageID: "" }],
    },
  } as PodObject;
}

describe("pods to delete first", () => {
  const cases: { name: string; pods: PodObject[]; first: string }[] = [
    { name: "An unscheduled pod goes before a scheduled one.", pods: [pod("a", { node: "n1" }), pod("b")], first: "b" },
    { name: "A pending pod goes before a running one.", pods: [pod("a", { node: "n1" }), pod("b", { node: "n2", phase: "Pending" })], first: "b" },
    { name: "An unknown pod goes before a running one.", pods: [pod("a", { node: "n1" }), pod("b", { node: "n2", phase: "Unknown" })], first: "b" },
    { name: "A pod that is not ready goes before a ready one.", pods: [pod("a", { node: "n1" }), pod("b", { node: "n2", ready: false })], first: "b" },
    { name: "A lower deletion cost goes first.", pods: [pod("a", { node: "n1", cost: 5 }), pod("b", { node: "n2", cost: -1 })], first: "b" },
    { name: "A pod doubled up on a node goes before a lone one.", pods: [pod("a", { node: "n1" }), pod("b", { node: "n2" }), pod("c", { node: "n2" })], first: "b" },
    { name: "A pod ready for less time goes first.", pods: [pod("a", { node: "n1", readySince: 7200 }), pod("b", { node: "n2", readySince: 10 })], first: "b" },
    { name: "A pod with more restarts goes first.", pods: [pod("a", { node: "n1" }), pod("b", { node: "n2", restarts: 3 })], first: "b" },
    { name: "A newer pod goes first.", pods: [pod("a", { node: "n1", created: 90000 }), pod("b", { node: "n2", created: 60 })], first: "b" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      assert.equal(podsToDelete(c.pods, c.pods, 1, NOW)[0].metadata.name, c.first);
    });
  }
});
