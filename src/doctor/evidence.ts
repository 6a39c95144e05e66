/** Small readers the checks share: conditions, ages, and the wording of times. */
import { humanDuration } from "../api/printers.js";
import type { KubeObject } from "../api/types.js";

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastHeartbeatTime?: string;
}

export function conditionOf(obj: KubeObject, type: string): Condition | undefined {
  return ((obj.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).find((c) => c.type === type);
}

/** "for 3m12s" since an RFC 3339 time, or "" when it is unknown. */
export function since(now: number, time: string | undefined): string {
  if (!time) return "";
  const t = Date.parse(time);
  return Number.isNaN(t) ? "" : ` for ${humanDuration(Math.max(0, now - t))}`;
}

/** "Ready=False (KubeletNotReady)" */
export function conditionText(c: Condition): string {
  return `${c.type}=${c.status}${c.reason ? ` (${c.reason})` : ""}`;
}
