/**
 * One policy evaluated for one request and one parameter object (upstream's
 * CEL validator): variables first, then each validation; a false
 * validation is a failure with its message (message, messageExpression,
 * or "failed expression: <expr>"), an error is a failure only under
 * failurePolicy Fail.
 */
import type { CelInput } from "@bufbuild/cel";
import { CelEvalError, jsonToCel } from "../../../cel/index.js";
import type { CompiledExpression, CompiledPolicy } from "./compile.js";

export interface Failure {
  message: string;
  reason: string;
  /** Which validation failed (0 for failures before any validation ran). */
  expressionIndex: number;
}

const MAX_MESSAGE_BYTES = 5 * 1024;

function run(e: CompiledExpression, bindings: Record<string, CelInput>): { value?: unknown; error?: string } {
  if (!e.program) return { error: `compilation error: ${e.error ?? ""}` };
  try {
    return { value: e.program.evaluate(bindings).value };
  } catch (err) {
    return { error: err instanceof CelEvalError ? err.message : String(err) };
  }
}

export function policyBindings(base: { object: unknown; oldObject: unknown; request: unknown; params: unknown; namespaceObject: unknown }): Record<string, CelInput> {
  return {
    object: jsonToCel(base.object ?? null),
    oldObject: jsonToCel(base.oldObject ?? null),
    request: jsonToCel(base.request),
    params: jsonToCel(base.params ?? null),
    namespaceObject: jsonToCel(base.namespaceObject ?? null),
  };
}

/** Binds `variables`: each one evaluated in order, seeing those before it; failed ones stay unbound. */
export function withVariables(policy: CompiledPolicy, bindings: Record<string, CelInput>): Record<string, CelInput> {
  const vars = new Map<string, CelInput>();
  const all = { ...bindings, variables: vars };
  for (const v of policy.variables) {
    const r = run(v.expression, all);
    if (r.error === undefined) vars.set(v.name, r.value as CelInput);
  }
  return all;
}

/** The failures of the policy's validations. */
export function validate(policy: CompiledPolicy, bindings: Record<string, CelInput>, failClosed: boolean): Failure[] {
  const failures: Failure[] = [];
  for (const [expressionIndex, v] of policy.validations.entries()) {
    const r = run(v.expression, bindings);
    if (r.error !== undefined) {
      if (failClosed) failures.push({ message: `expression '${v.expression.expression}' resulted in error: ${r.error}`, reason: "Invalid", expressionIndex });
      continue;
    }
    if (r.value === true) continue;
    if (r.value !== false) {
      if (failClosed) failures.push({ message: `expression '${v.expression.expression}' resulted in error: expression must evaluate to bool`, reason: "Invalid", expressionIndex });
      continue;
    }
    let message = v.message || `failed expression: ${v.expression.expression.trim()}`;
    if (v.messageExpression) {
      const m = run(v.messageExpression, bindings);
      if (typeof m.value === "string" && m.value.trim() && !m.value.includes("\n") && Buffer.byteLength(m.value) <= MAX_MESSAGE_BYTES) message = m.value;
    }
    failures.push({ message, reason: v.reason ?? "Invalid", expressionIndex });
  }
  return failures;
}

/** auditAnnotations: "<policy>/<key>" to each valueExpression's string; null or errors add nothing. */
export function auditAnnotationValues(policy: CompiledPolicy, bindings: Record<string, CelInput>): Map<string, string> {
  const out = new Map<string, string>();
  for (const a of policy.auditAnnotations) {
    const r = run(a.value, bindings);
    if (typeof r.value === "string" && r.value) out.set(`${policy.name}/${a.key}`, r.value);
  }
  return out;
}
