/**
 * matchConditions (upstream's matchconditions.Matcher): CEL expressions
 * over object, oldObject and request, compiled once per configuration.
 * Any false skips the webhook or policy; otherwise any error is the
 * result; otherwise it matches.
 */
import type { CelInput } from "@bufbuild/cel";
import type { MatchCondition } from "kubernetes-types/admissionregistration/v1.js";
import { CelEvalError, jsonToCel, matchConditionEnvironment, type CelEnvironment, type CelProgram } from "../../../cel/index.js";

export interface CompiledCondition {
  name: string;
  program?: CelProgram;
  compileError?: string;
}

export function compileMatchConditions(conditions: readonly MatchCondition[] | undefined, env: CelEnvironment = matchConditionEnvironment()): CompiledCondition[] {
  return (conditions ?? []).map((c) => {
    try {
      return { name: c.name, program: env.compile(c.expression) };
    } catch (e) {
      return { name: c.name, compileError: (e as Error).message };
    }
  });
}

export type MatchOutcome = { matches: true } | { matches: false } | { error: string };

export function evaluateMatchConditions(conditions: readonly CompiledCondition[], bindings: Record<string, CelInput>): MatchOutcome {
  let error: string | undefined;
  for (const c of conditions) {
    if (!c.program) {
      error ??= `compilation failed for matchCondition '${c.name}': ${c.compileError ?? ""}`;
      continue;
    }
    try {
      const { value } = c.program.evaluate(bindings);
      if (value === false) return { matches: false };
      if (value !== true) error ??= `matchCondition '${c.name}': expression must evaluate to bool`;
    } catch (e) {
      const msg = e instanceof CelEvalError ? e.message : String(e);
      error ??= `matchCondition '${c.name}' error: ${msg}`;
    }
  }
  return error ? { error } : { matches: true };
}

/** object, oldObject and request as CEL sees them. */
export function conditionBindings(object: unknown, oldObject: unknown, request: unknown): Record<string, CelInput> {
  return { object: jsonToCel(object ?? null), oldObject: jsonToCel(oldObject ?? null), request: jsonToCel(request) };
}
