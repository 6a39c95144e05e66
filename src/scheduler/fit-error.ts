/**
 * The message of a pod that fits nowhere, exactly as upstream's
 * FitError.Error():
 *
 *   0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu.
 *     preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.
 *
 * (one line; the preemption part is DefaultPreemption's own FitError message).
 *
 * Each node's reasons are counted; "count reason" strings are sorted as
 * strings (so "10 x" sorts before "2 y", as upstream). A PreFilter
 * rejection replaces the per-node histogram with its own message.
 */
import type { NodeStatusMap } from "./framework/interfaces.js";

export interface Diagnosis {
  numAllNodes: number;
  statuses: NodeStatusMap;
  preFilterMsg?: string;
  postFilterMsg?: string;
}

export const ERR_NO_NODES_AVAILABLE = "no nodes available to schedule pods";

export function fitErrorMessage(d: Diagnosis): string {
  let msg = `0/${d.numAllNodes} nodes are available:`;
  if (d.preFilterMsg) {
    msg += ` ${d.preFilterMsg}.`;
  } else {
    const counts = new Map<string, number>();
    for (const s of d.statuses.values()) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
    const parts = [...counts].map(([r, n]) => `${n} ${r}`);
    // Go's sort.Strings: byte order, not locale order.
    parts.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (parts.length) msg += ` ${parts.join(", ")}.`;
  }
  // The PostFilter message is a sentence of its own and brings its own period.
  if (d.postFilterMsg) msg += ` ${d.postFilterMsg}`;
  return msg;
}
