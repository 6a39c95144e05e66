import { testContext } from "../testing/hook-context.js";
import { test } from "node:test";
import assert from "node:assert/strict";
import type { Allocator, HookContext } from "../types.js";
import { ApiError } from "../errors.js";
import { fieldErrorMessage } from "../validation/field.js";
import { services, type ServiceObject } from "./services.js";

/** An in-memory Allocator over a numbered pool ("10.0.0.N" or ports). */
function fakeAllocator(range: string, pool: string[]): Allocator & { used: Set<string> } {
  const used = new Set<string>();
  return {
    used,
    async allocate(value?: string) {
      if (value !== undefined) {
        if (used.has(value)) throw new Error("provided value is already allocated");
        used.add(value);
        return value;
      }
      const free = pool.find((v) => !used.has(v));
      if (!free) throw new Error("range is full");
      used.add(free);
      return free;
    },
    async release(value: string) {
      used.delete(value);
    },
    async has(value: string) {
      return used.has(value);
    },
    range: () => range,
  };
}

function context() {
  const ips = fakeAllocator("10.0.0.0/24", ["10.0.0.10", "10.0.0.11", "10.0.0.12"]);
  const ports = fakeAllocator("30000-32767", ["30000", "30001", "30002", "30003"]);
  const ctx = testContext({
    now: Date.parse("2024-01-01T00:00:00Z"),
    services: {
      allocator: (name) => (name === "serviceIPs" ? ips : name === "nodePorts" ? ports : undefined),
      options: { serviceCIDRs: ["10.0.0.0/24"], nodePortRange: [30000, 32767] },
    },
  });
  return { ctx, ips, ports };
}

function svc(spec: Record<string, unknown>, name = "web"): ServiceObject {
  return { apiVersion: "v1", kind: "Service", metadata: { name, namespace: "default" }, spec } as ServiceObject;
}

async function create(s: ServiceObject, ctx: HookContext): Promise<ServiceObject> {
  services.defaults!(s);
  await services.prepareForCreate!(s, ctx);
  return s;
}

async function errorOf(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ApiError);
    return err;
  }
  assert.fail("expected an error");
}

test("A minimal service gets upstream's defaults.", () => {
  const s = svc({ selector: { app: "web" }, ports: [{ port: 80 }] });
  services.defaults!(s);
  assert.deepEqual(s.spec, {
    selector: { app: "web" },
    ports: [{ port: 80, protocol: "TCP", targetPort: 80 }],
    sessionAffinity: "None",
    type: "ClusterIP",
    internalTrafficPolicy: "Cluster",
  });
});

test("Type-dependent defaults follow the service type.", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["NodePort", { externalTrafficPolicy: "Cluster" }],
    ["LoadBalancer", { externalTrafficPolicy: "Cluster", allocateLoadBalancerNodePorts: true }],
    ["ExternalName", {}],
  ];
  for (const [type, want] of cases) {
    const s = svc({ type, ports: [{ port: 80 }] });
    services.defaults!(s);
    assert.equal(s.spec!.externalTrafficPolicy, want.externalTrafficPolicy, type);
    assert.equal(s.spec!.allocateLoadBalancerNodePorts, want.allocateLoadBalancerNodePorts, type);
    assert.equal(s.spec!.internalTrafficPolicy, type === "ExternalName" ? undefined : "Cluster", type);
  }
});

