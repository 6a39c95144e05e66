/** Object builders for the checks' unit tests. */
import type { KubeObject } from "../api/types.js";

export const T0 = Date.parse("2026-06-01T12:00:00Z");
export const at = (offsetMs: number) => new Date(T0 + offsetMs).toISOString().replace(/\.\d{3}Z$/, "Z");

export function node(name: string, ready: { status: string; reason?: string; message?: string; since?: number } = { status: "True" }, extra: Partial<KubeObject> = {}): KubeObject {
  return {
    metadata: { name, uid: `uid-${name}`, ...(extra.metadata ?? {}) },
    spec: { podCIDR: `10.244.${Number(name.replace(/\D/g, "")) || 0}.0/24`, ...((extra.spec as object) ?? {}) },
    status: {
      addresses: [{ type: "InternalIP", address: `10.0.0.${Number(name.replace(/\D/g, "")) || 1}` }],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      conditions: [{ type: "Ready", status: ready.status, reason: ready.reason, message: ready.message, lastTransitionTime: at(ready.since ?? -3600_000) }],
    },
  };
}

export function event(involved: { kind: string; namespace?: string; name: string }, reason: string, message: string, offsetMs = 0, type = "Warning"): KubeObject {
  return {
    metadata: { name: `${involved.name}.${reason}.${offsetMs}`, namespace: involved.namespace ?? "default" },
    involvedObject: involved,
    reason,
    message,
    type,
    lastTimestamp: at(offsetMs),
    count: 1,
  };
}

export function pod(ns: string, name: string, nodeName: string, ip: string, opts: { labels?: Record<string, string>; ready?: boolean; phase?: string } = {}): KubeObject {
  const ready = opts.ready ?? true;
  return {
    metadata: { name, namespace: ns, uid: `uid-${name}`, labels: opts.labels ?? {} },
    spec: { nodeName, containers: [{ name: "main", image: "img" }] },
    status: {
      phase: opts.phase ?? "Running",
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: "Ready", status: ready ? "True" : "False" }],
      containerStatuses: [{ name: "main", ready, started: true, restartCount: 0, image: "img", imageID: "", state: { running: { startedAt: at(-3600_000) } } }],
    },
  };
}

export function service(ns: string, name: string, clusterIP: string, selector: Record<string, string>): KubeObject {
  return { metadata: { name, namespace: ns }, spec: { clusterIP, selector, ports: [{ port: 443, targetPort: 4443, protocol: "TCP" }] } };
}

export function slice(ns: string, svc: string, port: number, endpoints: Array<{ ip: string; pod: string; node: string; ready?: boolean }>): KubeObject {
  return {
    metadata: { name: `${svc}-abcde`, namespace: ns, labels: { "kubernetes.io/service-name": svc } },
    addressType: "IPv4",
    ports: [{ port, protocol: "TCP", name: "" }],
    endpoints: endpoints.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready ?? true }, nodeName: e.node, targetRef: { kind: "Pod", namespace: ns, name: e.pod } })),
  };
}

export const METRICS_APISERVICE_DOWN = (message = "failing or missing response from https://10.244.1.5:4443/apis/metrics.k8s.io/v1beta1: Get \"https://10.244.1.5:4443/apis/metrics.k8s.io/v1beta1\": dial tcp 10.244.1.5:4443: i/o timeout"): KubeObject => ({
  metadata: { name: "v1beta1.metrics.k8s.io" },
  spec: { group: "metrics.k8s.io", version: "v1beta1", service: { namespace: "kube-system", name: "metrics-server", port: 443 } },
  status: { conditions: [{ type: "Available", status: "False", reason: "FailedDiscoveryCheck", message, lastTransitionTime: at(-600_000) }] },
});
