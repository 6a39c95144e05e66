import { test } from "node:test";
import assert from "node:assert/strict";
import { builtDefinitions } from "../testing/fixtures.js";

const defs = builtDefinitions().definitions;

test("Types newer than kubernetes-types come from openapi-declarations with their group-version-kind.", () => {
  const cases: [string, string, string][] = [
    ["io.k8s.api.resource.v1.DeviceClass", "resource.k8s.io", "DeviceClass"],
    ["io.k8s.api.resource.v1.ResourceClaim", "resource.k8s.io", "ResourceClaim"],
    ["io.k8s.api.resource.v1.ResourceClaimTemplate", "resource.k8s.io", "ResourceClaimTemplate"],
    ["io.k8s.api.resource.v1.ResourceSlice", "resource.k8s.io", "ResourceSlice"],
    ["io.k8s.api.storage.v1.VolumeAttributesClass", "storage.k8s.io", "VolumeAttributesClass"],
    ["io.k8s.api.networking.v1.IPAddress", "networking.k8s.io", "IPAddress"],
    ["io.k8s.api.networking.v1.ServiceCIDR", "networking.k8s.io", "ServiceCIDR"],
  ];
  for (const [name, group, kind] of cases) assert.deepEqual(defs[name]?.["x-kubernetes-group-version-kind"], [{ group, kind, version: "v1" }], name);
  // The networking additions sit beside the package's own networking/v1 types.
  assert.ok(defs["io.k8s.api.networking.v1.Ingress"]);
});

test("The declarations carry upstream's required fields, list types, formats and embedded structs.", () => {
  assert.deepEqual(defs["io.k8s.api.resource.v1.DeviceClass"]?.required, ["spec"]);
  assert.deepEqual(defs["io.k8s.api.resource.v1.ResourcePool"]?.properties?.generation, {
    type: "integer",
    format: "int64",
    description: defs["io.k8s.api.resource.v1.ResourcePool"]!.properties!.generation!.description,
  });
  const reservedFor = defs["io.k8s.api.resource.v1.ResourceClaimStatus"]!.properties!.reservedFor!;
  assert.equal(reservedFor["x-kubernetes-list-type"], "map");
  assert.deepEqual(reservedFor["x-kubernetes-list-map-keys"], ["uid"]);
  assert.equal(reservedFor["x-kubernetes-patch-strategy"], "merge");
  // DeviceConfiguration is inlined into the claim's config entries, as Go's json does.
  assert.ok(defs["io.k8s.api.resource.v1.DeviceClaimConfiguration"]!.properties!.opaque);
  assert.equal(defs["io.k8s.api.resource.v1.DeviceToleration"]!.properties!.operator!.default, "Equal");
  assert.equal(defs["io.k8s.api.networking.v1.ServiceCIDRSpec"]!.properties!.cidrs!["x-kubernetes-list-type"], "atomic");
});
