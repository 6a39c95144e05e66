/**
 * tryUpdateNodeHealth as a pure function: the controller remembers, per
 * node, when it last heard from the kubelet (a new Ready heartbeat or a
 * newer Lease renewTime, timed by the controller's own clock). When nothing
 * has been heard for the grace period, the node's Ready and pressure
 * conditions become Unknown.
 */
import type { Lease } from "kubernetes-types/coordination/v1.js";
import type { Node, NodeCondition } from "kubernetes-types/core/v1.js";
import { readyCondition } from "./taints.js";
import { formatTime } from "../../util/time.js";

/** --node-startup-grace-period: how long a node that never posted status is given. */
export const NODE_STARTUP_GRACE_PERIOD_MS = 60_000;
const REMAINING_CONDITIONS = ["MemoryPressure", "DiskPressure", "PIDPressure"];

/** What the controller remembers about a node between passes. */
export interface NodeHealth {
  /** The Ready heartbeat last seen. */
  readyHeartbeat?: string;
  /** The Lease renewTime last seen (ms). */
  leaseRenewMs?: number;
  /** When (controller clock, ms) the kubelet was last heard from. */
  probeMs: number;
}

export interface HealthResult {
  health: NodeHealth;
  /** The Ready condition as the node carried it. */
  observedReady?: NodeCondition;
  /** The conditions to write when the node must be marked Unknown; undefined when no write is needed. */
  conditions?: NodeCondition[];
}

export interface HealthOptions {
  now: number;
  gracePeriodMs: number;
  startupGracePeriodMs?: number;
}

function iso(ms: number): string {
  return formatTime(ms);
}

export function assessNodeHealth(node: Node, lease: Lease | undefined, saved: NodeHealth | undefined, opts: HealthOptions): HealthResult {
  const { now } = opts;
  const observedReady = readyCondition(node);
  const created = Date.parse(node.metadata?.creationTimestamp ?? "") || now;
  const grace = observedReady ? opts.gracePeriodMs : (opts.startupGracePeriodMs ?? NODE_STARTUP_GRACE_PERIOD_MS);

  let health: NodeHealth;
  if (!saved) {
    // First sight: a node that never posted status is timed from its creation.
    health = { readyHeartbeat: observedReady?.lastHeartbeatTime, probeMs: observedReady ? now : created };
  } else {
    health = { ...saved };
    if (observedReady?.lastHeartbeatTime !== saved.readyHeartbeat) {
      health.readyHeartbeat = observedReady?.lastHeartbeatTime;
      health.probeMs = now;
    }
  }
  const renew = Date.parse(lease?.spec?.renewTime ?? "");
  if (!Number.isNaN(renew) && (health.leaseRenewMs === undefined || health.leaseRenewMs < renew)) {
    health.leaseRenewMs = renew;
    health.probeMs = now;
  }

  if (now <= health.probeMs + grace) return { health, observedReady };

  const nowIso = iso(now);
  const conditions = (node.status?.conditions ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of ["Ready", ...REMAINING_CONDITIONS]) {
    const c = conditions.find((x) => x.type === type);
    if (!c) {
      conditions.push({ type, status: "Unknown", reason: "NodeStatusNeverUpdated", message: "Kubelet never posted node status.", lastHeartbeatTime: node.metadata?.creationTimestamp, lastTransitionTime: nowIso });
      changed = true;
    } else if (c.status !== "Unknown") {
      Object.assign(c, { status: "Unknown", reason: "NodeStatusUnknown", message: "Kubelet stopped posting node status.", lastTransitionTime: nowIso });
      changed = true;
    }
  }
  return { health, observedReady, conditions: changed ? conditions : undefined };
}
