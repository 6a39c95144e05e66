/**
 * The sim runtime's sandboxes or containers by id, also indexed by the pod
 * they belong to (their io.kubernetes.pod.uid label): the kubelet reads one
 * pod's pieces on every sync and every stats scrape, and with a label
 * selector on the pod uid that should not scan the whole node.
 */
import { POD_UID_LABEL } from "../../pod/labels.js";

export class PodIndexedMap<T extends { labels: Record<string, string> }> extends Map<string, T> {
  // Set only after construction: Map's constructor would call set before this field exists, so none takes entries.
  private readonly byPod = new Map<string, Set<string>>();

  override set(id: string, value: T): this {
    this.unindex(id);
    super.set(id, value);
    const uid = value.labels[POD_UID_LABEL];
    if (uid !== undefined) {
      let ids = this.byPod.get(uid);
      if (!ids) this.byPod.set(uid, (ids = new Set()));
      ids.add(id);
    }
    return this;
  }

  override delete(id: string): boolean {
    this.unindex(id);
    return super.delete(id);
  }

  override clear(): void {
    this.byPod.clear();
    super.clear();
  }

  /** The entries labelled with the pod's uid, oldest first (the order of the whole map). */
  ofPod(uid: string): T[] {
    const ids = this.byPod.get(uid);
    return ids ? [...ids].map((id) => super.get(id)!) : [];
  }

  private unindex(id: string): void {
    const uid = super.get(id)?.labels[POD_UID_LABEL];
    if (uid === undefined) return;
    const ids = this.byPod.get(uid);
    ids?.delete(id);
    if (ids?.size === 0) this.byPod.delete(uid);
  }
}
