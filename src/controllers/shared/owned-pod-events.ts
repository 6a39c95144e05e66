/**
 * The pod event handlers of a controller that owns pods and counts its
 * creations and deletions with expectations (the DaemonSet and Job
 * controllers' addPod/updatePod/deletePod): each event wakes the owner,
 * and a creation or a deletion seen settles one expectation.
 */
import type { EventHandler, KubeObject } from "../../client/types.js";
import type { Expectations } from "./expectations.js";

export function ownedPodEvents<T extends KubeObject>(ownerKey: (pod: T) => string | undefined, expectations: Expectations, enqueue: (key: string) => void): EventHandler<T> {
  return {
    onAdd: (p) => {
      const key = ownerKey(p);
      if (!key) return;
      expectations.creationObserved(key);
      enqueue(key);
    },
    onUpdate: (o, p) => {
      // A resync of an unchanged pod says nothing new.
      if (o.metadata.resourceVersion === p.metadata.resourceVersion) return;
      const key = ownerKey(p);
      if (!key) return;
      if (p.metadata.deletionTimestamp && !o.metadata.deletionTimestamp) expectations.deletionObserved(key, p.metadata.uid ?? "");
      enqueue(key);
    },
    onDelete: (p) => {
      const key = ownerKey(p);
      if (!key) return;
      expectations.deletionObserved(key, p.metadata.uid ?? "");
      enqueue(key);
    },
  };
}
