import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject } from "../../api/types.js";
import { ENDPOINTS, ENDPOINTSLICES, EVENTS, NAMESPACES, NODES, PODS, ROUTES, SECURITY_GROUPS, SERVICES } from "../../client/resources.js";
import { defaultSecurityGroup } from "../../network/default-security-group.js";
import { fixtureView } from "../fixture-source.js";
import { runChecks } from "../run.js";
import { at, event, METRICS_APISERVICE_DOWN, node, pod, service, slice, T0 } from "../test-fixtures.js";
import { APISERVICES, apiserviceUnavailable } from "./apiservice-unavailable.js";
import { failingGroupVersions, namespaceTerminating } from "./namespace-terminating.js";

const DISCOVERY_MSG =
  "Discovery failed for some groups, 1 failing: unable to retrieve the complete list of server APIs: metrics.k8s.io/v1beta1: the server is currently unable to handle the request";

function terminating(name: string, failing = true): KubeObject {
  return {
    metadata: { name, deletionTimestamp: at(-900_000) },
    spec: { finalizers: ["kubernetes"] },
    status: {
      phase: "Terminating",
      conditions: failing ? [{ type: "NamespaceDeletionDiscoveryFailure", status: "True", reason: "DiscoveryFailed", message: DISCOVERY_MSG, lastTransitionTime: at(-890_000) }] : [],
    },
  };
}

const route = (cidr: string, target: string): KubeObject => ({ metadata: { name: `kubernetes-${target}` }, spec: { destinationCIDR: cidr, targetNode: target }, status: { state: "Available" } });

/** S3: node-2's route is gone (the route controller cannot create it), so the API server cannot reach metrics-server on node-2. */
function s3(extra: Array<[typeof NODES, KubeObject[]]> = []) {
  return fixtureView({
    objects: [
      [NODES, [node("node-1"), node("node-2")]],
      [PODS, [pod("kube-system", "metrics-server-abc", "node-2", "10.244.2.5", { labels: { app: "metrics-server" } })]],
      [SERVICES, [service("kube-system", "metrics-server", "10.96.0.50", { app: "metrics-server" })]],
      [ENDPOINTSLICES, [slice("kube-system", "metrics-server", 4443, [{ ip: "10.244.2.5", pod: "metrics-server-abc", node: "node-2" }])]],
      [ENDPOINTS, [{ metadata: { name: "kubernetes", namespace: "default" }, subsets: [{ addresses: [{ ip: "172.16.0.1" }], ports: [{ name: "https", port: 6443 }] }] }]],
      [APISERVICES, [METRICS_APISERVICE_DOWN()]],
      [ROUTES, [route("10.244.1.0/24", "node-1")]],
      [SECURITY_GROUPS, [defaultSecurityGroup({ clusterCIDR: "10.244.0.0/16", apiServerAddress: "172.16.0.1", nodePortRange: [30000, 32767] })]],
      [EVENTS, [event({ kind: "Node", name: "node-2" }, "FailedToCreateRoute", "Could not create route abc 10.244.2.0/24 for node node-2 after 1ms: no vpc found", -5000)]],
      ...extra,
    ],
  });
}

describe("namespace-terminating", () => {
  it("reads the failing group versions as APIService names", () => {
    assert.deepEqual(failingGroupVersions(DISCOVERY_MSG), ["v1beta1.metrics.k8s.io"]);
  });

  it("follows a stuck namespace down to the route controller's error (S3), naming every namespace once", async () => {
    const view = s3([[NAMESPACES, [terminating("web"), terminating("shop"), { metadata: { name: "default" }, status: { phase: "Active" } }]]]);
    const [f, ...rest] = await namespaceTerminating.run({ view, now: T0 });
    assert.equal(rest.length, 0);
    assert.equal(f.summary, "2 namespaces are stuck Terminating: web, shop");
    assert.deepEqual(
      f.chain.map((s) => s.text.split(":")[0]),
      [
        "Namespace web Terminating for 15m",
        "NamespaceDeletionDiscoveryFailure=True (DiscoveryFailed)",
        "APIService v1beta1.metrics.k8s.io Available=False (FailedDiscoveryCheck)",
        "Service kube-system/metrics-server (clusterIP 10.96.0.50)",
        "EndpointSlices of Service kube-system/metrics-server",
        "Pod kube-system/metrics-server-abc (10.244.2.5) on node node-2",
        "VPC route table",
        "route controller",
      ],
    );
    assert.match(f.chain.at(-2)!.text, /node node-2's podCIDR 10.244.2.0\/24 has no route/);
    assert.match(f.chain.at(-1)!.text, /FailedToCreateRoute: Could not create route .* no vpc found/);
    assert.equal(f.cause, "Route/10.244.2.0/24");
    assert.match(f.fix, /route controller's error/);
  });

  it("with the APIService check, the incident is reported once, from the namespace (the deeper chain)", async () => {
    const view = s3([[NAMESPACES, [terminating("web")]]]);
    const report = await runChecks(view, [namespaceTerminating, apiserviceUnavailable], T0);
    assert.deepEqual(report.findings.map((f) => f.check), ["namespace-terminating"]);
  });

  it("without a stuck namespace, the APIService check names what it breaks and the same cause", async () => {
    const [f] = await apiserviceUnavailable.run({ view: s3(), now: T0 });
    assert.match(f.summary, /namespace deletion .*garbage collection, kubectl top/);
    assert.equal(f.cause, "Route/10.244.2.0/24");
  });

  it("a namespace being emptied right now is not stuck", async () => {
    const fresh = { metadata: { name: "tmp", deletionTimestamp: at(-5000) }, status: { phase: "Terminating", conditions: [] } };
    assert.deepEqual(await namespaceTerminating.run({ view: s3([[NAMESPACES, [fresh]]]), now: T0 }), []);
  });

  it("an APIService whose Service is gone", async () => {
    const view = fixtureView({ objects: [[APISERVICES, [METRICS_APISERVICE_DOWN("service/metrics-server in \"kube-system\" is not present")]], [SERVICES, []]] });
    const [f] = await apiserviceUnavailable.run({ view, now: T0 });
    assert.equal(f.chain[1].text, "Service kube-system/metrics-server does not exist");
    assert.equal(f.cause, "Service/kube-system/metrics-server");
  });
});
