import { test } from "node:test";
import assert from "node:assert/strict";
import { deviceclasses } from "./deviceclasses.js";
import { resourceclaims, resourceClaimState, type ResourceClaimObject } from "./resourceclaims.js";
import { resourceclaimtemplates } from "./resourceclaimtemplates.js";
import { resourceslices } from "./resourceslices.js";
import { message, testContext, TEST_NOW } from "../testing/hook-context.js";

const ctx = testContext();
const errs = async (p: Promise<unknown> | unknown) => ((await p) as Parameters<typeof message>[0][]).map(message);

const claim = (requests: unknown[], extra: Record<string, unknown> = {}): ResourceClaimObject => ({
  metadata: { name: "gpu", namespace: "default" },
  spec: { devices: { requests, ...extra } },
});

test("A request for devices defaults to exactly one, and its tolerations to Equal.", () => {
  const c = claim([{ name: "gpu", exactly: { deviceClassName: "gpu.example.com", tolerations: [{ key: "a", value: "b" }] } }, { name: "any", firstAvailable: [{ name: "big", deviceClassName: "gpu.example.com" }] }]);
  resourceclaims.defaults!(c);
  const [exact, first] = (c.spec as { devices: { requests: { exactly?: Record<string, unknown>; firstAvailable?: Record<string, unknown>[] }[] } }).devices.requests;
  assert.deepEqual(exact!.exactly, { deviceClassName: "gpu.example.com", allocationMode: "ExactCount", count: 1, tolerations: [{ key: "a", value: "b", operator: "Equal" }] });
  assert.deepEqual(first!.firstAvailable![0], { name: "big", deviceClassName: "gpu.example.com", allocationMode: "ExactCount", count: 1 });
});

test("Claim validation speaks upstream's messages.", async () => {
  const valid = claim([{ name: "gpu", exactly: { deviceClassName: "gpu.example.com", allocationMode: "ExactCount", count: 1, selectors: [{ cel: { expression: "device.driver == 'gpu.example.com'" } }] } }], {
    constraints: [{ requests: ["gpu"], matchAttribute: "gpu.example.com/numa" }],
    config: [{ requests: ["gpu"], opaque: { driver: "gpu.example.com", parameters: { sharing: "time-sliced" } } }],
  });
  assert.deepEqual(await resourceclaims.validate!(valid, ctx), []);
  const cases: [unknown[], Record<string, unknown>, string[]][] = [
    [[{ name: "gpu" }], {}, ["spec.devices.requests[0]: Required value: exactly one of `exactly` or `firstAvailable` is required"]],
    [[{ name: "gpu", exactly: { deviceClassName: "c", allocationMode: "All", count: 2 } }], {}, ["spec.devices.requests[0].exactly.count: Invalid value: 2: must not be specified when allocationMode is 'All'"]],
    [[{ name: "gpu", exactly: { deviceClassName: "c", allocationMode: "Some", count: 1 } }], {}, ['spec.devices.requests[0].exactly.allocationMode: Unsupported value: "Some": supported values: "All", "ExactCount"']],
    [[{ name: "gpu", exactly: { allocationMode: "ExactCount", count: 1, selectors: [{}] } }], {}, ["spec.devices.requests[0].exactly.deviceClassName: Required value", "spec.devices.requests[0].exactly.selectors[0].cel: Required value"]],
    [[{ name: "a", exactly: { deviceClassName: "c", allocationMode: "ExactCount", count: 1 } }, { name: "a", exactly: { deviceClassName: "c", allocationMode: "ExactCount", count: 1 } }], {}, ['spec.devices.requests[1]: Duplicate value: "a"']],
    [[{ name: "a", exactly: { deviceClassName: "c", allocationMode: "ExactCount", count: 1 } }], { constraints: [{ requests: ["b"] }] }, [
      "spec.devices.constraints[0].requests[0]: Invalid value: \"b\": must be the name of a request in the claim or the name of a request and a subrequest separated by '/'",
      "spec.devices.constraints[0].matchAttribute: Required value",
    ]],
    [[{ name: "a", exactly: { deviceClassName: "c", allocationMode: "ExactCount", count: 1 } }], { config: [{ opaque: { driver: "d.example.com", parameters: [1] } }] }, ['spec.devices.config[0].opaque.parameters: Invalid value: "<value omitted>": must be a valid JSON object']],
  ];
  for (const [requests, extra, want] of cases) assert.deepEqual(await errs(resourceclaims.validate!(claim(requests, extra), ctx)), want);
});

