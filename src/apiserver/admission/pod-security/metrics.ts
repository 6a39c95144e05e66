/**
 * PodSecurity's metrics under upstream's names and labels
 * (pod-security-admission/metrics): pod_security_evaluations_total for
 * every evaluation that allowed or denied (warn and audit count denials
 * only, as upstream), pod_security_errors_total for namespace labels that
 * could not be parsed.
 */
import { Counter, type Registry } from "prom-client";
import { help } from "../../../metrics/index.js";
import type { AdmissionAttributes } from "../types.js";
import { versionString, type LevelVersion } from "./policy.js";

/** The newest policy version the checks know (a label of a later one reads "future"). */
const NEWEST_POLICY_MINOR = 35;

export type Decision = "allow" | "deny";
export type Mode = "enforce" | "audit" | "warn";

export interface PodSecurityMetrics {
  evaluation(decision: Decision, lv: LevelVersion, mode: Mode, a: AdmissionAttributes): void;
  error(fatal: boolean, a: AdmissionAttributes): void;
}

const resourceLabel = (a: AdmissionAttributes) => (a.resource.group === "" && a.resource.resource === "pods" ? "pod" : a.resource.group === "" && a.resource.resource === "namespaces" ? "namespace" : "controller");

export function createPodSecurityMetrics(registry: Registry): PodSecurityMetrics {
  const evaluations = new Counter({
    name: "pod_security_evaluations_total",
    help: help("ALPHA", "Number of policy evaluations that occurred, not counting ignored or exempt requests."),
    labelNames: ["decision", "policy_level", "policy_version", "mode", "request_operation", "resource", "subresource"] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: "pod_security_errors_total",
    help: help("ALPHA", "Number of errors preventing normal evaluation. Non-fatal errors may result in the latest restricted profile being used for evaluation."),
    labelNames: ["fatal", "request_operation", "resource", "subresource"] as const,
    registers: [registry],
  });
  return {
    evaluation(decision, lv, mode, a) {
      // Privileged is always effectively latest.
      const version = lv.version.minor === undefined || lv.level === "privileged" ? "latest" : lv.version.minor <= NEWEST_POLICY_MINOR ? versionString(lv.version) : "future";
      evaluations.inc({ decision, policy_level: lv.level, policy_version: version, mode, request_operation: a.operation.toLowerCase(), resource: resourceLabel(a), subresource: a.subresource ?? "" });
    },
    error(fatal, a) {
      errors.inc({ fatal: String(fatal), request_operation: a.operation.toLowerCase(), resource: resourceLabel(a), subresource: a.subresource ?? "" });
    },
  };
}