test("ClientIP affinity gets the default three-hour timeout.", () => {
  const s = svc({ sessionAffinity: "ClientIP", ports: [{ port: 80 }] });
  services.defaults!(s);
  assert.deepEqual(s.spec!.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
});

test("A ClusterIP service is given a free cluster IP, mirrored into clusterIPs, with single-stack families.", async () => {
  const { ctx, ips } = context();
  const s = await create(svc({ selector: { app: "web" }, ports: [{ port: 80 }] }), ctx);
  assert.equal(s.spec!.clusterIP, "10.0.0.10");
  assert.deepEqual(s.spec!.clusterIPs, ["10.0.0.10"]);
  assert.equal(s.spec!.ipFamilyPolicy, "SingleStack");
  assert.deepEqual(s.spec!.ipFamilies, ["IPv4"]);
  assert.ok(ips.used.has("10.0.0.10"));
  assert.deepEqual(services.validate!(s, ctx), []);
});

test("A requested cluster IP is reserved exactly.", async () => {
  const { ctx } = context();
  const s = await create(svc({ clusterIP: "10.0.0.99", ports: [{ port: 80 }] }), ctx);
  assert.deepEqual(s.spec!.clusterIPs, ["10.0.0.99"]);
});

test("A taken cluster IP fails with upstream's message.", async () => {
  const { ctx, ips } = context();
  ips.used.add("10.0.0.1");
  const err = await errorOf(create(svc({ clusterIP: "10.0.0.1", ports: [{ port: 80 }] }), ctx));
  assert.equal(err.code, 422);
  assert.match(err.message, /^Service "web" is invalid: spec\.clusterIPs: Invalid value: .*10\.0\.0\.1.*: failed to allocate IP 10\.0\.0\.1: provided IP is already allocated$/);
});

test("A cluster IP outside the service range fails with upstream's message.", async () => {
  const { ctx } = context();
  const err = await errorOf(create(svc({ clusterIP: "192.168.1.1", ports: [{ port: 80 }] }), ctx));
  assert.match(err.message, /failed to allocate IP 192\.168\.1\.1: provided IP is not in the valid range\. The range of valid IPs is 10\.0\.0\.0\/24$/);
});

test("Headless services and ExternalName services get no cluster IP.", async () => {
  const { ctx, ips } = context();
  const headless = await create(svc({ clusterIP: "None", selector: { app: "db" }, ports: [{ port: 5432 }] }), ctx);
  assert.deepEqual(headless.spec!.clusterIPs, ["None"]);
  assert.deepEqual(headless.spec!.ipFamilies, ["IPv4"]);
  const selectorless = await create(svc({ clusterIP: "None" }), ctx);
  assert.equal(selectorless.spec!.ipFamilyPolicy, "RequireDualStack");
  assert.deepEqual(selectorless.spec!.ipFamilies, ["IPv4", "IPv6"]);
  const ext = await create(svc({ type: "ExternalName", externalName: "example.com" }), ctx);
  assert.equal(ext.spec!.clusterIP, undefined);
  assert.equal(ext.spec!.ipFamilyPolicy, undefined);
  assert.equal(ips.used.size, 0);
  assert.deepEqual(services.validate!(ext, ctx), []);
  assert.deepEqual(services.validate!(selectorless, ctx), []);
});

test("NodePort services get node ports; ports sharing a number share the node port.", async () => {
  const { ctx, ports } = context();
  const s = await create(
    svc({ type: "NodePort", ports: [{ name: "dns", port: 53, protocol: "UDP" }, { name: "dns-tcp", port: 53 }, { name: "web", port: 80, nodePort: 30080 }] }),
    ctx,
  );
  assert.deepEqual(s.spec!.ports!.map((p) => p.nodePort), [30000, 30000, 30080]);
  assert.deepEqual([...ports.used].sort(), ["30000", "30080"]);
});

test("A node port outside the range or taken fails with upstream's messages.", async () => {
  const { ctx, ports } = context();
  let err = await errorOf(create(svc({ type: "NodePort", ports: [{ port: 80, nodePort: 8080 }] }), ctx));
  assert.match(err.message, /spec\.ports\[0\]\.nodePort: Invalid value: 8080: provided port is not in the valid range\. The range of valid ports is 30000-32767$/);
  ports.used.add("30080");
  err = await errorOf(create(svc({ type: "NodePort", ports: [{ port: 80, nodePort: 30080 }] }), ctx));
  assert.match(err.message, /spec\.ports\[0\]\.nodePort: Invalid value: 30080: provided port is already allocated$/);
});

test("LoadBalancer with allocateLoadBalancerNodePorts false allocates none; Local policy adds a health check port.", async () => {
  const { ctx } = context();
  const s = await create(svc({ type: "LoadBalancer", allocateLoadBalancerNodePorts: false, ports: [{ port: 80 }] }), ctx);
  assert.equal(s.spec!.ports![0].nodePort, undefined);
  const local = await create(svc({ type: "LoadBalancer", externalTrafficPolicy: "Local", ports: [{ port: 80 }] }), ctx);
  assert.equal(local.spec!.ports![0].nodePort, 30000);
  assert.equal(local.spec!.healthCheckNodePort, 30001);
});

test("Deleting a service releases its IP and node ports.", async () => {
  const { ctx, ips, ports } = context();
  const s = await create(svc({ type: "NodePort", ports: [{ port: 80 }] }), ctx);
  await services.afterDelete!(s, ctx);
  assert.equal(ips.used.size, 0);
  assert.equal(ports.used.size, 0);
});

async function update(next: ServiceObject, old: ServiceObject, ctx: HookContext) {
  services.defaults!(next);
  await services.prepareForUpdate!(next, old, ctx);
  return services.validateUpdate!(next, old, ctx);
}

test("An update without clusterIP keeps the allocated one; changing it is refused.", async () => {
  const { ctx } = context();
  const old = await create(svc({ selector: { app: "web" }, ports: [{ port: 80 }] }), ctx);
  const keep = svc({ selector: { app: "web" }, ports: [{ port: 8080 }] });
  assert.deepEqual(await update(keep, old, ctx), []);
  assert.equal(keep.spec!.clusterIP, "10.0.0.10");
  const change = svc({ clusterIP: "10.0.0.50", selector: { app: "web" }, ports: [{ port: 80 }] });
  const errs = await update(change, old, ctx);
  assert.deepEqual(errs.map(fieldErrorMessage), ['spec.clusterIPs[0]: Invalid value: []string{"10.0.0.50"}: may not change once set']);
});

test("Changing NodePort to ClusterIP releases node ports; ExternalName to ClusterIP allocates an IP.", async () => {
  const { ctx, ips, ports } = context();
  const old = await create(svc({ type: "NodePort", ports: [{ port: 80 }] }), ctx);
  const next = structuredClone(old);
  next.spec!.type = "ClusterIP";
  assert.deepEqual(await update(next, old, ctx), []);
  assert.equal(next.spec!.ports![0].nodePort, undefined);
  assert.equal(next.spec!.externalTrafficPolicy, undefined);
  assert.equal(ports.used.size, 0);

  const ext = await create(svc({ type: "ExternalName", externalName: "example.com" }), ctx);
  const toCluster = svc({ type: "ClusterIP", ports: [{ port: 80 }] });
  assert.deepEqual(await update(toCluster, ext, ctx), []);
  assert.equal(toCluster.spec!.clusterIP, "10.0.0.11");
  assert.ok(ips.used.has("10.0.0.11"));
});

test("Changing a ClusterIP service to ExternalName releases its IP.", async () => {
  const { ctx, ips } = context();
  const old = await create(svc({ ports: [{ port: 80 }] }), ctx);
  const next = structuredClone(old);
  next.spec!.type = "ExternalName";
  next.spec!.externalName = "db.example.com";
  assert.deepEqual(await update(next, old, ctx), []);
  assert.equal(next.spec!.clusterIP, undefined);
  assert.equal(ips.used.size, 0);
});

const invalidCases: [string, Record<string, unknown>, string[]][] = [
  ["ports are required", { selector: { a: "b" } }, ["spec.ports: Required value"]],
  ["a second port needs a name", { ports: [{ port: 80 }, { name: "b", port: 81 }] }, ["spec.ports[0].name: Required value"]],
  ["port names are unique", { ports: [{ name: "a", port: 80 }, { name: "a", port: 81 }] }, ['spec.ports[1].name: Duplicate value: "a"']],
  ["ports are in range", { ports: [{ port: 70000 }] }, ["spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive", "spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive"]],
  ["protocols are an enum", { ports: [{ port: 80, protocol: "HTTP" }] }, ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']],
  ["types are an enum", { type: "Magic", ports: [{ port: 80 }] }, ['spec.type: Unsupported value: "Magic": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
  ["ExternalName needs a name", { type: "ExternalName" }, ["spec.externalName: Required value"]],
  ["ClusterIP services have no node ports", { ports: [{ port: 80, nodePort: 30001 }] }, ["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"]],
  [
    "selector labels are valid",
    { selector: { "bad key!": "v" }, ports: [{ port: 80 }] },
    ["spec.selector: Invalid value: \"bad key!\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
  ],
  ["cluster IPs are IPs", { clusterIP: "1.2.3", ports: [{ port: 80 }] }, ['spec.clusterIPs[0]: Invalid value: "1.2.3": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)']],
  ["NodePort services are not headless", { type: "NodePort", clusterIP: "None", ports: [{ port: 80 }] }, ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services']],
];

for (const [name, spec, want] of invalidCases) {
  test(`Validation: ${name}.`, async () => {
    const { ctx } = context();
    const s = svc(spec);
    services.defaults!(s);
    try {
      await services.prepareForCreate!(s, ctx);
    } catch (err) {
      assert.ok(err instanceof ApiError);
      assert.deepEqual(err.details?.causes?.map((c) => `${c.field}: ${c.message}`), want);
      return;
    }
    const errs = (await services.validate!(s, ctx)).map(fieldErrorMessage);
    assert.deepEqual(errs, want);
  });
}

const cell = (s: ServiceObject, col: string) => services.columns!.find((c) => c.name === col)!.cell(s, { now: Date.parse("2024-01-01T01:00:00Z") });

test("Service table cells follow upstream's printer.", () => {
  const base = { metadata: { name: "x", creationTimestamp: "2024-01-01T00:00:00Z" } };
  const rows: [Record<string, unknown>, Record<string, unknown>, Record<string, string>][] = [
    [{ type: "ClusterIP", clusterIPs: ["10.0.0.1"], ports: [{ port: 80, protocol: "TCP" }], selector: { app: "a" } }, {}, { Type: "ClusterIP", "Cluster-IP": "10.0.0.1", "External-IP": "<none>", "Port(s)": "80/TCP", Age: "60m", Selector: "app=a" }],
    [{ type: "NodePort", clusterIPs: ["10.0.0.2"], ports: [{ port: 80, nodePort: 30080, protocol: "TCP" }, { port: 53, protocol: "UDP" }] }, {}, { "External-IP": "<none>", "Port(s)": "80:30080/TCP,53/UDP", Selector: "<none>" }],
    [{ type: "LoadBalancer", clusterIPs: ["10.0.0.3"], ports: [] }, {}, { "External-IP": "<pending>", "Port(s)": "<none>" }],
    [{ type: "LoadBalancer", clusterIPs: ["10.0.0.3"] }, { loadBalancer: { ingress: [{ ip: "5.6.7.8" }, { hostname: "lb.example.com" }, { ip: "1.2.3.4" }] } }, { "External-IP": "1.2.3.4,5.6.7.8,lb.example.com" }],
    [{ type: "LoadBalancer", externalIPs: ["9.9.9.9"] }, { loadBalancer: { ingress: [{ ip: "1.2.3.4" }] } }, { "External-IP": "1.2.3.4,9.9.9.9", "Cluster-IP": "<none>" }],
    [{ type: "ClusterIP", externalIPs: ["9.9.9.9", "8.8.8.8"] }, {}, { "External-IP": "9.9.9.9,8.8.8.8" }],
    [{ type: "ExternalName", externalName: "db.example.com" }, {}, { "External-IP": "db.example.com", "Cluster-IP": "<none>" }],
    [{ type: "ClusterIP", clusterIPs: ["None"] }, {}, { "Cluster-IP": "None" }],
  ];
  for (const [spec, status, want] of rows) {
    const s = { ...base, spec, status } as ServiceObject;
    for (const [col, v] of Object.entries(want)) assert.equal(cell(s, col), v, `${JSON.stringify(spec)} ${col}`);
  }
  assert.deepEqual(services.columns!.map((c) => [c.name, c.priority ?? 0]), [["Type", 0], ["Cluster-IP", 0], ["External-IP", 0], ["Port(s)", 0], ["Age", 0], ["Selector", 1]]);
});

test("Services are selectable by spec.clusterIP and spec.type.", () => {
  assert.deepEqual(services.selectableFields!(svc({ type: "ClusterIP", clusterIP: "None" })), { "spec.clusterIP": "None", "spec.type": "ClusterIP" });
});
