/**
 * x-kubernetes-validations: rules compiled once per schema, evaluated over
 * an object (and, on update, its old value) as upstream's CEL validator
 * does: self is the value at the rule's schema node, oldSelf the
 * correlated old value (transition rules run only when there is one,
 * unless optionalOldSelf), errors worded as upstream.
 */
import type { CelInput } from "@bufbuild/cel";
import { fieldErrors, FieldPath, GoValue, type FieldError } from "../../api/validation/field.js";
import { CelCompileError, CelEnvironment, CelEvalError, T, isKnown, optionalOf, type CelProgram, type DeclType } from "../../cel/index.js";
import { declType, escapeFieldName, toCelValue } from "./cel-types.js";
import { isObject, jsonEqual } from "./json.js";
import { NIL_PATH } from "./openapi-validate.js";
import type { JSONSchemaProps, ValidationRule } from "./types.js";

/** upstream's PerCallLimit and RuntimeCELCostBudget, in Skiff's cost units. */
export const PER_CALL_COST_LIMIT = 1_000_000;
export const RUNTIME_COST_BUDGET = 10_000_000;
/** upstream's MaxEvaluatedMessageExpressionSizeBytes. */
const MAX_MESSAGE_EXPRESSION_BYTES = 5 * 1024;

export interface CompiledRule {
  readonly rule: ValidationRule;
  readonly program?: CelProgram;
  readonly messageProgram?: CelProgram;
  /** Why the rule does not compile, worded as upstream ("compilation failed: ERROR: ..."). */
  readonly error?: { type: "required" | "invalid"; detail: string };
  readonly messageExpressionError?: string;
  readonly usesOldSelf: boolean;
}

/** Compiled rules per schema node (keyed by the node object itself). */
export type CompiledRules = Map<JSONSchemaProps, CompiledRule[]>;

function compileOne(env: CelEnvironment, src: string): CelProgram | CelCompileError {
  try {
    return env.compile(src);
  } catch (e) {
    if (e instanceof CelCompileError) return e;
    throw e;
  }
}

function compileRule(rule: ValidationRule, self: DeclType): CompiledRule {
  const oldSelf = rule.optionalOldSelf ? T.optional(self) : self;
  const env = new CelEnvironment({ variables: { self, oldSelf } });
  if (!rule.rule?.trim()) return { rule, usesOldSelf: false, error: { type: "required", detail: "rule is not specified" } };
  const program = compileOne(env, rule.rule);
  if (program instanceof CelCompileError) return { rule, usesOldSelf: false, error: { type: "invalid", detail: `compilation failed: ${program.message}` } };
  const usesOldSelf = program.references.has("oldSelf");
  if (isKnown(program.type) && program.type.kind !== "bool") {
    return { rule, usesOldSelf, error: { type: "invalid", detail: "cel expression must evaluate to a bool" } };
  }
  let messageProgram: CelProgram | undefined;
  let messageExpressionError: string | undefined;
  if (rule.messageExpression) {
    const m = compileOne(env, rule.messageExpression);
    if (m instanceof CelCompileError) messageExpressionError = `messageExpression compilation failed: ${m.message}`;
    else if (isKnown(m.type) && m.type.kind !== "string") messageExpressionError = "must evaluate to a string";
    else messageProgram = m;
  }
  return { rule, program, messageProgram, messageExpressionError, usesOldSelf };
}

function items(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return s.items && !Array.isArray(s.items) ? s.items : undefined;
}

function addl(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return isObject(s.additionalProperties) ? (s.additionalProperties as JSONSchemaProps) : undefined;
}

/** The rules of one schema node, compiled with self typed from that node. */
export function compileNodeRules(s: JSONSchemaProps, isRoot: boolean): CompiledRule[] {
  const rules = s["x-kubernetes-validations"] ?? [];
  if (!rules.length) return [];
  const self = declType(s, isRoot || !!s["x-kubernetes-embedded-resource"]) ?? T.dyn;
  return rules.map((r) => compileRule(r, self));
}

