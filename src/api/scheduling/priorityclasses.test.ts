import { test } from "node:test";
import assert from "node:assert/strict";
import { globalDefaultConflict, priorityclasses as def } from "./priorityclasses.js";
import { message, testContext } from "../testing/hook-context.js";

const ctx = testContext();
const pc = (name: string, value: number, extra: Record<string, unknown> = {}) => ({ metadata: { name }, value, ...extra }) as never;

const creates: { name: string; obj: ReturnType<typeof pc>; want: string[] }[] = [
  { name: "A user class within range is valid.", obj: pc("high", 1000), want: [] },
  { name: "The built-in system-node-critical class is valid.", obj: pc("system-node-critical", 2000001000), want: [] },
  { name: "Other system- names are reserved.", obj: pc("system-mine", 10), want: ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class"] },
  { name: "A built-in name with the wrong value is refused.", obj: pc("system-cluster-critical", 5), want: ["metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000"] },
  { name: "User classes may not exceed one billion.", obj: pc("huge", 1_000_000_001), want: ["value: Forbidden: maximum allowed value of a user defined priority is 1000000000"] },
];
for (const c of creates) {
  test(c.name, async () => assert.deepEqual((await def.validate!(c.obj, ctx)).map(message), c.want));
}

test("The value of a class cannot change.", async () => {
  assert.deepEqual((await def.validateUpdate!(pc("high", 2000), pc("high", 1000), ctx)).map(message), ["Value: Forbidden: may not be changed in an update."]);
});

test("Preemption policy defaults to PreemptLowerPriority.", () => {
  const obj = pc("high", 1);
  def.defaults!(obj);
  assert.equal((obj as { preemptionPolicy: string }).preemptionPolicy, "PreemptLowerPriority");
});

test("Only one class may be the global default.", () => {
  const existing = [pc("a", 1, { globalDefault: true }), pc("b", 2)];
  assert.equal(globalDefaultConflict(pc("c", 3, { globalDefault: true }), existing), "PriorityClass a is already marked as default. Only one default can exist");
  assert.equal(globalDefaultConflict(pc("a", 1, { globalDefault: true }), existing), undefined);
  assert.equal(globalDefaultConflict(pc("c", 3), existing), undefined);
});

test("The table shows value, global default and preemption policy.", () => {
  const cells = def.columns!.map((c) => c.name === "Age" ? null : c.cell(pc("high", 1000, { preemptionPolicy: "Never" }), { now: 0 }));
  assert.deepEqual(cells, [1000, false, null, "Never"]);
});
