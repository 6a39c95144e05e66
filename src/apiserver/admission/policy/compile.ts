/**
 * A ValidatingAdmissionPolicy compiled once per change: its match
 * conditions, variables, validations (with messageExpression) and audit
 * annotations, in the policy environment (object, oldObject, request,
 * params, namespaceObject, variables).
 */
import type { ValidatingAdmissionPolicy } from "kubernetes-types/admissionregistration/v1.js";
import { policyEnvironment, type CelProgram } from "../../../cel/index.js";
import type { KubeObject } from "../../../api/types.js";
import { compileMatchConditions, type CompiledCondition } from "../webhook/match-conditions.js";

export interface CompiledExpression {
  expression: string;
  program?: CelProgram;
  error?: string;
}

export interface CompiledValidation {
  expression: CompiledExpression;
  message?: string;
  messageExpression?: CompiledExpression;
  reason?: string;
}

export interface CompiledPolicy {
  name: string;
  policy: ValidatingAdmissionPolicy & KubeObject;
  conditions: CompiledCondition[];
  variables: { name: string; expression: CompiledExpression }[];
  validations: CompiledValidation[];
  auditAnnotations: { key: string; value: CompiledExpression }[];
}

export function compilePolicy(policy: ValidatingAdmissionPolicy & KubeObject): CompiledPolicy {
  const spec = policy.spec ?? {};
  const env = policyEnvironment((spec.variables ?? []).map((v) => v.name));
  const compile = (expression: string): CompiledExpression => {
    try {
      return { expression, program: env.compile(expression) };
    } catch (e) {
      return { expression, error: (e as Error).message };
    }
  };
  return {
    name: policy.metadata.name!,
    policy,
    conditions: compileMatchConditions(spec.matchConditions, env),
    variables: (spec.variables ?? []).map((v) => ({ name: v.name, expression: compile(v.expression) })),
    validations: (spec.validations ?? []).map((v) => ({
      expression: compile(v.expression),
      message: v.message,
      messageExpression: v.messageExpression ? compile(v.messageExpression) : undefined,
      reason: v.reason,
    })),
    auditAnnotations: (spec.auditAnnotations ?? []).map((a) => ({ key: a.key, value: compile(a.valueExpression) })),
  };
}
