import { test } from "node:test";
import assert from "node:assert/strict";
import { decodeKubernetesProtobuf } from "./index.js";
import { bytes, entry, envelope, msg, objectMeta, str, varint } from "./testing/proto-writer.js";

test("A resource.k8s.io/v1 ResourceClaim decodes its exact request, selector and opaque config.", () => {
  const body = envelope("resource.k8s.io/v1", "ResourceClaim",
    objectMeta(1, "gpu", "default"),
    msg(2, msg(1,
      msg(1, str(1, "gpu"), msg(2, str(1, "gpu.example.com"), msg(2, msg(1, str(1, "device.driver == 'gpu.example.com'"))), str(3, "ExactCount"), varint(4, 2))),
      msg(3, str(1, "gpu"), msg(2, msg(1, str(1, "gpu.example.com"), msg(2, bytes(1, Buffer.from('{"sharing":"time-sliced"}')))))),
    )),
    msg(3));
  assert.deepEqual(decodeKubernetesProtobuf(body).object, {
    apiVersion: "resource.k8s.io/v1",
    kind: "ResourceClaim",
    metadata: { name: "gpu", namespace: "default" },
    spec: {
      devices: {
        requests: [{ name: "gpu", exactly: { deviceClassName: "gpu.example.com", selectors: [{ cel: { expression: "device.driver == 'gpu.example.com'" } }], allocationMode: "ExactCount", count: 2 } }],
        config: [{ requests: ["gpu"], opaque: { driver: "gpu.example.com", parameters: { sharing: "time-sliced" } } }],
      },
    },
    status: {},
  });
});

test("A ResourceSlice decodes its pool, int64 counts and device attributes.", () => {
  const body = envelope("resource.k8s.io/v1", "ResourceSlice",
    objectMeta(1, "node-1-gpu"),
    msg(2, str(1, "gpu.example.com"), msg(2, str(1, "node-1"), varint(2, 3), varint(3, 1)), str(3, "node-1"),
      msg(6, str(1, "gpu-0"), entry(2, "model", msg(2, str(4, "a100"))), entry(2, "cores", msg(2, varint(2, 108))))));
  assert.deepEqual(decodeKubernetesProtobuf(body).object, {
    apiVersion: "resource.k8s.io/v1",
    kind: "ResourceSlice",
    metadata: { name: "node-1-gpu" },
    spec: { driver: "gpu.example.com", pool: { name: "node-1", generation: 3, resourceSliceCount: 1 }, nodeName: "node-1", devices: [{ name: "gpu-0", attributes: { model: { string: "a100" }, cores: { int: 108 } } }] },
  });
});
