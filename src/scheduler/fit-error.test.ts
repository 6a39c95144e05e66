import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fitErrorMessage } from "./fit-error.js";
import { unresolvable, unschedulable, type Status } from "./framework/status.js";

const statuses = (...s: Status[]) => new Map(s.map((x, i) => [`node-${i}`, x]));

describe("fitErrorMessage", () => {
  const cases: { name: string; input: Parameters<typeof fitErrorMessage>[0]; want: string }[] = [
    {
      name: "counts each reason per node and appends the preemption message",
      input: { numAllNodes: 3, statuses: statuses(unschedulable("Insufficient cpu"), unschedulable("Insufficient cpu"), unschedulable("Insufficient cpu")), postFilterMsg: "preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod." },
      want: "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.",
    },
    {
      name: "sorts the count-prefixed reasons as strings, as Go's sort.Strings",
      input: {
        numAllNodes: 5,
        statuses: statuses(unschedulable("Insufficient memory"), unschedulable("Insufficient memory"), unschedulable("Insufficient memory"), unresolvable("node(s) had untolerated taint {dedicated: gpu}"), unresolvable("node(s) were unschedulable")),
      },
      want: "0/5 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) were unschedulable, 3 Insufficient memory.",
    },
    {
      name: "counts every reason of a node that failed for several",
      input: { numAllNodes: 2, statuses: statuses(unschedulable("Insufficient cpu", "Insufficient memory"), unschedulable("Insufficient memory")) },
      want: "0/2 nodes are available: 1 Insufficient cpu, 2 Insufficient memory.",
    },
    {
      name: "uses the PreFilter message instead of the per-node histogram",
      input: { numAllNodes: 3, statuses: statuses(unresolvable("x"), unresolvable("x"), unresolvable("x")), preFilterMsg: "pod has unbound immediate PersistentVolumeClaims", postFilterMsg: "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling." },
      want: "0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.",
    },
  ];
  for (const c of cases) it(c.name, () => assert.equal(fitErrorMessage(c.input), c.want));
});