test("A claim's spec is immutable; its status follows upstream's allocation rules.", async () => {
  const old = claim([{ name: "gpu", exactly: { deviceClassName: "c", allocationMode: "ExactCount", count: 1 } }]);
  const changed = claim([{ name: "gpu", exactly: { deviceClassName: "d", allocationMode: "ExactCount", count: 1 } }]);
  assert.deepEqual((await errs(resourceclaims.validateUpdate!(changed, old, ctx))).map((m) => m.replace(/: Invalid value: .*: /, ": ")), ["spec: field is immutable"]);

  const reservedOnly = { ...old, status: { reservedFor: [{ resource: "pods", name: "p", uid: "u1" }] } };
  assert.deepEqual(await errs(resourceclaims.validateStatusUpdate!(reservedOnly, old, ctx)), ["status.reservedFor: Forbidden: may not be specified when `allocated` is not set"]);
  const allocation = { devices: { results: [{ request: "gpu", driver: "gpu.example.com", pool: "node-1", device: "gpu-0" }] } };
  const allocated = { ...old, status: { allocation, reservedFor: [{ resource: "pods", name: "p", uid: "u1" }], devices: [{ driver: "gpu.example.com", pool: "node-1", device: "gpu-0" }] } };
  assert.deepEqual(await resourceclaims.validateStatusUpdate!(allocated, old, ctx), []);
  const unknownDevice = { ...allocated, status: { ...allocated.status, devices: [{ driver: "gpu.example.com", pool: "node-1", device: "gpu-9" }] } };
  assert.deepEqual(await errs(resourceclaims.validateStatusUpdate!(unknownDevice, old, ctx)), ['status.devices[0]: Invalid value: "gpu.example.com/node-1/gpu-9": must be an allocated device in the claim']);
});

test("The claim table shows its state.", () => {
  const c = claim([]);
  c.metadata.creationTimestamp = "2024-05-01T11:00:00Z";
  assert.equal(resourceClaimState(c), "pending");
  c.status = { allocation: {}, reservedFor: [{ uid: "u" }] };
  assert.deepEqual(resourceclaims.columns!.map((col) => col.cell(c, { now: TEST_NOW })), ["allocated,reserved", "60m"]);
  c.metadata.deletionTimestamp = "2024-05-01T11:59:00Z";
  c.status = { allocation: {} };
  assert.equal(resourceClaimState(c), "deleted,allocated,deallocating");
});

test("A claim template validates its claim under spec.spec and its metadata labels.", async () => {
  const t = { metadata: { name: "gpu", namespace: "default" }, spec: { metadata: { labels: { "bad key!": "x" } }, spec: { devices: { requests: [{ name: "gpu" }] } } } };
  resourceclaimtemplates.defaults!(t);
  const got = await errs(resourceclaimtemplates.validate!(t, ctx));
  assert.equal(got.length, 2);
  assert.match(got[0]!, /^spec\.metadata\.labels: Invalid value: "bad key!"/);
  assert.equal(got[1], "spec.spec.devices.requests[0]: Required value: exactly one of `exactly` or `firstAvailable` is required");
});

test("A DeviceClass validates selectors, configuration and its extended resource name.", async () => {
  const dc = { metadata: { name: "gpu.example.com" }, spec: { selectors: [{ cel: { expression: "true" } }], config: [{ opaque: { driver: "gpu.example.com", parameters: {} } }], extendedResourceName: "example.com/gpu" } };
  assert.deepEqual(await deviceclasses.validate!(dc, ctx), []);
  const bad = { metadata: { name: "x" }, spec: { config: [{}], extendedResourceName: "gpu" } };
  assert.deepEqual(await errs(deviceclasses.validate!(bad, ctx)), ["spec.config[0].opaque: Required value", 'spec.extendedResourceName: Invalid value: "gpu": must be a valid extended resource name']);
});

