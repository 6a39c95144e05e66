/**
 * Node selector terms compiled into predicates over a node's labels and
 * name (upstream's nodeaffinity.NodeSelector): terms are ORed, the
 * requirements of a term ANDed; a term with no requirements matches nothing.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm } from "./types.js";
import type { Labels } from "./labels.js";

export type NodeMatcher = (labels: Labels, nodeName: string) => boolean;

function requirement(r: NodeSelectorRequirement, field: boolean): NodeMatcher {
  const values = r.values ?? [];
  const set = new Set(values);
  const get = field
    ? (_l: Labels, name: string) => (r.key === "metadata.name" ? name : undefined)
    : (l: Labels) => (l && Object.hasOwn(l, r.key) ? l[r.key] : undefined);
  switch (r.operator) {
    case "In":
      return (l, n) => {
        const v = get(l, n);
        return v !== undefined && set.has(v);
      };
    case "NotIn":
      return (l, n) => {
        const v = get(l, n);
        return v === undefined || !set.has(v);
      };
    case "Exists":
      return (l, n) => get(l, n) !== undefined;
    case "DoesNotExist":
      return (l, n) => get(l, n) === undefined;
    case "Gt":
    case "Lt": {
      if (values.length !== 1 || !/^-?\d+$/.test(values[0])) return () => false;
      const bound = Number(values[0]);
      const gt = r.operator === "Gt";
      return (l, n) => {
        const v = get(l, n);
        if (v === undefined || !/^-?\d+$/.test(v)) return false;
        return gt ? Number(v) > bound : Number(v) < bound;
      };
    }
    default:
      return () => false;
  }
}

export function compileNodeSelectorTerm(t: NodeSelectorTerm): NodeMatcher {
  const reqs = [...(t.matchExpressions ?? []).map((r) => requirement(r, false)), ...(t.matchFields ?? []).map((r) => requirement(r, true))];
  if (reqs.length === 0) return () => false;
  return (l, n) => {
    for (const r of reqs) if (!r(l, n)) return false;
    return true;
  };
}

export function compileNodeSelectorTerms(terms: readonly NodeSelectorTerm[]): NodeMatcher {
  const compiled = terms.map(compileNodeSelectorTerm);
  return (l, n) => {
    for (const c of compiled) if (c(l, n)) return true;
    return false;
  };
}