/** Compiles every rule of a schema tree (properties, additionalProperties, items). */
export function compileRules(schema: JSONSchemaProps): CompiledRules {
  const out: CompiledRules = new Map();
  const walk = (s: JSONSchemaProps, isRoot: boolean) => {
    if (s["x-kubernetes-validations"]?.length) out.set(s, compileNodeRules(s, isRoot));
    for (const p of Object.values(s.properties ?? {})) walk(p, false);
    const a = addl(s);
    if (a) walk(a, false);
    const it = items(s);
    if (it) walk(it, false);
  };
  walk(schema, true);
  return out;
}

function ruleErrorString(rule: ValidationRule): string {
  return rule.message ? rule.message.trim() : rule.rule.trim();
}

function ruleMessageOrDefault(rule: ValidationRule): string {
  return rule.message ? rule.message.trim() : `failed rule: ${ruleErrorString(rule)}`;
}

function fieldErrorForReason(p: string, value: unknown, detail: string, reason: ValidationRule["reason"]): FieldError {
  switch (reason) {
    case "FieldValueForbidden":
      return fieldErrors.forbidden(p, detail);
    case "FieldValueRequired":
      return fieldErrors.required(p, detail);
    case "FieldValueDuplicate":
      return fieldErrors.duplicate(p, value);
    default:
      return fieldErrors.invalid(p, value, detail);
  }
}

/** A rule's fieldPath (".spec.x", "['a.b']") appended to where the rule sits. */
function withRuleFieldPath(p: FieldPath, fieldPath: string | undefined): FieldPath {
  if (!fieldPath) return p;
  let out = p;
  for (const m of fieldPath.matchAll(/\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/g)) {
    if (m[1] !== undefined) out = out.child(m[1]);
    else if (m[2] !== undefined) out = out.child(m[2].replace(/\\(.)/g, "$1"));
    else out = out.index(Number(m[3]));
  }
  return out;
}

const pathText = (p: FieldPath) => p.toString() || NIL_PATH;

class RuleValidator {
  readonly errors: FieldError[] = [];
  remaining = RUNTIME_COST_BUDGET;
  constructor(private readonly compiled: CompiledRules) {}

  validate(p: FieldPath, s: JSONSchemaProps, obj: unknown, old: unknown, isRoot: boolean): void {
    if (this.remaining < 0 || obj === null || obj === undefined) return;
    this.expressions(p, s, obj, old, isRoot);
    if (this.remaining < 0) return;
    if (Array.isArray(obj)) {
      const it = items(s);
      if (!it) return;
      const oldItems = Array.isArray(old) ? old : undefined;
      obj.forEach((v, i) => this.validate(p.index(i), it, v, correlatedItem(s, oldItems, v), false));
    } else if (isObject(obj)) {
      const o = isObject(old) ? old : undefined;
      const a = addl(s);
      if (a) for (const [k, v] of Object.entries(obj)) this.validate(p.key(k), a, v, o?.[k], false);
      for (const [k, v] of Object.entries(obj)) {
        const prop = s.properties?.[k];
        if (prop) this.validate(p.child(k), prop, v, o?.[k], false);
      }
    }
  }

