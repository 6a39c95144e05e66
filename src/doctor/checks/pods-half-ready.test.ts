import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { KubeObject } from "../../api/types.js";
import { EVENTS, NODES, PODS, SERVICES } from "../../client/resources.js";
import { fixtureView } from "../fixture-source.js";
import { runChecks } from "../run.js";
import { at, event, node, pod, service, T0 } from "../test-fixtures.js";
import { clusterDns } from "./cluster-dns.js";
import { podsHalfReady } from "./pods-half-ready.js";

/** A Running pod with an app container ready and a sidecar not, for 10 minutes. */
function halfReady(name: string, nodeName: string): KubeObject {
  const p = pod("default", name, nodeName, "10.244.1.7", { ready: false });
  const status = p.status as { conditions: object[]; containerStatuses: object[] };
  status.conditions = [{ type: "Ready", status: "False", reason: "ContainersNotReady", lastTransitionTime: at(-600_000) }];
  status.containerStatuses = [
    { name: "app", ready: true, restartCount: 0, state: { running: { startedAt: at(-700_000) } } },
    { name: "istio-proxy", ready: false, restartCount: 0, state: { running: { startedAt: at(-700_000) } } },
  ];
  p.metadata.ownerReferences = [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-abc", uid: "rs-1", controller: true }];
  return p;
}

const configz = (dns: string) => ({ ok: true as const, status: 200, body: JSON.stringify({ kubeletconfig: { clusterDNS: [dns], clusterDomain: "cluster.local" } }) });
const probe = (name: string) => event({ kind: "Pod", namespace: "default", name }, "Unhealthy", "Readiness probe failed: HTTP probe failed with statuscode: 503", -10_000);

function s5(kubeDnsIP: string) {
  const dns = service("kube-system", "kube-dns", kubeDnsIP, { "k8s-app": "kube-dns" });
  dns.metadata.creationTimestamp = at(-900_000);
  return fixtureView({
    objects: [
      [NODES, [node("node-1")]],
      [PODS, [halfReady("web-1", "node-1"), halfReady("web-2", "node-1"), pod("default", "ok", "node-1", "10.244.1.8")]],
      [SERVICES, [dns]],
      [EVENTS, [probe("web-1"), probe("web-2")]],
    ],
    endpoints: { "/api/v1/nodes/node-1/proxy/configz": configz("10.96.0.10") },
  });
}

describe("pods-half-ready and cluster-dns", () => {
  it("names the container, its probe failure and the moved kube-dns address, one finding for both pods (S5)", async () => {
    const [f, ...rest] = await podsHalfReady.run({ view: s5("10.96.143.7"), now: T0 });
    assert.equal(rest.length, 0);
    assert.match(f.summary, /^2 pods are half-ready: container istio-proxy not ready \(default\/web-1, default\/web-2\)/);
    assert.deepEqual(f.chain.map((s) => s.text), [
      "Pod default/web-1 READY 1/2 for 10m",
      "container istio-proxy not ready: running for 11m, 0 restarts",
      "Readiness probe failed: HTTP probe failed with statuscode: 503",
      "kubelet on node-1 (configz): clusterDNS 10.96.0.10, the nameserver in its pods' resolv.conf",
      "Service kube-system/kube-dns has clusterIP 10.96.143.7 (created 15m ago): nothing answers on 10.96.0.10",
    ]);
    assert.match(f.fix, /spec.clusterIP: 10.96.0.10/);
    assert.equal(f.severity, "critical");
  });

  it("with cluster-dns, the incident is reported once, from the pods", async () => {
    const report = await runChecks(s5("10.96.143.7"), [podsHalfReady, clusterDns], T0);
    assert.deepEqual(report.findings.map((f) => f.check), ["pods-half-ready"]);
  });

  it("when kube-dns has the kubelets' address, the pods' probe failure is the finding and DNS is fine", async () => {
    const view = s5("10.96.0.10");
    const [f] = await podsHalfReady.run({ view, now: T0 });
    assert.equal(f.chain.length, 3);
    assert.equal(f.severity, "warning");
    assert.deepEqual(await clusterDns.run({ view, now: T0 }), []);
  });
});
