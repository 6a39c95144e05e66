/**
 * VolumeBinding for pods whose claims are bound: every claim must exist
 * and not be terminating, an unbound claim of an Immediate storage class
 * makes the pod unschedulable until the PV controller binds it, and a
 * bound volume's required node affinity must match the node. Claims of a
 * WaitForFirstConsumer class are left to provisioning and do not restrict nodes.
 */
import type { StateData } from "../../framework/cycle-state.js";
import type { FilterPlugin, Handle, PreFilterPlugin } from "../../framework/interfaces.js";
import { compileNodeSelectorTerms, type NodeMatcher } from "../../framework/node-selector.js";
import { SKIP, SUCCESS, unresolvable } from "../../framework/status.js";
import type { PersistentVolume, PersistentVolumeClaim } from "../../framework/types.js";

export const NAME = "VolumeBinding";
export const ERR_REASON_UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
export const ERR_REASON_NODE_CONFLICT = "node(s) had volume node affinity conflict";
export const ERR_REASON_NOT_EXIST = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

export type Args = Record<string, never>;

class BoundVolumes implements StateData {
  constructor(
    readonly affinities: NodeMatcher[],
    readonly missingPV: boolean,
  ) {}
  clone(): StateData {
    return this;
  }
}

const stateKey = `PreFilter${NAME}`;

export function create(_args: Args | undefined, handle: Handle): PreFilterPlugin & FilterPlugin {
  const { persistentVolumeClaims: pvcs, persistentVolumes: pvs, storageClasses } = handle.listers;
  return {
    name: NAME,
    preFilter(state, pod) {
      const claims = (pod.pod.spec?.volumes ?? []).flatMap((v) => (v.persistentVolumeClaim ? [v.persistentVolumeClaim.claimName] : []));
      if (claims.length === 0) return SKIP;
      const affinities: NodeMatcher[] = [];
      let missingPV = false;
      for (const name of claims) {
        const pvc = pvcs?.get(pod.namespace, name) as PersistentVolumeClaim | undefined;
        if (!pvc) return unresolvable(`persistentvolumeclaim "${name}" not found`);
        if (pvc.metadata?.deletionTimestamp) return unresolvable(`persistentvolumeclaim "${name}" is being deleted`);
        const volumeName = pvc.spec?.volumeName;
        if (!volumeName) {
          const className = pvc.spec?.storageClassName ?? "";
          const sc = className ? (storageClasses?.get(undefined, className) as { volumeBindingMode?: string } | undefined) : undefined;
          if (sc?.volumeBindingMode === "WaitForFirstConsumer") continue;
          return unresolvable(ERR_REASON_UNBOUND_IMMEDIATE);
        }
        const pv = pvs?.get(undefined, volumeName) as PersistentVolume | undefined;
        if (!pv) {
          missingPV = true;
          continue;
        }
        const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
        if (terms) affinities.push(compileNodeSelectorTerms(terms));
      }
      state.write(stateKey, new BoundVolumes(affinities, missingPV));
      return SUCCESS;
    },
    filter(state, _pod, node) {
      const s = state.read<BoundVolumes>(stateKey);
      if (!s) return SUCCESS;
      if (s.missingPV) return unresolvable(ERR_REASON_NOT_EXIST);
      for (const a of s.affinities) if (!a(node.labels, node.name)) return unresolvable(ERR_REASON_NODE_CONFLICT);
      return SUCCESS;
    },
  };
}
