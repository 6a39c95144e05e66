/**
 * One doctor run: every check over one shared view, skipped when the
 * server does not serve what it requires, then findings of one incident
 * reported once (the deepest chain wins) and ordered by severity.
 */
import { isApiError } from "../api/errors.js";
import type { Check, CheckOutcome, ClusterView, DoctorReport, Finding } from "./types.js";
import { SEVERITY_RANK } from "./types.js";

export async function runChecks(view: ClusterView, checks: Check[], now: number): Promise<DoctorReport> {
  const outcomes: CheckOutcome[] = [];
  const perCheck: Finding[][] = checks.map(() => []);
  await Promise.all(
    checks.map(async (check, i) => {
      const missing = [];
      for (const g of check.requires ?? []) if (!(await view.serves(g))) missing.push(g.group ? `${g.resource}.${g.group}/${g.version}` : `${g.resource}/${g.version}`);
      if (missing.length) {
        outcomes[i] = { check: check.name, status: "skipped", reason: `the server does not serve ${missing.join(", ")}`, findings: 0 };
        return;
      }
      try {
        const found = await check.run({ view, now });
        perCheck[i] = found;
        outcomes[i] = { check: check.name, status: "ran", findings: found.length };
      } catch (err) {
        // Credentials that may not read what a check needs: the check is skipped, not the diagnosis failed.
        const status = isApiError(err, "Forbidden") ? "skipped" : "failed";
        outcomes[i] = { check: check.name, status, reason: err instanceof Error ? err.message : String(err), findings: 0 };
      }
    }),
  );
  const order = new Map(checks.map((c, i) => [c.name, i]));
  const findings = onePerIncident(perCheck.flat()).sort(
    (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || order.get(a.check)! - order.get(b.check)! || a.summary.localeCompare(b.summary),
  );
  return { healthy: findings.length === 0 && outcomes.every((o) => o.status !== "failed"), findings, checks: outcomes };
}

/** Findings with the same cause are one incident: keep the deepest chain (then the most severe, then the first). */
export function onePerIncident(findings: Finding[]): Finding[] {
  const byCause = new Map<string, Finding>();
  for (const f of findings) {
    const seen = byCause.get(f.cause);
    if (!seen || f.chain.length > seen.chain.length || (f.chain.length === seen.chain.length && SEVERITY_RANK[f.severity] < SEVERITY_RANK[seen.severity])) byCause.set(f.cause, f);
  }
  return [...byCause.values()];
}
