/**
 * Status conditions as the workload controllers keep them: a condition of
 * the same status and reason is left alone (lastTransitionTime and
 * lastUpdateTime stay), a changed reason under the same status keeps
 * lastTransitionTime. Lists are never mutated in place.
 */
export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown" | string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

export function findCondition<C extends Condition>(conds: readonly C[] | undefined, type: string): C | undefined {
  return conds?.find((c) => c.type === type);
}

/** Returns conds with `cond` set (upstream's SetDeploymentCondition semantics). */
export function setCondition<C extends Condition>(conds: readonly C[] | undefined, cond: C): C[] {
  const list = conds ? [...conds] : [];
  const current = findCondition(list, cond.type);
  if (current && current.status === cond.status && current.reason === cond.reason) return list;
  const next = { ...cond };
  if (current && current.status === cond.status && current.lastTransitionTime) next.lastTransitionTime = current.lastTransitionTime;
  return [...list.filter((c) => c.type !== cond.type), next];
}

export function removeCondition<C extends Condition>(conds: readonly C[] | undefined, type: string): C[] {
  return (conds ?? []).filter((c) => c.type !== type);
}
