import { test } from "node:test";
import assert from "node:assert/strict";
import { leases as def } from "./leases.js";
import { message, testContext } from "../testing/hook-context.js";

const ctx = testContext();
const lease = (spec: Record<string, unknown>) => ({ metadata: { name: "node-1", namespace: "kube-node-lease" }, spec }) as never;

const cases: { name: string; spec: Record<string, unknown>; want: string[] }[] = [
  { name: "A heartbeat lease is valid.", spec: { holderIdentity: "node-1", leaseDurationSeconds: 40 }, want: [] },
  { name: "A zero lease duration is refused.", spec: { leaseDurationSeconds: 0 }, want: ["spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0"] },
  { name: "Negative transitions are refused.", spec: { leaseTransitions: -1 }, want: ["spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0"] },
];
for (const c of cases) {
  test(c.name, async () => assert.deepEqual((await def.validate!(lease(c.spec), ctx)).map(message), c.want));
}

test("The table shows the holder, empty when nobody holds the lease.", () => {
  assert.equal(def.columns![0].cell(lease({ holderIdentity: "node-1" }), { now: 0 }), "node-1");
  assert.equal(def.columns![0].cell(lease({}), { now: 0 }), "");
});
