import { test } from "node:test";
import assert from "node:assert/strict";
import { SKIFF_GIT_VERSION } from "../../apiserver/version.js";
import { nodeObject, staticNodeStatus } from "./node-object.js";

const id = (nodeName: string, capacity: Record<string, string> = { cpu: "4", memory: "16Gi", pods: "110" }) => ({ nodeName, nodeIP: "172.16.0.9", capacity });

test("capacity and allocatable carry ephemeral-storage and zero hugepages, as a kubelet on x86 reports them", () => {
  const s = staticNodeStatus(id("node-1"), "0c6a1d9e-6f49-4e8a-9d50-8a4a2b1f3c77");
  for (const list of [s.capacity!, s.allocatable!]) {
    assert.equal(list["hugepages-1Gi"], "0");
    assert.equal(list["hugepages-2Mi"], "0");
    assert.ok(list["ephemeral-storage"], "ephemeral-storage present");
    assert.equal(list.cpu, "4");
    assert.equal(list.memory, "16Gi");
    assert.equal(list.pods, "110");
  }
  // What the user gave wins over the defaults.
  const given = staticNodeStatus(id("node-1", { cpu: "2", "ephemeral-storage": "20Gi", "hugepages-2Mi": "1Gi" }), "b");
  assert.equal(given.capacity!["ephemeral-storage"], "20Gi");
  assert.equal(given.capacity!["hugepages-2Mi"], "1Gi");
});

test("nodeInfo: machineID is 32 lower-case hex and systemUUID a UUID, both stable per node name; bootID is the boot's", () => {
  const a1 = nodeObject(id("node-1"), "11111111-1111-4111-8111-111111111111").status!.nodeInfo!;
  const a2 = nodeObject(id("node-1"), "22222222-2222-4222-8222-222222222222").status!.nodeInfo!;
  const b = nodeObject(id("node-2"), "11111111-1111-4111-8111-111111111111").status!.nodeInfo!;
  assert.match(a1.machineID, /^[0-9a-f]{32}$/);
  assert.match(a1.systemUUID, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  assert.equal(a1.machineID, a2.machineID, "a restart keeps the machine id");
  assert.equal(a1.systemUUID, a2.systemUUID);
  assert.notEqual(a1.machineID, b.machineID);
  assert.notEqual(a1.systemUUID, b.systemUUID);
  assert.notEqual(a1.machineID, a1.systemUUID.replaceAll("-", ""), "machine id and system UUID are distinct facts");
  assert.equal(a1.bootID, "11111111-1111-4111-8111-111111111111");
  assert.notEqual(a1.bootID, a2.bootID);
});

test("nodeInfo: kubeletVersion is the server's gitVersion; kubeProxyVersion is empty (deprecated, unset since 1.33)", () => {
  const info = nodeObject(id("node-1"), "x").status!.nodeInfo!;
  assert.equal(info.kubeletVersion, SKIFF_GIT_VERSION);
  assert.equal(info.kubeletVersion, "v1.35.0+skiff");
  assert.equal(info.kubeProxyVersion, "");
});
