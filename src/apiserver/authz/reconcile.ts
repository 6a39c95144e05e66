/**
 * Upstream's RBAC auto-reconciliation at every start: a default ClusterRole
 * or ClusterRoleBinding that exists (and is not annotated
 * rbac.authorization.kubernetes.io/autoupdate=false) gets the rules,
 * aggregation selectors, subjects, labels and annotations of the default
 * that it lacks; nothing it has is removed. A binding whose roleRef differs
 * is recreated, as roleRef cannot change.
 */
import type { AggregationRule, PolicyRule, RoleRef, Subject } from "kubernetes-types/rbac/v1.js";
import type { KubeObject } from "../../api/types.js";
import { covers } from "../../api/rbac/rule-covers.js";
import type { ResourceRegistry } from "../registry/registry.js";
import type { WriteOptions } from "../registry/types.js";
import { deleteObject } from "../registry/delete.js";

const AUTOUPDATE = "rbac.authorization.kubernetes.io/autoupdate";

type RbacObject = KubeObject & { rules?: PolicyRule[]; aggregationRule?: AggregationRule; roleRef?: RoleRef; subjects?: Subject[] };

/** The object `existing` should become, or undefined when it needs nothing. */
export function reconciled(expected: RbacObject, existing: RbacObject): RbacObject | undefined {
  if (existing.metadata.annotations?.[AUTOUPDATE] === "false") return undefined;
  const out: RbacObject = structuredClone(existing);
  let changed = false;
  for (const field of ["labels", "annotations"] as const) {
    const want = expected.metadata[field] ?? {};
    const have = existing.metadata[field] ?? {};
    const missing = Object.keys(want).filter((k) => !(k in have));
    if (missing.length === 0) continue;
    out.metadata[field] = { ...have, ...Object.fromEntries(missing.map((k) => [k, want[k]!])) };
    changed = true;
  }
  if (expected.aggregationRule) {
    const have = existing.aggregationRule?.clusterRoleSelectors ?? [];
    const missing = (expected.aggregationRule.clusterRoleSelectors ?? []).filter((s) => !have.some((h) => JSON.stringify(h) === JSON.stringify(s)));
    if (missing.length || !existing.aggregationRule) {
      out.aggregationRule = { clusterRoleSelectors: [...have, ...missing] };
      changed = true;
    }
  }
  if (expected.rules) {
    const { missing } = covers(existing.rules ?? [], expected.rules);
    if (missing.length) {
      out.rules = [...(existing.rules ?? []), ...missing];
      changed = true;
    }
  }
  if (expected.subjects) {
    const have = existing.subjects ?? [];
    const missing = expected.subjects.filter((s) => !have.some((h) => h.kind === s.kind && h.name === s.name && (h.namespace ?? "") === (s.namespace ?? "") && (h.apiGroup ?? "") === (s.apiGroup ?? "")));
    if (missing.length) {
      out.subjects = [...have, ...missing];
      changed = true;
    }
  }
  return changed ? out : undefined;
}

/** Creates expected when absent, else brings the stored object up to it. */
export async function reconcileRbacObject(reg: ResourceRegistry, expected: RbacObject, opts: WriteOptions): Promise<void> {
  const { namespace, name } = expected.metadata;
  const existing = (await reg.tryGet(namespace, name!)) as RbacObject | undefined;
  if (!existing) {
    await reg.create(namespace, structuredClone(expected), opts);
    return;
  }
  if (expected.roleRef && JSON.stringify(existing.roleRef) !== JSON.stringify(expected.roleRef)) {
    if (existing.metadata.annotations?.[AUTOUPDATE] === "false") return;
    // roleRef is immutable: upstream deletes and recreates, keeping the subjects it had.
    await deleteObject(reg, namespace, name!, { preconditions: { uid: existing.metadata.uid } }, opts);
    const next = reconciled(expected, { ...structuredClone(expected), subjects: existing.subjects, metadata: { ...expected.metadata, labels: existing.metadata.labels, annotations: existing.metadata.annotations } }) ?? expected;
    await reg.create(namespace, structuredClone(next), opts);
    return;
  }
  const next = reconciled(expected, existing);
  if (!next) return;
  await reg.mutate(namespace, name!, () => next, { ...opts, expectResourceVersion: existing.metadata.resourceVersion });
}
