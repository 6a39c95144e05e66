import { test } from "node:test";
import assert from "node:assert/strict";
import { endpointslices as def, formatSliceEndpoints, formatSlicePorts } from "./endpointslices.js";
import { message, testContext } from "../testing/hook-context.js";

const ctx = testContext();
const slice = (fields: Record<string, unknown>) => ({ metadata: { name: "web-abc", namespace: "default", labels: { "kubernetes.io/service-name": "web" } }, ...fields }) as never;

const invalid: { name: string; fields: Record<string, unknown>; want: string[] }[] = [
  { name: "A slice without an address type is refused.", fields: { endpoints: [] }, want: ["addressType: Required value"] },
  { name: "An unknown address type is refused.", fields: { addressType: "IPv5" }, want: ['addressType: Unsupported value: "IPv5": supported values: "FQDN", "IPv4", "IPv6"'] },
  { name: "An endpoint without addresses is refused.", fields: { addressType: "IPv4", endpoints: [{ addresses: [] }] }, want: ["endpoints[0].addresses: Required value: must contain at least 1 address"] },
  { name: "An IPv6 address in an IPv4 slice is refused.", fields: { addressType: "IPv4", endpoints: [{ addresses: ["fd00::1"] }] }, want: ['endpoints[0].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address'] },
  { name: "A valid slice passes.", fields: { addressType: "IPv4", endpoints: [{ addresses: ["10.0.0.1"] }], ports: [{ name: "http", port: 80, protocol: "TCP" }] }, want: [] },
];
for (const c of invalid) {
  test(c.name, async () => assert.deepEqual((await def.validate!(slice(c.fields), ctx)).map(message), c.want));
}

test("The address type cannot change.", async () => {
  const msgs = (await def.validateUpdate!(slice({ addressType: "IPv6" }), slice({ addressType: "IPv4" }), ctx)).map(message);
  assert.deepEqual(msgs, ['addressType: Invalid value: "IPv6": field is immutable']);
});

test("Ports default to TCP and an empty name.", () => {
  const obj = slice({ addressType: "IPv4", ports: [{ port: 80 }] });
  def.defaults!(obj);
  assert.deepEqual((obj as { ports: unknown[] }).ports, [{ port: 80, name: "", protocol: "TCP" }]);
});

const formats: { name: string; got: () => string; want: string }[] = [
  { name: "No ports print as <unset>.", got: () => formatSlicePorts([]), want: "<unset>" },
  { name: "Ports print numbers, then names, then *.", got: () => formatSlicePorts([{ port: 80 }, { name: "dns" }, {}]), want: "80,dns,*" },
  { name: "More than three ports print a count.", got: () => formatSlicePorts([{ port: 1 }, { port: 2 }, { port: 3 }, { port: 4 }, { port: 5 }]), want: "1,2,3 + 2 more..." },
  { name: "Addresses of all endpoints are listed together.", got: () => formatSliceEndpoints([{ addresses: ["10.0.0.1", "10.0.0.2"] }, { addresses: ["10.0.0.3", "10.0.0.4"] }]), want: "10.0.0.1,10.0.0.2,10.0.0.3 + 1 more..." },
];
for (const f of formats) {
  test(f.name, () => assert.equal(f.got(), f.want));
}
