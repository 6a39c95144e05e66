/**
 * The Node authorizer's graph (upstream's plugin/pkg/auth/authorizer/node
 * graph): vertices are API objects, an edge points from an object to what
 * uses it, ending at nodes:
 *
 *   secret/configmap/pvc/serviceaccount/resourceclaim -> pod -> node
 *   pv -> pvc,  secret -> pv,  volumeattachment -> node
 *
 * Each object's own edges are replaced whole when it changes (set) and
 * dropped when it goes (remove), so a watch event costs only that object's
 * edges; a question walks from the asked-for object towards the node.
 */

export type VertexType = "configmap" | "node" | "pod" | "pv" | "pvc" | "resourceclaim" | "secret" | "serviceaccount" | "volumeattachment";

export interface VertexRef {
  type: VertexType;
  namespace?: string;
  name: string;
}

const keyOf = (v: VertexRef): string => `${v.type}/${v.namespace ?? ""}/${v.name}`;

export class NodeGraph {
  /** from vertex -> to vertex -> how many owners declared that edge. */
  private readonly out = new Map<string, Map<string, number>>();
  /** owner vertex -> the edges it declared, as [from, to] keys. */
  private readonly owned = new Map<string, [string, string][]>();

  /** Replaces the edges owner declared with these (each edge: [from, to]). */
  set(owner: VertexRef, edges: [VertexRef, VertexRef][]): void {
    this.remove(owner);
    if (edges.length === 0) return;
    const keyed = edges.map(([from, to]): [string, string] => [keyOf(from), keyOf(to)]);
    for (const [from, to] of keyed) {
      let targets = this.out.get(from);
      if (!targets) this.out.set(from, (targets = new Map()));
      targets.set(to, (targets.get(to) ?? 0) + 1);
    }
    this.owned.set(keyOf(owner), keyed);
  }

  /** Drops every edge owner declared. */
  remove(owner: VertexRef): void {
    const key = keyOf(owner);
    for (const [from, to] of this.owned.get(key) ?? []) {
      const targets = this.out.get(from)!;
      const n = targets.get(to)! - 1;
      if (n > 0) targets.set(to, n);
      else targets.delete(to);
      if (targets.size === 0) this.out.delete(from);
    }
    this.owned.delete(key);
  }

  /** Drops the edges of every owner of this type (before re-reading them all). */
  removeOwnersOfType(type: VertexType): void {
    for (const key of [...this.owned.keys()]) {
      if (key.startsWith(`${type}/`)) {
        const [, namespace, name] = key.split("/");
        this.remove({ type, namespace: namespace || undefined, name });
      }
    }
  }

  /** Whether a path leads from the object to the node, never passing through another node. */
  hasPath(start: VertexRef, nodeName: string): boolean {
    const goal = keyOf({ type: "node", name: nodeName });
    const seen = new Set<string>([keyOf(start)]);
    const stack = [keyOf(start)];
    while (stack.length > 0) {
      for (const next of this.out.get(stack.pop()!)?.keys() ?? []) {
        if (next === goal) return true;
        // Other nodes are dead ends; nothing leads out of a node anyway.
        if (seen.has(next) || next.startsWith("node/")) continue;
        seen.add(next);
        stack.push(next);
      }
    }
    return false;
  }

  /** How many objects declared edges (for tests and metrics). */
  get ownerCount(): number {
    return this.owned.size;
  }
}
