import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { Pod } from "../../api/core/pod-types.js";
import { defaultClusterDNS, podDNSConfig, type DnsSettings } from "./dns-config.js";
import { managedHostsFile, podHostnameAndDomain, sandboxHostname } from "./hosts-file.js";

const pod = (spec: Partial<NonNullable<Pod["spec"]>> = {}, name = "web-0"): Pod => ({ metadata: { name, namespace: "shop", uid: "u" }, spec: { containers: [], ...spec } });
const settings: DnsSettings = { clusterDNS: ["10.96.0.10"], hostDNS: { servers: ["192.168.1.1"], searches: ["corp.example"], options: ["timeout:2"] } };

describe("managed /etc/hosts", () => {
  it("has upstream's header and localhost lines, the pod's IP with its FQDN, and host aliases", () => {
    const hosts = managedHostsFile(pod({ subdomain: "nginx", hostAliases: [{ ip: "127.0.0.1", hostnames: ["foo.local", "bar.local"] }] }), ["10.244.1.5"]);
    assert.equal(
      hosts,
      [
        "# Kubernetes-managed hosts file.",
        "127.0.0.1\tlocalhost",
        "::1\tlocalhost ip6-localhost ip6-loopback",
        "fe00::0\tip6-localnet",
        "fe00::0\tip6-mcastprefix",
        "fe00::1\tip6-allnodes",
        "fe00::2\tip6-allrouters",
        "10.244.1.5\tweb-0.nginx.shop.svc.cluster.local\tweb-0",
        "",
        "# Entries added by HostAliases.",
        "127.0.0.1\tfoo.local\tbar.local",
        "",
      ].join("\n"),
    );
  });

  it("lists a pod without subdomain by hostname only", () => {
    assert.match(managedHostsFile(pod({ hostname: "db" }), ["10.244.1.6"]), /\n10\.244\.1\.6\tdb\n$/);
  });

  it("cuts a long pod name to 63 characters without a trailing dash", () => {
    const name = `${"a".repeat(62)}-tail`;
    assert.equal(podHostnameAndDomain(pod({}, name)).hostname, "a".repeat(62));
  });

  it("uses the FQDN as hostname when setHostnameAsFQDN is set", () => {
    assert.equal(sandboxHostname(pod({ subdomain: "nginx", setHostnameAsFQDN: true })), "web-0.nginx.shop.svc.cluster.local");
  });
});

describe("pod DNS config", () => {
  it("ClusterFirst: the cluster DNS, the namespace's search path, ndots:5", () => {
    assert.deepEqual(podDNSConfig(pod(), settings), { servers: ["10.96.0.10"], searches: ["shop.svc.cluster.local", "svc.cluster.local", "cluster.local", "corp.example"], options: ["ndots:5"] });
  });

  it("ClusterFirst on the host network falls back to the node's resolv.conf; ClusterFirstWithHostNet does not", () => {
    assert.deepEqual(podDNSConfig(pod({ hostNetwork: true }), settings), settings.hostDNS);
    assert.deepEqual(podDNSConfig(pod({ hostNetwork: true, dnsPolicy: "ClusterFirstWithHostNet" }), settings).servers, ["10.96.0.10"]);
  });

  it("Default: the node's resolv.conf", () => {
    assert.deepEqual(podDNSConfig(pod({ dnsPolicy: "Default" }), settings), settings.hostDNS);
  });

  it("None: only the pod's dnsConfig; options merge by name", () => {
    assert.deepEqual(podDNSConfig(pod({ dnsPolicy: "None", dnsConfig: { nameservers: ["1.1.1.1"], searches: ["a.example"], options: [{ name: "ndots", value: "2" }, { name: "edns0" }] } }), settings), {
      servers: ["1.1.1.1"],
      searches: ["a.example"],
      options: ["ndots:2", "edns0"],
    });
    assert.deepEqual(podDNSConfig(pod({ dnsConfig: { options: [{ name: "ndots", value: "1" }] } }), settings).options, ["ndots:1"]);
  });

  it("derives the cluster DNS address as kubeadm does", () => {
    assert.equal(defaultClusterDNS(), "10.96.0.10");
    assert.equal(defaultClusterDNS("10.100.0.0/16"), "10.100.0.10");
  });
});
