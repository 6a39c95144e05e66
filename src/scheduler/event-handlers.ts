/**
 * Informer events into the cache and the queue (upstream's
 * addAllEventHandlers): bound, non-terminal pods go to the cache; pending
 * pods this scheduler is responsible for go to the queue; node, pod and
 * volume changes that may make unschedulable pods fit move them back.
 */
import type { Informer } from "../client/types.js";
import type { SchedulerCache } from "./cache/cache.js";
import type { Node, Pod } from "./framework/types.js";
import type { ClusterEvent } from "./queue/events.js";
import type { SchedulingQueue } from "./queue/scheduling-queue.js";

export interface EventHandlerDeps {
  cache: SchedulerCache;
  queue: SchedulingQueue;
  /** Whether a profile of this scheduler handles the pod's schedulerName. */
  responsibleFor(pod: Pod): boolean;
}

const assigned = (p: Pod) => !!p.spec?.nodeName;
const terminal = (p: Pod) => p.status?.phase === "Succeeded" || p.status?.phase === "Failed";

export function addPodHandlers(informer: Informer, deps: EventHandlerDeps): void {
  const { cache, queue } = deps;
  const move = (e: ClusterEvent) => queue.moveAllToActiveOrBackoffQueue(e);
  informer.addEventHandler({
    onAdd(obj) {
      const p = obj as unknown as Pod;
      if (assigned(p)) {
        if (terminal(p)) return;
        cache.addPod(p);
        move("AssignedPodAdd");
      } else if (deps.responsibleFor(p) && !terminal(p)) queue.add(p);
    },
    onUpdate(oldObj, newObj) {
      const o = oldObj as unknown as Pod;
      const n = newObj as unknown as Pod;
      if (assigned(n)) {
        if (!assigned(o)) queue.delete(n);
        if (terminal(n)) {
          cache.removePod(n);
          move("AssignedPodDelete");
        } else if (!assigned(o)) {
          cache.addPod(n);
          move("AssignedPodAdd");
        } else {
          cache.updatePod(n);
          move("AssignedPodUpdate");
        }
        return;
      }
      if (deps.responsibleFor(n) && !terminal(n)) queue.update(o, n);
      else queue.delete(n);
    },
    onDelete(obj) {
      const p = obj as unknown as Pod;
      if (assigned(p)) {
        cache.removePod(p);
        move("AssignedPodDelete");
      } else queue.delete(p);
    },
  });
}

/** The parts of a node that change what fits on it (upstream's nodeSchedulingPropertiesChange). */
function schedulingProperties(n: Node): string {
  return JSON.stringify([
    n.spec?.unschedulable,
    n.spec?.taints,
    n.metadata?.labels,
    n.status?.allocatable,
    (n.status?.conditions ?? []).map((c) => [c.type, c.status]),
  ]);
}

export function addNodeHandlers(informer: Informer, deps: EventHandlerDeps): void {
  const { cache, queue } = deps;
  informer.addEventHandler({
    onAdd(obj) {
      cache.addNode(obj as unknown as Node);
      queue.moveAllToActiveOrBackoffQueue("NodeAdd");
    },
    onUpdate(oldObj, newObj) {
      const o = oldObj as unknown as Node;
      const n = newObj as unknown as Node;
      cache.updateNode(n);
      if (schedulingProperties(o) !== schedulingProperties(n)) queue.moveAllToActiveOrBackoffQueue("NodeUpdate");
    },
    onDelete(obj) {
      cache.removeNode(obj as unknown as Node);
      queue.moveAllToActiveOrBackoffQueue("NodeDelete");
    },
  });
}

/** Volume objects: any add or change may bind a claim. */
export function addMoveHandlers(informer: Informer, queue: SchedulingQueue, onAdd: ClusterEvent, onUpdate: ClusterEvent): void {
  informer.addEventHandler({
    onAdd: () => queue.moveAllToActiveOrBackoffQueue(onAdd),
    onUpdate: () => queue.moveAllToActiveOrBackoffQueue(onUpdate),
  });
}
