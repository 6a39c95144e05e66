import { test } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { createSimulatedNetwork } from "./dialer.js";
import { createServiceResolver, resolveServiceEndpoint, type EndpointSliceLike, type ServiceLike, type ServiceLookup } from "./service-resolver.js";

function lookup(svc: ServiceLike | undefined, slices: EndpointSliceLike[]): ServiceLookup {
  return { service: () => svc, endpointSlices: () => slices };
}

const svc: ServiceLike = { metadata: { name: "metrics-server" }, spec: { type: "ClusterIP", ports: [{ name: "https", port: 443 }], ipFamilies: ["IPv4"] } };
const first = () => 0;

test("The ready endpoint of the port with the Service port's name is chosen, with the slice's target port.", () => {
  const slices: EndpointSliceLike[] = [
    {
      addressType: "IPv4",
      ports: [{ name: "https", port: 10250 }],
      endpoints: [
        { addresses: ["10.244.0.5"], conditions: { ready: false } },
        { addresses: ["10.244.0.6"], conditions: { ready: true } },
      ],
    },
  ];
  assert.deepEqual(resolveServiceEndpoint(lookup(svc, slices), "kube-system", "metrics-server", 443, first), { host: "10.244.0.6", port: 10250 });
});

test("An unset ready condition counts as ready.", () => {
  const slices: EndpointSliceLike[] = [{ addressType: "IPv4", ports: [{ name: "https", port: 4443 }], endpoints: [{ addresses: ["127.0.0.1"] }] }];
  assert.deepEqual(resolveServiceEndpoint(lookup(svc, slices), "kube-system", "metrics-server", 443, first), { host: "127.0.0.1", port: 4443 });
});

const failures: { name: string; svc: ServiceLike | undefined; slices: EndpointSliceLike[]; port?: number; message: string }[] = [
  { name: "A missing Service is not found.", svc: undefined, slices: [], message: 'service "metrics-server" not found' },
  { name: "An ExternalName Service cannot be routed to.", svc: { metadata: { name: "metrics-server" }, spec: { type: "ExternalName" } }, slices: [], message: 'unsupported service type "ExternalName"' },
  { name: "A port the Service does not have is refused.", svc, slices: [], port: 8443, message: 'no service port 8443 found for service "metrics-server"' },
  { name: "No slices means no endpoints.", svc, slices: [], message: 'no endpoints available for service "metrics-server"' },
  {
    name: "Slices whose port name differs do not count.",
    svc,
    slices: [{ addressType: "IPv4", ports: [{ name: "http", port: 80 }], endpoints: [{ addresses: ["10.244.0.5"], conditions: { ready: true } }] }],
    message: 'no endpoints available for service "metrics-server"',
  },
  {
    name: "Only unready endpoints means none available.",
    svc,
    slices: [{ addressType: "IPv4", ports: [{ name: "https", port: 10250 }], endpoints: [{ addresses: ["10.244.0.5"], conditions: { ready: false } }] }],
    message: 'no endpoints available for service "metrics-server"',
  },
];
for (const c of failures) {
  test(c.name, () => assert.throws(() => resolveServiceEndpoint(lookup(c.svc, c.slices), "kube-system", "metrics-server", c.port ?? 443, first), { message: c.message }));
}

test("Dialling a simulated pod IP reaches the listener registered for it.", async () => {
  const server = net.createServer((s) => s.end("hello"));
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as net.AddressInfo).port;
  const network = createSimulatedNetwork();
  network.register("10.244.1.9", 10250, { host: "127.0.0.1", port });
  const slices: EndpointSliceLike[] = [{ addressType: "IPv4", ports: [{ name: "https", port: 10250 }], endpoints: [{ addresses: ["10.244.1.9"], conditions: { ready: true } }] }];
  try {
    const { socket, endpoint } = await createServiceResolver(lookup(svc, slices), network).dial("kube-system", "metrics-server", 443);
    assert.deepEqual(endpoint, { host: "10.244.1.9", port: 10250 });
    const data = await new Promise<string>((resolve) => {
      let out = "";
      socket.on("data", (d) => (out += d));
      socket.on("end", () => resolve(out));
    });
    assert.equal(data, "hello");
    socket.destroy();
  } finally {
    server.close();
  }
});
