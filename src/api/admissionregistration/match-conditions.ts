/**
 * matchConditions of webhooks and admission policies: unique qualified
 * names and CEL expressions that compile to a bool, at most 64.
 */
import type { MatchCondition } from "kubernetes-types/admissionregistration/v1.js";
import { CelCompileError, isKnown, matchConditionEnvironment, type CelEnvironment } from "../../cel/index.js";
import { FieldPath, fieldErrors, type FieldError } from "../validation/field.js";
import { isQualifiedName } from "../validation/names.js";

const MAX_MATCH_CONDITIONS = 64;

/** Compiles a CEL expression that must yield want; the upstream error detail, or undefined. */
export function celExpressionError(env: CelEnvironment, expression: string, want: "bool" | "string"): string | undefined {
  try {
    const p = env.compile(expression);
    if (isKnown(p.type) && p.type.kind !== want) return `must evaluate to ${want}`;
    return undefined;
  } catch (e) {
    if (e instanceof CelCompileError) return `compilation failed: ${e.message}`;
    throw e;
  }
}

export function validateMatchConditions(conditions: readonly MatchCondition[] | undefined, p: FieldPath, env = matchConditionEnvironment()): FieldError[] {
  const list = conditions ?? [];
  const errs: FieldError[] = [];
  if (list.length > MAX_MATCH_CONDITIONS) errs.push(fieldErrors.tooMany(p, list.length, MAX_MATCH_CONDITIONS));
  const names = new Set<string>();
  list.forEach((c, i) => {
    const at = p.index(i);
    if (!c.name) errs.push(fieldErrors.required(at.child("name")));
    else {
      for (const m of isQualifiedName(c.name)) errs.push(fieldErrors.invalid(at.child("name"), c.name, m));
      if (names.has(c.name)) errs.push(fieldErrors.duplicate(at.child("name"), c.name));
      names.add(c.name);
    }
    if (!c.expression?.trim()) {
      errs.push(fieldErrors.required(at.child("expression")));
      return;
    }
    const why = celExpressionError(env, c.expression, "bool");
    if (why) errs.push(fieldErrors.invalid(at.child("expression"), c.expression, why));
  });
  return errs;
}
