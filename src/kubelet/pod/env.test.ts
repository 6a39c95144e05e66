import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { ConfigMap, Container, Secret, Service, ServicePort } from "kubernetes-types/core/v1.js";
import type { Pod } from "../../api/core/pod-types.js";
import { ContainerConfigError, expandCommand, makeEnvironment, type EnvSources } from "./env.js";
import { expand, mappingFor } from "./env-expansion.js";
import { serviceEnvVars, servicesForPod } from "./service-env.js";

const svc = (namespace: string, name: string, clusterIP: string, ports: ServicePort[]): Service => ({ metadata: { namespace, name }, spec: { clusterIP, ports } });
const kubernetes = svc("default", "kubernetes", "10.96.0.1", [{ name: "https", port: 443, protocol: "TCP" }]);

function podWith(container: Container, extra: Partial<NonNullable<Pod["spec"]>> = {}): Pod {
  return {
    metadata: { name: "web-0", namespace: "shop", uid: "u-1", labels: { app: "web", tier: "front" }, annotations: { note: "hi" } },
    spec: { nodeName: "node-1", serviceAccountName: "builder", containers: [container], ...extra },
  };
}

function sources(opts: { services?: Service[]; configMaps?: ConfigMap[]; secrets?: Secret[] } = {}): EnvSources {
  const find = <T extends { metadata?: { namespace?: string; name?: string } }>(xs: T[] | undefined, ns: string, name: string) => xs?.find((x) => x.metadata?.namespace === ns && x.metadata?.name === name);
  return {
    facts: { hostIPs: ["172.16.0.5"], podIPs: ["10.244.1.7"], nodeAllocatable: { cpu: "4", memory: "16Gi" } },
    services: () => opts.services ?? [kubernetes],
    configMap: async (ns, name) => find(opts.configMaps, ns, name),
    secret: async (ns, name) => find(opts.secrets, ns, name),
  };
}

const asMap = (envs: { key: string; value: string }[]) => new Map(envs.map((e) => [e.key, e.value]));

describe("$(VAR) expansion", () => {
  const m = mappingFor(new Map([["A", "x"], ["B", "y"]]));
  for (const [input, want] of [
    ["$(A)-$(B)", "x-y"],
    ["$(MISSING)", "$(MISSING)"],
    ["$$(A)", "$(A)"],
    ["cost $5", "cost $5"],
    ["open $(A", "open $(A"],
    ["trailing $", "trailing $"],
  ]) {
    it(`expands ${JSON.stringify(input)} to ${JSON.stringify(want)}`, () => assert.equal(expand(input, m), want));
  }
});

