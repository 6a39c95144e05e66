/**
 * The doctor's output: for people, each finding with its severity, the
 * chain of evidence (one line each, symptom first) and the fix; for
 * machines, the report as JSON.
 */
import type { DoctorReport, Finding } from "./types.js";
import { refString } from "./types.js";

const LABEL = { critical: "CRITICAL", warning: "WARNING", info: "INFO" } as const;

export function formatFinding(f: Finding): string {
  const lines = [`${LABEL[f.severity]}  ${refString(f.about)}: ${f.summary}  [${f.check}]`];
  f.chain.forEach((s, i) => lines.push(`  ${i === 0 ? "  " : "->"} ${s.text}`));
  lines.push(`  fix: ${f.fix}`);
  return lines.join("\n") + "\n";
}

export function formatReport(r: DoctorReport): string {
  const parts = r.findings.map(formatFinding);
  const ran = r.checks.filter((c) => c.status === "ran").length;
  const skipped = r.checks.filter((c) => c.status === "skipped");
  const failed = r.checks.filter((c) => c.status === "failed");
  for (const c of failed) parts.push(`ERROR  check ${c.check} failed: ${c.reason}\n`);
  const counts = (["critical", "warning", "info"] as const).map((s) => [s, r.findings.filter((f) => f.severity === s).length] as const).filter(([, n]) => n > 0);
  const head = r.findings.length
    ? `${r.findings.length} finding${r.findings.length === 1 ? "" : "s"} (${counts.map(([s, n]) => `${n} ${s}`).join(", ")})`
    : failed.length
      ? "No finding, but some checks failed"
      : "No problems found";
  const tail = [`${ran} check${ran === 1 ? "" : "s"} ran`];
  if (skipped.length) tail.push(`skipped: ${skipped.map((c) => `${c.check} (${c.reason})`).join("; ")}`);
  parts.push(`${head}; ${tail.join("; ")}.\n`);
  return parts.join("\n");
}

export function reportJson(r: DoctorReport): string {
  return `${JSON.stringify({ kind: "DoctorReport", healthy: r.healthy, findings: r.findings, checks: r.checks }, null, 2)}\n`;
}
