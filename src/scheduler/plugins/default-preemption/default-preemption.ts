/**
 * DefaultPreemption (PostFilter): when no node fits, find nodes where
 * evicting lower-priority pods lets the pod fit, pick the cheapest, delete
 * its victims and nominate the node (status.nominatedNodeName). Otherwise
 * explain, as upstream: "preemption: 0/N nodes are available: ...".
 */
import type { Handle, KubeObject, NodeStatusMap, PostFilterPlugin } from "../../framework/interfaces.js";
import type { PodInfo } from "../../framework/pod-info.js";
import { Code, Status, SUCCESS, unresolvable } from "../../framework/status.js";
import { fitErrorMessage } from "../../fit-error.js";
import { pickOneNode, type Candidate } from "./pick-node.js";
import { selectVictimsOnNode } from "./select-victims.js";
import { formatTime } from "../../../util/time.js";

export const NAME = "DefaultPreemption";
export const ERR_NOT_HELPFUL = "Preemption is not helpful for scheduling";

export interface Args {
  /** Upstream defaults: at least 10% of nodes, at least 100 nodes, as dry-run candidates. */
  minCandidateNodesPercentage?: number;
  minCandidateNodesAbsolute?: number;
}

const PODS = { group: "", version: "v1", resource: "pods" };

/** A victim of an earlier preemption still on its way out. */
function terminatingByPreemption(p: PodInfo): boolean {
  if (!p.pod.metadata?.deletionTimestamp) return false;
  return (p.pod.status?.conditions ?? []).some((c) => c.type === "DisruptionTarget" && c.status === "True" && c.reason === "PreemptionByScheduler");
}

export function create(args: Args | undefined, handle: Handle): PostFilterPlugin {
  const pct = args?.minCandidateNodesPercentage ?? 10;
  const abs = args?.minCandidateNodesAbsolute ?? 100;

  /** Upstream's PodEligibleToPreemptOthers: undefined when eligible, else why not. */
  function eligible(pod: PodInfo, statuses: NodeStatusMap): string | undefined {
    if (pod.pod.spec?.preemptionPolicy === "Never") return "not eligible due to preemptionPolicy=Never.";
    const nominated = pod.pod.status?.nominatedNodeName;
    // A nominated node that can no longer work at all: preempt again elsewhere.
    if (nominated && statuses.get(nominated)?.code !== Code.UnschedulableAndUnresolvable) {
      const ni = handle.cache.nodeInfo(nominated);
      if (ni?.pods.some((p) => p.priority < pod.priority && terminatingByPreemption(p))) return "not eligible due to a terminating pod on the nominated node.";
    }
    return undefined;
  }

  async function evict(pod: PodInfo, c: Candidate): Promise<void> {
    for (const v of c.victims) {
      const meta = v.pod.metadata!;
      await handle.client
        .patch(PODS, meta.namespace, meta.name!, "strategic", {
          status: { conditions: [{ type: "DisruptionTarget", status: "True", reason: "PreemptionByScheduler", message: `${handle.runner.profileName}: preempting to accommodate a higher priority pod`, lastTransitionTime: formatTime(handle.clock.now()) }] },
        }, { subresource: "status" })
        .catch(() => undefined);
      await handle.client.delete(PODS, meta.namespace, meta.name!).catch((err: { code?: number }) => {
        if (err?.code !== 404) throw err;
      });
      handle.recorder?.event({ ...(v.pod as never as KubeObject), apiVersion: "v1", kind: "Pod" }, "Normal", "Preempted", `Preempted by pod ${pod.pod.metadata?.uid ?? ""} on node ${c.nodeName}`, "Preempting", { ...(pod.pod as never as KubeObject), apiVersion: "v1", kind: "Pod" });
    }
    // Lower-priority pods nominated to this node lose their nomination.
    for (const np of handle.nominator.nominatedPodsForNode(c.nodeName)) {
      if (np.priority >= pod.priority) continue;
      const meta = np.pod.metadata!;
      await handle.client.patch(PODS, meta.namespace, meta.name!, "merge", { status: { nominatedNodeName: null } }, { subresource: "status" }).catch(() => undefined);
    }
  }

  return {
    name: NAME,
    async postFilter(state, pod, statuses: NodeStatusMap) {
      const why = eligible(pod, statuses);
      if (why) return { status: new Status(Code.Unschedulable, [`preemption: ${why}`]) };
      const all = handle.cache.nodeList();
      const nodeStatuses: NodeStatusMap = new Map();
      const potential = [];
      for (const ni of all) {
        const s = statuses.get(ni.name);
        if (s?.code === Code.UnschedulableAndUnresolvable) nodeStatuses.set(ni.name, unresolvable(ERR_NOT_HELPFUL));
        else potential.push(ni);
      }
      const candidates: Candidate[] = [];
      if (potential.length > 0) {
        const want = Math.min(potential.length, Math.max(Math.trunc((potential.length * pct) / 100), abs));
        for (const ni of potential) {
          const { victims, status } = selectVictimsOnNode(handle.runner, state.clone(), pod, ni.clone());
          if (victims) {
            candidates.push({ nodeName: ni.name, victims: victims.pods });
            if (candidates.length >= want) break;
          } else if (status) nodeStatuses.set(ni.name, status);
        }
      }
      const best = pickOneNode(candidates);
      if (!best) {
        const msg = fitErrorMessage({ numAllNodes: nodeStatuses.size, statuses: nodeStatuses });
        return { result: { nominatedNodeName: "" }, status: new Status(Code.Unschedulable, [`preemption: ${msg}`]) };
      }
      await evict(pod, best);
      return { result: { nominatedNodeName: best.nodeName }, status: SUCCESS };
    },
  };
}
