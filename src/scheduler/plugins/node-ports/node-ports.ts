/** NodePorts: a pod's host ports must be free on the node (per protocol and host IP, 0.0.0.0 meaning all). */
import type { FilterPlugin, Handle, PreFilterPlugin } from "../../framework/interfaces.js";
import { SKIP, SUCCESS, unschedulable } from "../../framework/status.js";

export const NAME = "NodePorts";
export const ERR_REASON = "node(s) didn't have free ports for the requested pod ports";

export type Args = Record<string, never>;

export function create(_args: Args | undefined, _handle: Handle): PreFilterPlugin & FilterPlugin {
  return {
    name: NAME,
    preFilter(_state, pod) {
      return pod.hostPorts.length === 0 ? SKIP : SUCCESS;
    },
    filter(_state, pod, node) {
      for (const p of pod.hostPorts) if (node.usedPorts.conflicts(p)) return unschedulable(ERR_REASON);
      return SUCCESS;
    },
  };
}
