/** Pods nominated to nodes (status.nominatedNodeName or a fresh preemption), by node. */
import type { Nominator } from "../framework/interfaces.js";
import type { PodInfo } from "../framework/pod-info.js";

export class PodNominator implements Nominator {
  private readonly byNode = new Map<string, PodInfo[]>();
  private readonly nodeOf = new Map<string, string>();

  /** Records the pod's nomination: nodeName, else its status.nominatedNodeName; none removes it. */
  add(info: PodInfo, nodeName?: string): void {
    this.delete(info.key);
    const node = nodeName ?? info.pod.status?.nominatedNodeName;
    if (!node) return;
    this.nodeOf.set(info.key, node);
    let list = this.byNode.get(node);
    if (!list) this.byNode.set(node, (list = []));
    list.push(info);
  }

  delete(key: string): void {
    const node = this.nodeOf.get(key);
    if (node === undefined) return;
    this.nodeOf.delete(key);
    const list = this.byNode.get(node)!;
    const i = list.findIndex((p) => p.key === key);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byNode.delete(node);
  }

  nominatedNodeFor(key: string): string | undefined {
    return this.nodeOf.get(key);
  }

  hasNominatedPods(): boolean {
    return this.nodeOf.size > 0;
  }

  nominatedPodsForNode(nodeName: string): readonly PodInfo[] {
    return this.byNode.get(nodeName) ?? EMPTY;
  }
}

const EMPTY: readonly PodInfo[] = Object.freeze([]);
