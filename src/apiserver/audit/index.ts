/**
 * Audit logging (upstream's --audit-policy-file and --audit-log-*): the
 * policy, the log backend and the wrapper that records each request.
 */
import type { Registry } from "prom-client";
import type { Clock } from "../../util/clock.js";
import { withAudit, type Handle } from "./audit-handler.js";
import { createLogBackend, type AuditBackend, type LogFormat } from "./log-backend.js";
import { createAuditMetrics } from "./metrics.js";
import { createPolicyEvaluator, loadPolicy, type PolicyEvaluator } from "./policy.js";

export { withAudit, microTime, AUDIT_ID_HEADER, type Handle } from "./audit-handler.js";
export { createLogBackend, legacyLine, LOG_FORMATS, type AuditBackend, type LogFormat } from "./log-backend.js";
export { AuditPolicyError, createPolicyEvaluator, parsePolicy, loadPolicy, type PolicyEvaluator } from "./policy.js";
export type { AuditEvent, Policy, PolicyRule, Level, Stage } from "./types.js";

export interface AuditConfig {
  /** --audit-policy-file; without it nothing is logged. */
  policyFile?: string;
  /** --audit-log-path: a file, or "-" for standard output; without it nothing is logged. */
  logPath?: string;
  /** --audit-log-format (default json). */
  format?: LogFormat;
  /** --audit-log-maxage (days), --audit-log-maxbackup, --audit-log-maxsize (megabytes). */
  maxAge?: number;
  maxBackups?: number;
  maxSize?: number;
}

export interface AuditLog {
  /** The pipeline with auditing (and the Audit-Id header) around it. */
  wrap(handle: Handle): Handle;
  registerMetrics(registry: Registry): void;
  /** Writes what is queued and closes the log. */
  close(): Promise<void>;
}

/** Loads the policy and opens the log; a bad policy or an unwritable path fails here, at start-up. */
export async function createAuditLog(config: AuditConfig, clock: Clock): Promise<AuditLog> {
  const metrics = createAuditMetrics();
  let policy: PolicyEvaluator | undefined;
  let backend: AuditBackend | undefined;
  let errors = 0;
  if (config.policyFile) policy = createPolicyEvaluator(await loadPolicy(config.policyFile));
  if (config.logPath) {
    try {
      backend = await createLogBackend({
        path: config.logPath,
        format: config.format ?? "json",
        maxAge: config.maxAge ?? 0,
        maxBackups: config.maxBackups ?? 0,
        maxSize: config.maxSize ?? 0,
        clock,
        onError: (err) => {
          // Counted always; said now and then, so a full disk does not flood the console too.
          if (errors++ % 1000 === 0) console.error(`skiff apiserver: audit log: ${err.message}`);
          metrics.error("log");
        },
      });
    } catch (err) {
      throw new Error(`ensureLogFile: ${(err as Error).message}`);
    }
  }
  return {
    wrap: (handle) => withAudit(handle, { clock, policy, backend, metrics }),
    registerMetrics: (registry) => metrics.register(registry),
    close: async () => backend?.close(),
  };
}
