/**
 * Evaluates a pod (or pod template) against a level and version of the
 * Pod Security Standards, as upstream's policy evaluator: baseline checks
 * first, then restricted ones, each in the form current at the version,
 * restricted checks replacing the baseline checks they override.
 */
import type { PodSpec } from "kubernetes-types/core/v1.js";
import type { ObjectMeta } from "kubernetes-types/meta/v1.js";
import { CHECKS, type CheckResult } from "./checks.js";
import type { LevelVersion } from "./policy.js";

export interface Evaluation {
  allowed: boolean;
  results: CheckResult[];
}

export function evaluatePod(lv: LevelVersion, meta: ObjectMeta, spec: PodSpec): Evaluation {
  if (lv.level === "privileged") return { allowed: true, results: [] };
  const minor = lv.version.minor ?? Number.POSITIVE_INFINITY;
  const active = CHECKS.filter((c) => c.level === "baseline" || lv.level === "restricted")
    .map((c) => ({ id: c.id, version: [...c.versions].reverse().find((v) => v.minimumMinor <= minor) }))
    .filter((c) => c.version !== undefined);
  const overridden = new Set(active.flatMap((c) => c.version!.overrides ?? []));
  const results: CheckResult[] = [];
  for (const c of active) {
    if (overridden.has(c.id)) continue;
    const r = c.version!.check(meta, spec);
    if (r) results.push(r);
  }
  return { allowed: results.length === 0, results };
}

/** "reason (detail), reason (detail)", as upstream's ForbiddenDetail. */
export function forbiddenDetail(e: Evaluation): string {
  return e.results.map((r) => (r.detail ? `${r.reason} (${r.detail})` : r.reason)).join(", ");
}

/** "reason, reason", as upstream's ForbiddenReason. */
export function forbiddenReason(e: Evaluation): string {
  return e.results.map((r) => r.reason).join(", ");
}
