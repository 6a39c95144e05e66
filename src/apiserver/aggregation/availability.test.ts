import { test } from "node:test";
import assert from "node:assert/strict";
import type { EndpointSliceLike, ServiceLike } from "../../network/service-resolver.js";
import type { APIService } from "./apiservice-helpers.js";
import { computeAvailability } from "./availability.js";

const remote: APIService = {
  metadata: { name: "v1beta1.metrics.k8s.io" },
  spec: { group: "metrics.k8s.io", version: "v1beta1", groupPriorityMinimum: 100, versionPriority: 100, insecureSkipTLSVerify: true, service: { namespace: "kube-system", name: "metrics-server", port: 443 } },
};
const service: ServiceLike = { metadata: { name: "metrics-server" }, spec: { type: "ClusterIP", ports: [{ name: "https", port: 443 }] } };
const readySlice: EndpointSliceLike = { addressType: "IPv4", ports: [{ name: "https", port: 10250 }], endpoints: [{ addresses: ["10.244.0.9"], conditions: { ready: true } }] };

function inputs(svc: ServiceLike | undefined, slices: EndpointSliceLike[], probe: string | undefined = undefined) {
  let probed = 0;
  return {
    probed: () => probed,
    service: () => svc,
    endpointSlices: () => slices,
    probe: async () => {
      probed++;
      return probe;
    },
  };
}

test("A local APIService is always available.", async () => {
  const local: APIService = { metadata: { name: "v1.apps" }, spec: { group: "apps", version: "v1", groupPriorityMinimum: 17800, versionPriority: 15 } };
  assert.deepEqual(await computeAvailability(local, inputs(undefined, [])), { status: "True", reason: "Local", message: "Local APIServices are always available" });
});

const cases: { name: string; svc: ServiceLike | undefined; slices: EndpointSliceLike[]; probe?: string; want: [string, string, string]; probes: number }[] = [
  { name: "A missing Service", svc: undefined, slices: [], want: ["False", "ServiceNotFound", 'service/metrics-server in "kube-system" is not present'], probes: 0 },
  {
    name: "A Service without the port",
    svc: { metadata: { name: "metrics-server" }, spec: { type: "ClusterIP", ports: [{ name: "https", port: 8443 }] } },
    slices: [],
    want: ["False", "ServicePortError", 'service/metrics-server in "kube-system" is not listening on port 443'],
    probes: 0,
  },
  { name: "A Service without slices", svc: service, slices: [], want: ["False", "EndpointsNotFound", 'cannot find endpointslices for service/metrics-server in "kube-system"'], probes: 0 },
  {
    name: "A Service whose slice has no endpoints",
    svc: service,
    slices: [{ addressType: "IPv4", ports: [{ name: "https", port: 10250 }], endpoints: [] }],
    want: ["False", "MissingEndpoints", 'endpointslices for service/metrics-server in "kube-system" have no addresses with port name "https"'],
    probes: 0,
  },
  {
    name: "A Service whose ready endpoints lack the port's name",
    svc: service,
    slices: [{ addressType: "IPv4", ports: [{ name: "http", port: 80 }], endpoints: [{ addresses: ["10.244.0.9"], conditions: { ready: true } }] }],
    want: ["False", "MissingEndpoints", 'endpointslices for service/metrics-server in "kube-system" have no addresses with port name "https"'],
    probes: 0,
  },
  {
    name: "A backend failing discovery",
    svc: service,
    slices: [readySlice],
    probe: 'failing or missing response from https://10.244.0.9:10250/apis/metrics.k8s.io/v1beta1: Get "https://10.244.0.9:10250/apis/metrics.k8s.io/v1beta1": dial tcp 10.244.0.9:10250: connect: connection refused',
    want: ["False", "FailedDiscoveryCheck", 'failing or missing response from https://10.244.0.9:10250/apis/metrics.k8s.io/v1beta1: Get "https://10.244.0.9:10250/apis/metrics.k8s.io/v1beta1": dial tcp 10.244.0.9:10250: connect: connection refused'],
    probes: 1,
  },
  { name: "A healthy backend", svc: service, slices: [readySlice], want: ["True", "Passed", "all checks passed"], probes: 1 },
  {
    name: "An ExternalName Service skips the endpoint checks",
    svc: { metadata: { name: "metrics-server" }, spec: { type: "ExternalName" } },
    slices: [],
    want: ["True", "Passed", "all checks passed"],
    probes: 1,
  },
];
for (const c of cases) {
  test(`${c.name}: ${c.want[1]}.`, async () => {
    const i = inputs(c.svc, c.slices, c.probe);
    const got = await computeAvailability(remote, i);
    assert.deepEqual([got.status, got.reason, got.message], c.want);
    assert.equal(i.probed(), c.probes);
  });
}
