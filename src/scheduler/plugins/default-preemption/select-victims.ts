/**
 * Which pods to evict on one node so the preemptor fits (upstream's
 * SelectVictimsOnNode): remove every lower-priority pod; if the pod still
 * does not fit, the node cannot help. Otherwise add them back one by one,
 * most important first, keeping each that does not stop the pod fitting.
 */
import type { NodeInfo } from "../../cache/node-info.js";
import type { CycleState } from "../../framework/cycle-state.js";
import type { FrameworkRunner } from "../../framework/interfaces.js";
import type { PodInfo } from "../../framework/pod-info.js";
import { unresolvable, type Status } from "../../framework/status.js";

export const ERR_NO_VICTIMS = "No preemption victims found for incoming pod";

export interface Victims {
  pods: PodInfo[];
}

export function startTime(p: PodInfo): number {
  const t = p.pod.status?.startTime ?? p.pod.metadata?.creationTimestamp;
  return t ? Date.parse(t) : Number.MAX_SAFE_INTEGER;
}

/** Upstream's MoreImportantPod: higher priority, then the one that started earlier. */
export function moreImportant(a: PodInfo, b: PodInfo): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return startTime(a) - startTime(b);
}

export function selectVictimsOnNode(runner: FrameworkRunner, state: CycleState, pod: PodInfo, node: NodeInfo): { victims?: Victims; status?: Status } {
  const potential = node.pods.filter((p) => p.priority < pod.priority);
  if (potential.length === 0) return { status: unresolvable(ERR_NO_VICTIMS) };
  for (const p of potential) {
    node.removePod(p.key);
    const s = runner.runPreFilterExtensionRemovePod(state, pod, p, node);
    if (!s.isSuccess()) return { status: s };
  }
  const fits = runner.runFilterPluginsWithNominatedPods(state, pod, node);
  if (!fits.isSuccess()) return { status: fits };
  potential.sort(moreImportant);
  const victims: PodInfo[] = [];
  for (const p of potential) {
    node.addPod(p);
    runner.runPreFilterExtensionAddPod(state, pod, p, node);
    if (!runner.runFilterPluginsWithNominatedPods(state, pod, node).isSuccess()) {
      node.removePod(p.key);
      runner.runPreFilterExtensionRemovePod(state, pod, p, node);
      victims.push(p);
    }
  }
  return { victims: { pods: victims } };
}
