/**
 * Upstream's audit metrics: apiserver_audit_event_total,
 * apiserver_audit_error_total{plugin} and apiserver_audit_level_total{level}.
 * Plain counts, read by the registry when scraped.
 */
import { Counter, type Registry } from "prom-client";
import type { Level } from "./types.js";

export interface AuditMetrics {
  event(): void;
  error(plugin: string): void;
  level(level: Level): void;
  register(registry: Registry): void;
}

export function createAuditMetrics(): AuditMetrics {
  let events = 0;
  const errors = new Map<string, number>();
  const levels = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  return {
    event: () => void events++,
    error: (plugin) => void bump(errors, plugin),
    level: (level) => void bump(levels, level),
    register(registry) {
      new Counter({
        name: "apiserver_audit_event_total",
        help: "[ALPHA] Counter of audit events generated and sent to the audit backend.",
        registers: [registry],
        collect() {
          this.reset();
          this.inc(events);
        },
      });
      new Counter<"plugin">({
        name: "apiserver_audit_error_total",
        help: "[ALPHA] Counter of audit events that failed to be audited properly. Plugin identifies the plugin affected by the error.",
        labelNames: ["plugin"],
        registers: [registry],
        collect() {
          this.reset();
          for (const [plugin, n] of errors) this.inc({ plugin }, n);
        },
      });
      new Counter<"level">({
        name: "apiserver_audit_level_total",
        help: "[ALPHA] Counter of policy levels for audit events (1 per request).",
        labelNames: ["level"],
        registers: [registry],
        collect() {
          this.reset();
          for (const [level, n] of levels) this.inc({ level }, n);
        },
      });
    },
  };
}