describe("makeEnvironment", () => {
  it("keeps env in order, expands against earlier variables and service variables, and appends service variables last", async () => {
    const c: Container = {
      name: "app",
      env: [
        { name: "FIRST", value: "one" },
        { name: "SECOND", value: "$(FIRST)-two" },
        { name: "API", value: "https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)" },
        { name: "LATER_REF", value: "$(THIRD)" },
        { name: "THIRD", value: "three" },
      ],
    };
    const envs = await makeEnvironment(podWith(c), c, sources());
    assert.deepEqual(envs.slice(0, 5), [
      { key: "FIRST", value: "one" },
      { key: "SECOND", value: "one-two" },
      { key: "API", value: "https://10.96.0.1:443" },
      { key: "LATER_REF", value: "$(THIRD)" },
      { key: "THIRD", value: "three" },
    ]);
    assert.equal(asMap(envs).get("KUBERNETES_PORT_443_TCP_ADDR"), "10.96.0.1");
  });

  it("reads the downward API and container resources with divisors and the node-allocatable fallback", async () => {
    const c: Container = {
      name: "app",
      resources: { limits: { memory: "64Mi" }, requests: { cpu: "250m" } },
      env: [
        { name: "POD", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
        { name: "NS", valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } } },
        { name: "UID", valueFrom: { fieldRef: { fieldPath: "metadata.uid" } } },
        { name: "APP", valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
        { name: "NODE", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } },
        { name: "SA", valueFrom: { fieldRef: { fieldPath: "spec.serviceAccountName" } } },
        { name: "HOST_IP", valueFrom: { fieldRef: { fieldPath: "status.hostIP" } } },
        { name: "POD_IPS", valueFrom: { fieldRef: { fieldPath: "status.podIPs" } } },
        { name: "MEM_MI", valueFrom: { resourceFieldRef: { resource: "limits.memory", divisor: "1Mi" } } },
        { name: "CPU_REQ_M", valueFrom: { resourceFieldRef: { resource: "requests.cpu", divisor: "1m" } } },
        { name: "CPU_REQ", valueFrom: { resourceFieldRef: { resource: "requests.cpu" } } },
        { name: "CPU_LIMIT", valueFrom: { resourceFieldRef: { resource: "limits.cpu" } } },
      ],
    };
    const env = asMap(await makeEnvironment(podWith(c), c, sources()));
    assert.deepEqual(
      ["POD", "NS", "UID", "APP", "NODE", "SA", "HOST_IP", "POD_IPS", "MEM_MI", "CPU_REQ_M", "CPU_REQ", "CPU_LIMIT"].map((k) => env.get(k)),
      ["web-0", "shop", "u-1", "web", "node-1", "builder", "172.16.0.5", "10.244.1.7", "64", "250", "1", "4"],
    );
  });

  it("reads ConfigMap and Secret keys and envFrom with a prefix", async () => {
    const c: Container = {
      name: "app",
      envFrom: [{ prefix: "CFG_", configMapRef: { name: "settings" } }, { secretRef: { name: "creds" } }],
      env: [
        { name: "MODE", valueFrom: { configMapKeyRef: { name: "settings", key: "mode" } } },
        { name: "PASSWORD", valueFrom: { secretKeyRef: { name: "creds", key: "password" } } },
        { name: "OPTIONAL", valueFrom: { configMapKeyRef: { name: "absent", key: "x", optional: true } } },
      ],
    };
    const env = asMap(
      await makeEnvironment(podWith(c), c, sources({
        configMaps: [{ metadata: { namespace: "shop", name: "settings" }, data: { mode: "fast", level: "3" } }],
        secrets: [{ metadata: { namespace: "shop", name: "creds" }, data: { password: Buffer.from("s3cret").toString("base64") } }],
      })),
    );
    assert.equal(env.get("CFG_mode"), "fast");
    assert.equal(env.get("CFG_level"), "3");
    assert.equal(env.get("password"), "s3cret");
    assert.equal(env.get("MODE"), "fast");
    assert.equal(env.get("PASSWORD"), "s3cret");
    assert.equal(env.has("OPTIONAL"), false);
  });

  for (const [name, ref, message] of [
    ["a missing ConfigMap", { configMapKeyRef: { name: "nope", key: "k" } }, 'configmap "nope" not found'],
    ["a missing ConfigMap key", { configMapKeyRef: { name: "settings", key: "k" } }, "couldn't find key k in ConfigMap shop/settings"],
    ["a missing Secret", { secretKeyRef: { name: "nope", key: "k" } }, 'secret "nope" not found'],
  ] as const) {
    it(`fails the container with upstream's message for ${name}`, async () => {
      const c: Container = { name: "app", env: [{ name: "X", valueFrom: ref }] };
      const src = sources({ configMaps: [{ metadata: { namespace: "shop", name: "settings" }, data: {} }] });
      await assert.rejects(makeEnvironment(podWith(c), c, src), (err: Error) => err instanceof ContainerConfigError && err.message === message);
    });
  }

  it("gets the namespace's service variables only with service links, the master service always", async () => {
    const c: Container = { name: "app" };
    const services = [kubernetes, svc("shop", "redis-master", "10.96.0.11", [{ port: 6379 }]), svc("other", "db", "10.96.0.12", [{ port: 5432 }])];
    const linked = asMap(await makeEnvironment(podWith(c), c, sources({ services })));
    assert.equal(linked.get("REDIS_MASTER_SERVICE_HOST"), "10.96.0.11");
    assert.equal(linked.has("DB_SERVICE_HOST"), false);
    const unlinked = asMap(await makeEnvironment(podWith(c, { enableServiceLinks: false }), c, sources({ services })));
    assert.equal(unlinked.has("REDIS_MASTER_SERVICE_HOST"), false);
    assert.equal(unlinked.get("KUBERNETES_SERVICE_HOST"), "10.96.0.1");
  });

  it("expands command and args against the environment", () => {
    assert.deepEqual(expandCommand(["echo", "$(GREETING) $(WHO)"], [{ key: "GREETING", value: "hi" }]), ["echo", "hi $(WHO)"]);
  });
});

describe("service variables", () => {
  it("writes upstream's variables for every port, the first port as _PORT", () => {
    const vars = serviceEnvVars(servicesForPod([svc("shop", "redis-master", "10.96.0.11", [{ name: "redis", port: 6379, protocol: "TCP" }, { name: "metrics-port", port: 9121, protocol: "UDP" }])], "shop", true));
    assert.deepEqual(Object.fromEntries(vars), {
      REDIS_MASTER_SERVICE_HOST: "10.96.0.11",
      REDIS_MASTER_SERVICE_PORT: "6379",
      REDIS_MASTER_SERVICE_PORT_REDIS: "6379",
      REDIS_MASTER_SERVICE_PORT_METRICS_PORT: "9121",
      REDIS_MASTER_PORT: "tcp://10.96.0.11:6379",
      REDIS_MASTER_PORT_6379_TCP: "tcp://10.96.0.11:6379",
      REDIS_MASTER_PORT_6379_TCP_PROTO: "tcp",
      REDIS_MASTER_PORT_6379_TCP_PORT: "6379",
      REDIS_MASTER_PORT_6379_TCP_ADDR: "10.96.0.11",
      REDIS_MASTER_PORT_9121_UDP: "udp://10.96.0.11:9121",
      REDIS_MASTER_PORT_9121_UDP_PROTO: "udp",
      REDIS_MASTER_PORT_9121_UDP_PORT: "9121",
      REDIS_MASTER_PORT_9121_UDP_ADDR: "10.96.0.11",
    });
  });

  it("skips headless services", () => {
    assert.equal(serviceEnvVars(servicesForPod([svc("shop", "headless", "None", [{ port: 80 }])], "shop", true)).size, 0);
  });
});
