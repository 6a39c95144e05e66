import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Service } from "kubernetes-types/core/v1.js";
import { bootstrapObjects } from "../api/bootstrap-objects.js";
import { bootstrapApiServer, createInProcessApiServer, type InProcessApiServer } from "../apiserver/index.js";
import { createClient, createLoopbackTransport, ENDPOINTSLICES, SERVICES, type KubeObject } from "../client/index.js";
import { createMemoryStore } from "../storage/index.js";
import { realClock } from "../util/clock.js";
import { defaultClusterDNS } from "../kubelet/pod/dns-config.js";
import { dnsAddonObjects } from "./addon.js";
import { COREDNS_USER, startClusterDnsServer, type RunningClusterDns } from "./run.js";

const ADMIN = { username: "admin", groups: ["system:masters", "system:authenticated"] };

async function until<T>(what: string, fn: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 500; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

describe("the cluster DNS as a component of a cluster", () => {
  let server: InProcessApiServer;
  let dns: RunningClusterDns;
  const abort = new AbortController();
  before(async () => {
    const opts = { store: createMemoryStore(), clock: realClock, serviceCIDR: "10.96.0.0/12", nodePortRange: [30000, 32767] as [number, number], advertiseAddress: "127.0.0.1", port: 6443, compactionIntervalMs: 0 };
    server = await createInProcessApiServer(opts);
    await bootstrapApiServer(server, { ...opts, bootstrapObjects: [...bootstrapObjects(), ...dnsAddonObjects({ clusterDomain: "cluster.local", dnsIP: defaultClusterDNS("10.96.0.0/12"), replicas: 2 })] });
    // As the coredns ServiceAccount: kubeadm's system:coredns binding must be enough.
    const client = createClient({ transport: createLoopbackTransport(server, COREDNS_USER), identity: "coredns" });
    dns = startClusterDnsServer({ client, clock: realClock, signal: abort.signal, upstreams: [] });
    assert.equal(await dns.synced, true);
  });
  after(async () => {
    abort.abort();
    await dns.close();
    await server.close?.();
  });

  it("kube-dns is at 10.96.0.10 and answers for itself and for kubernetes.default", async () => {
    const svc = await createClient({ transport: createLoopbackTransport(server, ADMIN), identity: "t" }).get<Service & KubeObject>(SERVICES, "kube-system", "kube-dns");
    assert.equal(svc.spec?.clusterIP, "10.96.0.10");
    assert.deepEqual(svc.spec?.ports?.map((p) => `${p.name} ${p.port}/${p.protocol}`), ["dns 53/UDP", "dns-tcp 53/TCP", "metrics 9153/TCP"]);
    const a = await dns.dns.lookup({ type: "A", name: "kube-dns.kube-system.svc.cluster.local" });
    assert.deepEqual(a.answers.map((r) => "data" in r && r.data), ["10.96.0.10"]);
    const k = await dns.dns.lookup({ type: "A", name: "kubernetes.default.svc.cluster.local" });
    assert.deepEqual(k.answers.map((r) => "data" in r && r.data), ["10.96.0.1"]);
  });

  it("follows Services and EndpointSlices as they are created", async () => {
    const admin = createClient({ transport: createLoopbackTransport(server, ADMIN), identity: "t" });
    await admin.create(SERVICES, "default", { apiVersion: "v1", kind: "Service", metadata: { name: "db" }, spec: { clusterIP: "None", ports: [{ name: "pg", port: 5432 }] } } as KubeObject);
    await admin.create(ENDPOINTSLICES, "default", {
      apiVersion: "discovery.k8s.io/v1",
      kind: "EndpointSlice",
      metadata: { name: "db-x", labels: { "kubernetes.io/service-name": "db" } },
      addressType: "IPv4",
      endpoints: [{ addresses: ["10.244.1.7"], hostname: "db-0", conditions: { ready: true } }],
      ports: [{ name: "pg", port: 5432, protocol: "TCP" }],
    } as unknown as KubeObject);
    const r = await until("the headless Service's record", async () => {
      const res = await dns.dns.lookup({ type: "SRV", name: "_pg._tcp.db.default.svc.cluster.local" });
      return res.answers.length ? res : undefined;
    });
    assert.deepEqual(r.answers.map((x) => x.type === "SRV" && x.data.target), ["db-0.db.default.svc.cluster.local"]);
    assert.equal((r.answers[0] as { ttl: number }).ttl, 30);
  });
});
