import { test } from "node:test";
import assert from "node:assert/strict";
import { startTestCluster } from "../client/test-fixtures.js";

test("The API server publishes itself in the kubernetes Endpoints and in an EndpointSlice of the same name, as upstream's endpoints adapter", async () => {
  const cluster = await startTestCluster();
  try {
    const ep = await cluster.server.core.registry("", "v1", "endpoints")!.get("default", "kubernetes");
    const slice = await cluster.server.core.registry("discovery.k8s.io", "v1", "endpointslices")!.get("default", "kubernetes");
    const subset = (ep as unknown as { subsets: { addresses: { ip: string }[]; ports: { port: number }[] }[] }).subsets[0];
    assert.deepEqual(slice.metadata.labels, { "kubernetes.io/service-name": "kubernetes" });
    const s = slice as unknown as { addressType: string; endpoints: unknown[]; ports: unknown[] };
    assert.equal(s.addressType, "IPv4");
    assert.deepEqual(s.endpoints, [{ addresses: [subset.addresses[0].ip], conditions: { ready: true } }]);
    assert.deepEqual(s.ports, [{ name: "https", port: subset.ports[0].port, protocol: "TCP" }]);
  } finally {
    await cluster.close();
  }
});
