/**
 * The namespace deletion conditions (upstream's namespaceConditionUpdater):
 * every sync sets all five, the failing ones True with their reason and
 * message and the rest False with their "ok" reason. lastTransitionTime
 * moves only when a condition's status does.
 */
import type { NamespaceCondition } from "kubernetes-types/core/v1.js";
import { rfc3339 } from "../../api/printers.js";

export const DISCOVERY_FAILURE = "NamespaceDeletionDiscoveryFailure";
export const GV_PARSING_FAILURE = "NamespaceDeletionGroupVersionParsingFailure";
export const CONTENT_FAILURE = "NamespaceDeletionContentFailure";
export const CONTENT_REMAINING = "NamespaceContentRemaining";
export const FINALIZERS_REMAINING = "NamespaceFinalizersRemaining";

const conditionTypes = [DISCOVERY_FAILURE, GV_PARSING_FAILURE, CONTENT_FAILURE, CONTENT_REMAINING, FINALIZERS_REMAINING];

const ok: Record<string, { reason: string; message: string }> = {
  [DISCOVERY_FAILURE]: { reason: "ResourcesDiscovered", message: "All resources successfully discovered" },
  [GV_PARSING_FAILURE]: { reason: "ParsedGroupVersions", message: "All legacy kube types successfully parsed" },
  [CONTENT_FAILURE]: { reason: "ContentDeleted", message: "All content successfully deleted, may be waiting on finalization" },
  [CONTENT_REMAINING]: { reason: "ContentRemoved", message: "All content successfully removed" },
  [FINALIZERS_REMAINING]: { reason: "ContentHasNoFinalizers", message: "All content-preserving finalizers finished" },
};

/** What one deletion pass found. */
export interface DeletionOutcome {
  /** The discovery error's text (ErrGroupDiscoveryFailed), with how many groups failed. */
  discoveryFailure?: { groups: number; message: string };
  groupVersionErrors: string[];
  deleteErrors: string[];
  /** "pods." → instances left (group-qualified resource as upstream prints it). */
  remaining: Map<string, number>;
  /** finalizer → instances carrying it. */
  finalizers: Map<string, number>;
}

export function failingConditions(o: DeletionOutcome): { type: string; reason: string; message: string }[] {
  const out: { type: string; reason: string; message: string }[] = [];
  if (o.discoveryFailure) {
    out.push({ type: DISCOVERY_FAILURE, reason: "DiscoveryFailed", message: `Discovery failed for some groups, ${o.discoveryFailure.groups} failing: ${o.discoveryFailure.message}` });
  }
  if (o.groupVersionErrors.length) out.push({ type: GV_PARSING_FAILURE, reason: "GroupVersionParsingFailed", message: o.groupVersionErrors.join(", ") });
  if (o.deleteErrors.length) {
    const msgs = [...o.deleteErrors].sort();
    out.push({ type: CONTENT_FAILURE, reason: "ContentDeletionFailed", message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(", ")}` });
  }
  const remaining = [...o.remaining].filter(([, n]) => n > 0).map(([r, n]) => `${r} has ${n} resource instances`).sort();
  if (remaining.length) out.push({ type: CONTENT_REMAINING, reason: "SomeResourcesRemain", message: `Some resources are remaining: ${remaining.join(", ")}` });
  const fins = [...o.finalizers].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`).sort();
  if (fins.length) out.push({ type: FINALIZERS_REMAINING, reason: "SomeFinalizersRemain", message: `Some content in the namespace has finalizers remaining: ${fins.join(", ")}` });
  return out;
}

/** The namespace's conditions after this pass; `changed` says whether a write is needed. */
export function updateConditions(current: readonly NamespaceCondition[] | undefined, outcome: DeletionOutcome, now: number): { conditions: NamespaceCondition[]; changed: boolean } {
  const failing = failingConditions(outcome);
  const conditions = (current ?? []).map((c) => ({ ...c }));
  let changed = false;
  for (const type of conditionTypes) {
    const f = failing.find((c) => c.type === type);
    const next = f ? { type, status: "True", reason: f.reason, message: f.message } : { type, status: "False", ...ok[type] };
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push({ ...next, lastTransitionTime: rfc3339(now) });
      changed = true;
    } else if (old.status !== next.status || old.reason !== next.reason || old.message !== next.message) {
      if (old.status !== next.status) old.lastTransitionTime = rfc3339(now);
      Object.assign(old, next);
      changed = true;
    }
  }
  return { conditions, changed };
}
