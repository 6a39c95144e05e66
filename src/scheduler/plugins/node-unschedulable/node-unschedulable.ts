/** NodeUnschedulable: cordoned nodes take only pods tolerating node.kubernetes.io/unschedulable:NoSchedule. */
import type { FilterPlugin, Handle } from "../../framework/interfaces.js";
import { SUCCESS, unresolvable } from "../../framework/status.js";
import { tolerationsTolerateTaint } from "../../framework/taints.js";

export const NAME = "NodeUnschedulable";
export const ERR_REASON_UNSCHEDULABLE = "node(s) were unschedulable";
export const ERR_REASON_UNKNOWN_CONDITION = "node(s) had unknown conditions";

export type Args = Record<string, never>;

const unschedulableTaint = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" };

export function create(_args: Args | undefined, _handle: Handle): FilterPlugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      if (!node.node) return unresolvable(ERR_REASON_UNKNOWN_CONDITION);
      if (!node.unschedulable) return SUCCESS;
      if (tolerationsTolerateTaint(pod.pod.spec?.tolerations, unschedulableTaint)) return SUCCESS;
      return unresolvable(ERR_REASON_UNSCHEDULABLE);
    },
  };
}
