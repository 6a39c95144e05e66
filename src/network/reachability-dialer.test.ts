import { test } from "node:test";
import assert from "node:assert/strict";
import type net from "node:net";
import type { Node } from "kubernetes-types/core/v1.js";
import { createReachabilityDialer } from "./reachability-dialer.js";
import { defaultSecurityGroup } from "./default-security-group.js";
import type { Dialer } from "./dialer.js";
import type { NetworkSnapshot } from "./model/index.js";

const node: Node = {
  metadata: { name: "node-1" },
  spec: { podCIDR: "10.244.0.0/24", podCIDRs: ["10.244.0.0/24"] },
  status: { addresses: [{ type: "InternalIP", address: "172.16.0.11" }], daemonEndpoints: { kubeletEndpoint: { Port: 10250 } } },
};

function world(removeApiServerRule: boolean, routes = true): NetworkSnapshot {
  const sg = defaultSecurityGroup({ clusterCIDR: "10.244.0.0/16", apiServerAddress: "192.168.1.10", nodePortRange: [30000, 32767] });
  if (removeApiServerRule) sg.spec.rules = sg.spec.rules!.filter((r) => r.description !== "API server to kubelets");
  return {
    nodes: [node],
    pods: [],
    routes: routes ? [{ apiVersion: "network.skiff.dev/v1", kind: "Route", metadata: { name: "r" }, spec: { destinationCIDR: "10.244.0.0/24", targetNode: "node-1" } }] : [],
    securityGroups: [sg],
    apiServer: { address: "192.168.1.10", port: 6443 },
  };
}

function recorder(): Dialer & { dialled: string[] } {
  const dialled: string[] = [];
  return { dialled, dial: async (host, port) => (dialled.push(`${host}:${port}`), {} as net.Socket) };
}

test("A kubelet the security group lets the API server reach is dialled as usual.", async () => {
  const inner = recorder();
  await createReachabilityDialer(inner, { snapshot: () => world(false) }).dial("172.16.0.11", 10250);
  assert.deepEqual(inner.dialled, ["172.16.0.11:10250"]);
});

test("Without the API server's rule a kubelet dial times out as Go words it, and nothing is dialled.", async () => {
  const inner = recorder();
  await assert.rejects(createReachabilityDialer(inner, { snapshot: () => world(true) }).dial("172.16.0.11", 10250), { message: "dial tcp 172.16.0.11:10250: i/o timeout" });
  assert.deepEqual(inner.dialled, []);
});

test("A pod address whose route is missing times out; listening is left to the real listener.", async () => {
  const inner = recorder();
  const dialer = createReachabilityDialer(inner, { snapshot: () => world(false, false) });
  await assert.rejects(dialer.dial("10.244.0.7", 443), { message: "dial tcp 10.244.0.7:443: i/o timeout" });
  await createReachabilityDialer(inner, { snapshot: () => world(false) }).dial("10.244.0.7", 443);
  assert.deepEqual(inner.dialled, ["10.244.0.7:443"], "no pod is known at that address, yet the dial goes through: the listener decides");
});

test("Addresses the network does not know, and dials before it is known, go through.", async () => {
  const inner = recorder();
  await createReachabilityDialer(inner, { snapshot: () => world(true) }).dial("127.0.0.1", 4443);
  await createReachabilityDialer(inner, { snapshot: () => undefined }).dial("172.16.0.11", 10250);
  assert.deepEqual(inner.dialled, ["127.0.0.1:4443", "172.16.0.11:10250"]);
});
