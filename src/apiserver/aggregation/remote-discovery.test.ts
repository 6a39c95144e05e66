import { test } from "node:test";
import assert from "node:assert/strict";
import { VirtualClock } from "../../util/clock.js";
import type { APIService } from "./apiservice-helpers.js";
import { legacyToAggregated, RemoteDiscovery, type FetchedResponse } from "./remote-discovery.js";

const svc = (name: string, service = "api", gp = 1000, vp = 15): APIService => {
  const [version, ...group] = name.split(".");
  return { metadata: { name }, spec: { group: group.join("."), version, groupPriorityMinimum: gp, versionPriority: vp, service: { namespace: "wardle", name: service, port: 443 } } };
};

const legacyList = {
  kind: "APIResourceList",
  groupVersion: "wardle.example.com/v1alpha1",
  resources: [
    { name: "flunders", singularName: "flunder", namespaced: true, kind: "Flunder", verbs: ["get", "list"], shortNames: ["fl"] },
    { name: "flunders/status", singularName: "", namespaced: true, kind: "Flunder", verbs: ["get", "patch"] },
  ],
};

test("A legacy resource list converts to aggregated resources, subresources under their parent.", () => {
  assert.deepEqual(legacyToAggregated(legacyList.resources), [
    {
      resource: "flunders",
      responseKind: { group: "", version: "", kind: "Flunder" },
      scope: "Namespaced",
      singularResource: "flunder",
      verbs: ["get", "list"],
      shortNames: ["fl"],
      subresources: [{ subresource: "status", responseKind: { group: "", version: "", kind: "Flunder" }, verbs: ["get", "patch"] }],
    },
  ]);
});

test("Backends are read through the proxy: an answering one is Current, a 503 one Stale without resources.", async () => {
  const services = [svc("v1alpha1.wardle.example.com"), svc("v1beta1.metrics.k8s.io", "metrics-server", 100, 100)];
  const fetched: string[] = [];
  const fetch = async (s: APIService, path: string): Promise<FetchedResponse> => {
    fetched.push(`${s.metadata.name} ${path}`);
    if (s.spec?.service?.name === "metrics-server") return { status: 503, contentType: "text/plain; charset=utf-8", body: Buffer.from("service unavailable\n") };
    if (path === "/apis") return { status: 200, contentType: "application/json", body: Buffer.from('{"kind":"APIGroupList","groups":[]}') };
    return { status: 200, contentType: "application/json", body: Buffer.from(JSON.stringify(legacyList)) };
  };
  const d = new RemoteDiscovery({ clock: new VirtualClock(0), apiServices: () => services, fetch });
  for (const s of services) d.markDirty(s.metadata.name!);
  await d.settled();
  assert.ok(fetched.includes("v1alpha1.wardle.example.com /apis/wardle.example.com/v1alpha1"), fetched.join("; "));
  const groups = d.aggregatedGroups() as { metadata: { name: string }; versions: { version: string; freshness: string; resources?: unknown[] }[] }[];
  assert.deepEqual(
    groups.map((g) => [g.metadata.name, g.versions.map((v) => [v.version, v.freshness, v.resources?.length ?? 0])]),
    [
      ["wardle.example.com", [["v1alpha1", "Current", 1]]],
      ["metrics.k8s.io", [["v1beta1", "Stale", 0]]],
    ],
  );
  assert.deepEqual(d.apiGroup("metrics.k8s.io"), {
    name: "metrics.k8s.io",
    versions: [{ groupVersion: "metrics.k8s.io/v1beta1", version: "v1beta1" }],
    preferredVersion: { groupVersion: "metrics.k8s.io/v1beta1", version: "v1beta1" },
  });
});

test("An aggregated document from the backend is used as it is.", async () => {
  const services = [svc("v1beta1.metrics.k8s.io", "metrics-server", 100, 100)];
  const doc = { kind: "APIGroupDiscoveryList", items: [{ metadata: { name: "metrics.k8s.io" }, versions: [{ version: "v1beta1", resources: [{ resource: "pods", responseKind: { group: "metrics.k8s.io", version: "v1beta1", kind: "PodMetrics" }, scope: "Namespaced", verbs: ["get", "list"] }] }] }] };
  const fetch = async (): Promise<FetchedResponse> => ({ status: 200, contentType: "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList", body: Buffer.from(JSON.stringify(doc)) });
  const d = new RemoteDiscovery({ clock: new VirtualClock(0), apiServices: () => services, fetch });
  d.markDirty("v1beta1.metrics.k8s.io");
  await d.settled();
  assert.deepEqual(d.aggregatedGroups(), [{ metadata: { name: "metrics.k8s.io", creationTimestamp: null }, versions: [{ version: "v1beta1", resources: doc.items[0].versions[0].resources, freshness: "Current" }] }]);
});

test("A change after a failed read is read again, even when the clock stands still.", async () => {
  const services = [svc("v1alpha1.wardle.example.com")];
  let up = false;
  const fetch = async (_s: APIService, path: string): Promise<FetchedResponse> => {
    if (!up) return { status: 503, contentType: "text/plain; charset=utf-8", body: Buffer.from("service unavailable\n") };
    return path === "/apis" ? { status: 404, contentType: "application/json", body: Buffer.from("{}") } : { status: 200, contentType: "application/json", body: Buffer.from(JSON.stringify(legacyList)) };
  };
  const d = new RemoteDiscovery({ clock: new VirtualClock(0), apiServices: () => services, fetch });
  d.markDirty("v1alpha1.wardle.example.com");
  await d.settled();
  const freshness = () => (d.aggregatedGroups()[0] as { versions: { freshness: string }[] }).versions[0].freshness;
  assert.equal(freshness(), "Stale");
  up = true;
  d.markDirty("v1alpha1.wardle.example.com");
  await d.settled();
  assert.equal(freshness(), "Current");
});