const slice = (spec: Record<string, unknown>) => ({ metadata: { name: "node-1-gpu" }, spec: { driver: "gpu.example.com", pool: { name: "node-1", generation: 1, resourceSliceCount: 1 }, ...spec } });

test("A ResourceSlice names exactly one node selection and well-formed devices.", async () => {
  const ok = slice({ nodeName: "node-1", devices: [{ name: "gpu-0", attributes: { model: { string: "a100" }, "gpu.example.com/driverVersion": { version: "1.2.3" } }, capacity: { memory: { value: "40Gi" } } }] });
  assert.deepEqual(await resourceslices.validate!(ok, ctx), []);
  assert.deepEqual(await errs(resourceslices.validate!(slice({}), ctx)), ["spec: Required value: exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required"]);
  assert.deepEqual(await errs(resourceslices.validate!(slice({ nodeName: "n", allNodes: true }), ctx)), [
    'spec: Invalid value: "{`nodeName`, `allNodes`}": exactly one of `nodeName`, `nodeSelector`, `allNodes`, `perDeviceNodeSelection` is required, but multiple fields are set',
  ]);
  const badDevice = slice({ allNodes: true, devices: [{ name: "gpu-0", attributes: { model: {}, v: { version: "1.2" } } }, { name: "gpu-0" }] });
  assert.deepEqual(await errs(resourceslices.validate!(badDevice, ctx)), [
    'spec.devices[0].attributes[model]: Invalid value: "": exactly one value must be specified',
    'spec.devices[0].attributes[v].version: Invalid value: "1.2": must be a string compatible with semver.org spec 2.0.0',
    'spec.devices[1]: Duplicate value: "gpu-0"',
  ]);
});

test("A ResourceSlice keeps its driver, pool and node; its table and field selectors show them.", async () => {
  const old = slice({ nodeName: "node-1" });
  const moved = slice({ nodeName: "node-2" });
  assert.deepEqual((await errs(resourceslices.validateUpdate!(moved, old, ctx))), ['spec.nodeName: Invalid value: "node-2": field is immutable']);
  const obj = { ...old, metadata: { name: "node-1-gpu", creationTimestamp: "2024-05-01T11:00:00Z" } };
  assert.deepEqual(resourceslices.columns!.map((c) => c.cell(obj, { now: TEST_NOW })), ["node-1", "gpu.example.com", "node-1", "60m"]);
  assert.deepEqual(resourceslices.selectableFields!(obj), { "spec.nodeName": "node-1", "spec.driver": "gpu.example.com" });
});

test("Admin access to devices needs the admin-access label on the claim's namespace.", async () => {
  const admin = () => claim([{ name: "gpu", exactly: { deviceClassName: "c", allocationMode: "ExactCount", count: 1, adminAccess: true } }]);
  const withLabels = (labels: Record<string, string>) =>
    testContext({ services: { getObject: async (_g, resource, _ns, name) => (resource === "namespaces" && name === "default" ? { metadata: { name, labels } } : undefined) } });
  assert.deepEqual(await errs(resourceclaims.validate!(admin(), withLabels({}))), [
    "spec.devices.requests[0].exactly.adminAccess: Forbidden: admin access to devices requires the `resource.kubernetes.io/admin-access: true` label on the containing namespace",
  ]);
  assert.deepEqual(await resourceclaims.validate!(admin(), withLabels({ "resource.kubernetes.io/admin-access": "true" })), []);
  const t = { metadata: { name: "t", namespace: "default" }, spec: { spec: admin().spec } };
  assert.equal((await errs(resourceclaimtemplates.validate!(t, withLabels({}))))[0]?.split(":")[0], "spec.spec.devices.requests[0].exactly.adminAccess");
});
