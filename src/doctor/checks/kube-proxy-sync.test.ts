import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { NODES } from "../../client/resources.js";
import { fixtureView } from "../fixture-source.js";
import { node, T0 } from "../test-fixtures.js";
import { kubeProxySync } from "./kube-proxy-sync.js";

function histogram(name: string, count: number, sum: number, le: Record<string, number>): string[] {
  return [...Object.entries(le).map(([b, n]) => `${name}_bucket{le="${b}"} ${n}`), `${name}_bucket{le="+Inf"} ${count}`, `${name}_sum ${sum}`, `${name}_count ${count}`];
}
const metrics = (mean: number, partialMean: number) =>
  [
    ...histogram("kubeproxy_sync_proxy_rules_duration_seconds", 100, 100 * mean, { "0.512": mean < 0.5 ? 100 : 0, "4.096": 100 }),
    ...histogram("kubeproxy_sync_full_proxy_rules_duration_seconds", 10, 10 * mean, {}),
    ...histogram("kubeproxy_sync_partial_proxy_rules_duration_seconds", 90, 90 * partialMean, {}),
    `kubeproxy_sync_proxy_rules_last_timestamp_seconds ${T0 / 1000 - 5}`,
    `kubeproxy_sync_proxy_rules_last_queued_timestamp_seconds ${T0 / 1000 - 6}`,
  ].join("\n");

describe("kube-proxy-sync", () => {
  it("flags slow syncs whose partial runs cost as much as full ones (S10), from the local kube-proxy", async () => {
    const view = fixtureView({ objects: [[NODES, [node("node-1")]]], local: { "kube-proxy /metrics": { ok: true, status: 200, body: metrics(2.5, 2.4) } } });
    const [f] = await kubeProxySync.run({ view, now: T0 });
    assert.equal(f.summary, "kube-proxy's rule syncs are slow");
    assert.match(f.chain[0].text, /100 syncs, mean 2.5s, 90% under 4.1s/);
    assert.match(f.chain[2].text, /partial sync costs about as much as a full one/);
  });

  it("is quiet about fast syncs, and asks the nodes' kube-proxy through the node proxy elsewhere", async () => {
    const view = fixtureView({ objects: [[NODES, [node("node-1")]]], endpoints: { "/api/v1/nodes/http:node-1:10249/proxy/metrics": { ok: true, status: 200, body: metrics(0.02, 0.01) } } });
    assert.deepEqual(await kubeProxySync.run({ view, now: T0 }), []);
    const slow = fixtureView({ objects: [[NODES, [node("node-1")]]], endpoints: { "/api/v1/nodes/http:node-1:10249/proxy/metrics": { ok: true, status: 200, body: metrics(3, 0.1) } } });
    const [f] = await kubeProxySync.run({ view: slow, now: T0 });
    assert.equal(f.about.name, "kube-proxy on node-1");
  });
});
