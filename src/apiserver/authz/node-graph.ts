/**
 * The Node authorizer's graph (upstream's plugin/pkg/auth/authorizer/node
 * graph): vertices are API objects, an edge points from an object to what
 * uses it, ending at nodes:
 *
 *   secret/configmap/pvc/serviceaccount/resourceclaim -> the pod's node
 *   pod -> node,  pv -> pvc,  secret -> pv,  volumeattachment -> node
 *
 * Each object's own edges are replaced whole when it changes (set) and
 * dropped when it goes (remove), so a watch event costs only that object's
 * edges; a question walks from the asked-for object towards the node.
 *
 * Edges that end at a node are kept apart, counted per node name: a vertex
 * answers "do I lead straight to node N" with one lookup, whatever its
 * degree. With what a pod uses linked to the pod's node directly (upstream's
 * destination edges, see podEdges), a service account shared by thousands
 * of pods answers in O(1), and a walk never fans out over pods.
 */

export type VertexType = "configmap" | "node" | "pod" | "pv" | "pvc" | "resourceclaim" | "secret" | "serviceaccount" | "volumeattachment";

export interface VertexRef {
  type: VertexType;
  namespace?: string;
  name: string;
}

const keyOf = (v: VertexRef): string => `${v.type}/${v.namespace ?? ""}/${v.name}`;

/** One declared edge: from key, and either a vertex key or a node name. */
interface KeyedEdge {
  from: string;
  to: string;
  toNode: boolean;
}

function bump(index: Map<string, Map<string, number>>, from: string, to: string, by: 1 | -1): void {
  let targets = index.get(from);
  if (!targets) index.set(from, (targets = new Map()));
  const n = (targets.get(to) ?? 0) + by;
  if (n > 0) targets.set(to, n);
  else targets.delete(to);
  if (targets.size === 0) index.delete(from);
}

const sameEdges = (a: readonly KeyedEdge[], b: readonly KeyedEdge[]): boolean =>
  a.length === b.length && a.every((e, i) => e.from === b[i].from && e.to === b[i].to && e.toNode === b[i].toNode);

export class NodeGraph {
  /** from vertex -> to vertex (never a node) -> how many owners declared that edge. */
  private readonly out = new Map<string, Map<string, number>>();
  /** from vertex -> node name -> how many owners declared an edge to that node. */
  private readonly toNodes = new Map<string, Map<string, number>>();
  /** owner vertex -> the edges it declared. */
  private readonly owned = new Map<string, KeyedEdge[]>();

  /** Replaces the edges owner declared with these (each edge: [from, to]). */
  set(owner: VertexRef, edges: [VertexRef, VertexRef][]): void {
    const key = keyOf(owner);
    const keyed = edges.map(([from, to]): KeyedEdge => (to.type === "node" ? { from: keyOf(from), to: to.name, toNode: true } : { from: keyOf(from), to: keyOf(to), toNode: false }));
    const previous = this.owned.get(key);
    // Most events (a pod's status changing) leave the edges as they were.
    if (previous && sameEdges(previous, keyed)) return;
    this.remove(owner);
    if (keyed.length === 0) return;
    for (const e of keyed) bump(e.toNode ? this.toNodes : this.out, e.from, e.to, 1);
    this.owned.set(key, keyed);
  }

  /** Drops every edge owner declared. */
  remove(owner: VertexRef): void {
    const key = keyOf(owner);
    for (const e of this.owned.get(key) ?? []) bump(e.toNode ? this.toNodes : this.out, e.from, e.to, -1);
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
    const first = keyOf(start);
    const seen = new Set<string>([first]);
    const stack = [first];
    while (stack.length > 0) {
      const at = stack.pop()!;
      if (this.toNodes.get(at)?.has(nodeName)) return true;
      // Nothing leads out of a node, so edges to other nodes are dead ends and never walked.
      for (const next of this.out.get(at)?.keys() ?? []) {
        if (seen.has(next)) continue;
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
