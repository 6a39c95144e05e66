import { test } from "node:test";
import assert from "node:assert/strict";
import { storageclasses as def, storageClassDisplayName } from "./storageclasses.js";
import { message, testContext } from "../testing/hook-context.js";

const ctx = testContext();
const sc = (fields: Record<string, unknown>, annotations?: Record<string, string>) => ({ metadata: { name: "standard", annotations }, ...fields }) as never;

test("A storage class defaults to Delete and Immediate.", () => {
  const obj = sc({ provisioner: "rancher.io/local-path" });
  def.defaults!(obj);
  assert.deepEqual([(obj as { reclaimPolicy: string }).reclaimPolicy, (obj as { volumeBindingMode: string }).volumeBindingMode], ["Delete", "Immediate"]);
});

const updates: { name: string; change: Record<string, unknown>; want: string[] }[] = [
  { name: "Changing the provisioner is forbidden.", change: { provisioner: "other.io/x" }, want: ["provisioner: Forbidden: updates to provisioner are forbidden."] },
  { name: "Changing parameters is forbidden.", change: { parameters: { type: "ssd" } }, want: ["parameters: Forbidden: updates to parameters are forbidden."] },
  { name: "Changing the binding mode is refused as immutable.", change: { volumeBindingMode: "WaitForFirstConsumer" }, want: ['volumeBindingMode: Invalid value: "WaitForFirstConsumer": field is immutable'] },
  { name: "Allowing expansion later is fine.", change: { allowVolumeExpansion: true }, want: [] },
];
for (const c of updates) {
  test(c.name, async () => {
    const old = sc({ provisioner: "rancher.io/local-path", reclaimPolicy: "Delete", volumeBindingMode: "Immediate" });
    const next = sc({ provisioner: "rancher.io/local-path", reclaimPolicy: "Delete", volumeBindingMode: "Immediate", ...c.change });
    assert.deepEqual((await def.validateUpdate!(next, old, ctx)).map(message), c.want);
  });
}

test("A storage class needs a provisioner.", async () => {
  assert.deepEqual((await def.validate!(sc({ volumeBindingMode: "Immediate" }), ctx)).map(message), ["provisioner: Required value"]);
});

test("The default class is marked in its display name, by either annotation.", () => {
  assert.equal(storageClassDisplayName(sc({}, { "storageclass.kubernetes.io/is-default-class": "true" })), "standard (default)");
  assert.equal(storageClassDisplayName(sc({}, { "storageclass.beta.kubernetes.io/is-default-class": "true" })), "standard (default)");
  assert.equal(storageClassDisplayName(sc({}, { "storageclass.kubernetes.io/is-default-class": "false" })), "standard");
});

test("The table shows provisioner, policies and expansion.", () => {
  const cells = def.columns!.slice(0, 4).map((c) => c.cell(sc({ provisioner: "rancher.io/local-path", volumeBindingMode: "WaitForFirstConsumer" }), { now: 0 }));
  assert.deepEqual(cells, ["rancher.io/local-path", "Delete", "WaitForFirstConsumer", false]);
});