  private expressions(p: FieldPath, s: JSONSchemaProps, obj: unknown, old: unknown, isRoot: boolean): void {
    const rules = this.compiled.get(s);
    if (!rules?.length) return;
    const value = s.type ?? "";
    if (this.remaining <= 0) {
      this.errors.push(fieldErrors.invalid(pathText(p), value, "validation failed due to running out of cost budget, no further validation rules will be run"));
      this.remaining = -1;
      return;
    }
    const hasOld = old !== null && old !== undefined;
    // Ratcheting: an unchanged value is not held to rules that do not look at oldSelf.
    const unchanged = hasOld && jsonEqual(obj, old);
    const self = toCelValue(obj, s, isRoot || !!s["x-kubernetes-embedded-resource"]);
    const oldSelf = hasOld ? toCelValue(old, s, isRoot || !!s["x-kubernetes-embedded-resource"]) : undefined;
    for (const c of rules) {
      if (c.error) {
        this.errors.push(fieldErrors.invalid(pathText(p), value, `rule compile error: ${c.error.detail}`));
        continue;
      }
      if (!c.program) continue;
      if (c.usesOldSelf && !hasOld && !c.rule.optionalOldSelf) continue;
      if (unchanged && !c.usesOldSelf) continue;
      const bindings: Record<string, CelInput> = { self };
      if (c.rule.optionalOldSelf) bindings.oldSelf = optionalOf(oldSelf) as CelInput;
      else if (oldSelf !== undefined) bindings.oldSelf = oldSelf;
      let result: unknown;
      try {
        const r = c.program.evaluate(bindings, { costLimit: Math.min(PER_CALL_COST_LIMIT, this.remaining) });
        this.remaining -= r.cost;
        result = r.value;
      } catch (e) {
        if (!(e instanceof CelEvalError)) throw e;
        if (e.kind !== "runtime") {
          const exhausted = this.remaining < PER_CALL_COST_LIMIT;
          this.errors.push(
            fieldErrors.invalid(
              pathText(p),
              value,
              exhausted
                ? "validation failed due to running out of cost budget, no further validation rules will be run"
                : `'${e.message}': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleErrorString(c.rule)}`,
            ),
          );
          this.remaining = -1;
          return;
        }
        if (e.message.startsWith("no such overload")) {
          this.errors.push(fieldErrors.invalid(pathText(p), value, `'${e.message}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(c.rule)}`));
        } else {
          this.errors.push(fieldErrors.invalid(pathText(p), value, `${e.message} evaluating rule: ${ruleErrorString(c.rule)}`));
        }
        continue;
      }
      if (result === true) continue;
      const at = pathText(withRuleFieldPath(p, c.rule.fieldPath));
      this.errors.push(fieldErrorForReason(at, value, this.message(c, bindings), c.rule.reason));
      if (this.remaining < 0) return;
    }
  }

  /** messageExpression's result when it yields a usable message, else the rule's message. */
  private message(c: CompiledRule, bindings: Record<string, CelInput>): string {
    if (!c.messageProgram) return ruleMessageOrDefault(c.rule);
    try {
      const r = c.messageProgram.evaluate(bindings, { costLimit: Math.min(PER_CALL_COST_LIMIT, Math.max(this.remaining, 0)) });
      this.remaining -= r.cost;
      if (typeof r.value !== "string") return ruleMessageOrDefault(c.rule);
      const msg = r.value.trim();
      if (!msg || msg.length > MAX_MESSAGE_EXPRESSION_BYTES || /\n/.test(msg)) return ruleMessageOrDefault(c.rule);
      return msg;
    } catch {
      return ruleMessageOrDefault(c.rule);
    }
  }
}

/** For list-type map lists, the old item with the same key values (the only lists upstream correlates). */
function correlatedItem(s: JSONSchemaProps, old: unknown[] | undefined, item: unknown): unknown {
  if (!old || s["x-kubernetes-list-type"] !== "map" || !isObject(item)) return undefined;
  const keys = s["x-kubernetes-list-map-keys"] ?? [];
  return old.find((o) => isObject(o) && keys.every((k) => jsonEqual(o[k], item[k])));
}

/** Runs every compiled rule over obj (with old on update); errors as upstream words them. */
export function validateRules(compiled: CompiledRules, schema: JSONSchemaProps, obj: unknown, old?: unknown): FieldError[] {
  if (compiled.size === 0) return [];
  const v = new RuleValidator(compiled);
  v.validate(FieldPath.root(""), schema, obj, old, true);
  return v.errors;
}

/** ValidationRule as Go's %#v prints it in the CRD's own validation errors. */
export function goValidationRule(r: ValidationRule): GoValue {
  const reason = r.reason ? `(*apiextensions.FieldValueErrorReason)(${JSON.stringify(r.reason)})` : "(*apiextensions.FieldValueErrorReason)(nil)";
  const optional = r.optionalOldSelf === undefined ? "(*bool)(nil)" : `(*bool)(${r.optionalOldSelf})`;
  return new GoValue(
    `apiextensions.ValidationRule{Rule:${JSON.stringify(r.rule ?? "")}, Message:${JSON.stringify(r.message ?? "")}, MessageExpression:${JSON.stringify(r.messageExpression ?? "")}, Reason:${reason}, FieldPath:${JSON.stringify(r.fieldPath ?? "")}, OptionalOldSelf:${optional}}`,
  );
}

export { escapeFieldName };
