/** NodeName: a pod that names a node fits only there. */
import type { FilterPlugin, Handle } from "../../framework/interfaces.js";
import { SUCCESS, unresolvable } from "../../framework/status.js";

export const NAME = "NodeName";
export const ERR_REASON = "node(s) didn't match the requested node name";

export type Args = Record<string, never>;

export function create(_args: Args | undefined, _handle: Handle): FilterPlugin {
  return {
    name: NAME,
    filter(_state, pod, node) {
      const want = pod.pod.spec?.nodeName;
      return !want || want === node.name ? SUCCESS : unresolvable(ERR_REASON);
    },
  };
}
