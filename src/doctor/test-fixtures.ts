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
