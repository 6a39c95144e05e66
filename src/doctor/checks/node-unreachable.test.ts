import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject } from "../../api/types.js";
import { ENDPOINTS, NODES, PODS, ROUTES, SECURITY_GROUPS } from "../../client/resources.js";
import { defaultSecurityGroup } from "../../network/default-security-group.js";
import { fixtureView } from "../fixture-source.js";
import { node, T0 } from "../test-fixtures.js";
import { nodeUnreachable } from "./node-unreachable.js";

const API = { metadata: { name: "kubernetes", namespace: "default" }, subsets: [{ addresses: [{ ip: "172.16.0.1" }], ports: [{ name: "https", port: 6443 }] }] };
const healthz = (n: string) => `/api/v1/nodes/${n}/proxy/healthz`;
const ok = { ok: true as const, status: 200, body: "ok" };
const timeout = (ip: string) => ({ ok: false as const, status: 500, error: `Get "https://${ip}:10250/healthz": dial tcp ${ip}:10250: i/o timeout` });

function group(dropKubelet: boolean): KubeObject {
  const sg = defaultSecurityGroup({ clusterCIDR: "10.244.0.0/16", apiServerAddress: "172.16.0.1", nodePortRange: [30000, 32767] });
  if (dropKubelet) sg.spec.rules = sg.spec.rules!.filter((r) => r.description !== "API server to kubelets" && r.group === undefined);
  return sg;
}

describe("node-unreachable", () => {
  it("finds nothing when every kubelet answers", async () => {
    const view = fixtureView({ objects: [[NODES, [node("node-1"), node("node-2")]]], endpoints: { [healthz("node-1")]: ok, [healthz("node-2")]: ok } });
    assert.deepEqual(await nodeUnreachable.run({ view, now: T0 }), []);
  });

  it("names the security group that drops 10250 from the API server, once for all the nodes it cuts off (S4a)", async () => {
    const view = fixtureView({
      objects: [
        [NODES, [node("node-1"), node("node-2")]],
        [PODS, []],
        [ROUTES, []],
        [SECURITY_GROUPS, [group(true)]],
        [ENDPOINTS, [API]],
      ],
      endpoints: { [healthz("node-1")]: timeout("10.0.0.1"), [healthz("node-2")]: timeout("10.0.0.2") },
    });
    const [f, ...rest] = await nodeUnreachable.run({ view, now: T0 });
    assert.equal(rest.length, 0);
    assert.match(f.summary, /cannot reach the kubelet of 2 nodes \(node-1, node-2\): kubectl exec, logs and top fail/);
    assert.match(f.chain[0].text, /i\/o timeout/);
    assert.match(f.chain[1].text, /security groups \(default\) drop TCP 10250 from the API server: no ingress rule of default allows TCP port 10250 from 172.16.0.1/);
    assert.match(f.fix, /kubectl edit securitygroup default/);
  });

  it("without the simulated network, says the API cannot tell why", async () => {
    const view = fixtureView({ objects: [[NODES, [node("node-1")]]], endpoints: { [healthz("node-1")]: timeout("10.0.0.1") } });
    const [f] = await nodeUnreachable.run({ view, now: T0 });
    assert.equal(f.cause, "KubeletUnreachable/node-1");
    assert.match(f.chain[1].text, /nothing in the API explains it/);
  });

  it("a kubelet that answers with an error is not a network problem", async () => {
    const view = fixtureView({ objects: [[NODES, [node("node-1")]]], endpoints: { [healthz("node-1")]: { ok: false, status: 403, error: "Forbidden" } } });
    assert.deepEqual(await nodeUnreachable.run({ view, now: T0 }), []);
  });
});
