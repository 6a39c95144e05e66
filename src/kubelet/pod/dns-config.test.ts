import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Pod } from "../../api/core/pod-types.js";
import { MAX_DNS_SEARCH_PATHS, podDNSConfig, type DnsSettings } from "./dns-config.js";

const pod = (spec: Record<string, unknown> = {}): Pod => ({ metadata: { name: "web", namespace: "shop", uid: "u1" }, spec: { containers: [{ name: "c", image: "nginx" }], ...spec } }) as Pod;

function settings(over: Partial<DnsSettings> = {}): { s: DnsSettings; warnings: string[] } {
  const warnings: string[] = [];
  const s: DnsSettings = { clusterDNS: ["10.96.0.10"], hostDNS: { servers: ["192.168.1.1"], searches: ["corp.example"], options: ["timeout:2"] }, warn: (_p, reason, message) => warnings.push(`${reason}: ${message}`), ...over };
  return { s, warnings };
}

describe("pod DNS config limits and fallbacks", () => {
  it("more than 3 nameservers: the first 3 are kept and DNSConfigForming says which", () => {
    const { s, warnings } = settings();
    const cfg = podDNSConfig(pod({ dnsConfig: { nameservers: ["1.1.1.1", "8.8.8.8", "9.9.9.9"] } }), s);
    assert.deepEqual(cfg.servers, ["10.96.0.10", "1.1.1.1", "8.8.8.8"]);
    assert.deepEqual(warnings, ["DNSConfigForming: Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: 10.96.0.10 1.1.1.1 8.8.8.8"]);
  });

  it("more than 32 search domains: the first 32 are kept", () => {
    const { s, warnings } = settings();
    const many = Array.from({ length: 40 }, (_, i) => `d${i}.example`);
    const cfg = podDNSConfig(pod({ dnsPolicy: "None", dnsConfig: { nameservers: ["1.1.1.1"], searches: many } }), s);
    assert.equal(cfg.searches.length, MAX_DNS_SEARCH_PATHS);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^DNSConfigForming: Search Line limits were exceeded, some search paths have been omitted, the applied search line is: d0\.example d1\.example /);
  });

  it("a search line over 2048 characters loses domains from its end; over-long domains are dropped", () => {
    const { s, warnings } = settings();
    const long = Array.from({ length: 10 }, (_, i) => `${String(i).repeat(1)}${"a".repeat(240)}.example`);
    const cfg = podDNSConfig(pod({ dnsPolicy: "None", dnsConfig: { searches: [...long, `${"b".repeat(300)}.example`] } }), s);
    assert.ok(cfg.searches.join(" ").length <= 2048);
    assert.deepEqual(cfg.searches, long.slice(0, 8));
    assert.equal(warnings.length, 1);
  });

  it("within the limits there is no warning", () => {
    const { s, warnings } = settings();
    podDNSConfig(pod(), s);
    assert.deepEqual(warnings, []);
  });

  it("ClusterFirst without --cluster-dns falls back to Default and warns MissingClusterDNS", () => {
    const { s, warnings } = settings({ clusterDNS: [] });
    assert.deepEqual(podDNSConfig(pod(), s), { servers: ["192.168.1.1"], searches: ["corp.example"], options: ["timeout:2"] });
    assert.deepEqual(warnings, ['MissingClusterDNS: pod: "web_shop(u1)". kubelet does not have ClusterDNS IP configured and cannot create Pod using "ClusterFirst" policy. Falling back to "Default" policy.']);
  });

  it("an empty --cluster-domain leaves only the node's search domains", () => {
    const { s } = settings({ clusterDomain: "" });
    assert.deepEqual(podDNSConfig(pod(), s).searches, ["corp.example"]);
  });
});
