/** PrioritySort: the active queue in priority order, then first come first served. */
import type { Handle, QueuedPod, QueueSortPlugin } from "../../framework/interfaces.js";

export const NAME = "PrioritySort";

export type Args = Record<string, never>;

export function create(_args: Args | undefined, _handle: Handle): QueueSortPlugin {
  return {
    name: NAME,
    less(a: QueuedPod, b: QueuedPod): boolean {
      return a.info.priority > b.info.priority || (a.info.priority === b.info.priority && a.timestamp < b.timestamp);
    },
  };
}
