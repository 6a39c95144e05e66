import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Service } from "kubernetes-types/core/v1.js";
import type { EndpointSlice } from "kubernetes-types/discovery/v1.js";
import { IptablesProxier } from "./iptables-proxier.js";
import type { IptablesExec } from "./iptables/restore.js";
import { ProxyRules } from "./proxy-rules.js";

const svc = (name: string, labels: Record<string, string> = {}): Service => ({ metadata: { namespace: "default", name, labels }, spec: { clusterIP: `10.96.0.${name.length + 10}`, ports: [{ name: "http", port: 80, protocol: "TCP" }] } });
const slice = (name: string, ips: string[]): EndpointSlice => ({
  metadata: { namespace: "default", name: `${name}-x`, labels: { "kubernetes.io/service-name": name } },
  addressType: "IPv4",
  endpoints: ips.map((ip) => ({ addresses: [ip], conditions: { ready: true } })),
  ports: [{ name: "http", port: 8080, protocol: "TCP" }],
});

class RecordingIptables implements IptablesExec {
  inputs: string[] = [];
  async restore(input: string) {
    this.inputs.push(input);
  }
  async save() {
    return "";
  }
}

describe("change trackers", () => {
  it("name only the Services whose ports or endpoints changed", () => {
    const rules = new ProxyRules();
    rules.services.update(undefined, svc("a"));
    rules.services.update(undefined, svc("bb"));
    rules.endpoints.update(slice("a", ["10.0.0.1"]), false);
    assert.deepEqual([...rules.checkout().changed].sort(), ["default/a", "default/bb"]);
    // A label change is nothing kube-proxy reads; the same slice again changes no endpoint.
    assert.equal(rules.services.update(svc("a"), svc("a", { tier: "web" })), false);
    rules.endpoints.update(slice("a", ["10.0.0.1"]), false);
    assert.deepEqual([...rules.checkout().changed], []);
    rules.endpoints.update(slice("bb", ["10.0.0.2"]), false);
    assert.deepEqual([...rules.checkout().changed], ["default/bb"]);
    rules.services.update(svc("a"), undefined);
    assert.deepEqual([...rules.checkout().changed], ["default/a"]);
    assert.deepEqual(rules.serviceKeys(), ["default/bb"]);
  });
});

describe("IptablesProxier", () => {
  it("rewrites only the changed Service's chains in a partial sync and deletes its stale endpoint chain", async () => {
    const rules = new ProxyRules({ clusterCIDR: "10.0.0.0/8" });
    const ipt = new RecordingIptables();
    const proxier = new IptablesProxier(rules, { nodeName: "n1" }, ipt);
    rules.services.update(undefined, svc("a"));
    rules.services.update(undefined, svc("bb"));
    rules.endpoints.update(slice("a", ["10.0.0.1"]), false);
    rules.endpoints.update(slice("bb", ["10.0.0.2"]), false);
    const first = await proxier.sync(rules.checkout());
    assert.equal(first.full, true);
    assert.match(ipt.inputs[0], /-I PREROUTING 1 -m comment --comment "kubernetes service portals" -j KUBE-SERVICES/);
    const firstChains = ipt.inputs[0].split("\n").filter((l) => /^:KUBE-(SVC|SEP)-/.test(l));
    assert.equal(firstChains.length, 4);

    rules.endpoints.update(slice("bb", ["10.0.0.3"]), false);
    const second = await proxier.sync(rules.checkout());
    assert.equal(second.full, false);
    const text = ipt.inputs[1];
    const declared = text.split("\n").filter((l) => /^:KUBE-(SVC|SEP)-/.test(l));
    // bb's SVC chain and new SEP chain, plus its old SEP chain to flush and delete; nothing of a.
    assert.equal(declared.length, 3);
    assert.ok(!text.includes("10.0.0.1:8080"), "a's endpoint chain is not rewritten");
    assert.ok(text.includes('-A KUBE-SERVICES -m comment --comment "default/a:http cluster IP"'), "KUBE-SERVICES is written whole");
    assert.equal(second.payload.deletedChains, 1);
    assert.match(text, /^-X KUBE-SEP-[A-Z2-7]{16}$/m);
    assert.ok(!text.includes("-I PREROUTING"), "jumps are ensured on full syncs only");
    assert.equal(second.natRulesTotal, first.natRulesTotal);
  });

  it("makes the next sync full after a failed restore", async () => {
    const rules = new ProxyRules();
    let fail = true;
    const proxier = new IptablesProxier(rules, { nodeName: "n1" }, {
      restore: async () => {
        if (fail) throw new Error("iptables-restore: line 3 failed");
      },
      save: async () => "",
    });
    rules.services.update(undefined, svc("a"));
    await assert.rejects(proxier.sync(rules.checkout()));
    fail = false;
    rules.endpoints.update(slice("a", ["10.0.0.1"]), false);
    assert.equal((await proxier.sync(rules.checkout())).full, true);
    rules.endpoints.update(slice("a", ["10.0.0.2"]), false);
    assert.equal((await proxier.sync(rules.checkout())).full, false);
  });
});
