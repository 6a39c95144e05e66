/**
 * The CEL environments of dynamic admission: webhook match conditions see
 * object, oldObject and request; admission policies also params,
 * namespaceObject and variables. Objects are schemaless here (dyn), so
 * field access is checked when the expression runs.
 */
import type { CelInput } from "@bufbuild/cel";
import { CelEnvironment } from "./env.js";
import { T, type DeclType } from "./types.js";

const MATCH_CONDITION_VARIABLES: Record<string, DeclType> = { object: T.dyn, oldObject: T.dyn, request: T.dyn };

let matchConditionEnv: CelEnvironment | undefined;

/** The environment of a webhook's matchConditions (a policy's use policyEnvironment). */
export function matchConditionEnvironment(): CelEnvironment {
  return (matchConditionEnv ??= new CelEnvironment({ variables: MATCH_CONDITION_VARIABLES }));
}

/** The environment of a ValidatingAdmissionPolicy: its own variables are declared as `variables`. */
export function policyEnvironment(variableNames: readonly string[]): CelEnvironment {
  const vars: Record<string, DeclType> = Object.fromEntries(variableNames.map((n) => [n, T.dyn]));
  return new CelEnvironment({
    variables: {
      ...MATCH_CONDITION_VARIABLES,
      params: T.dyn,
      namespaceObject: T.dyn,
      variables: T.object("kubernetes.variables", vars),
    },
  });
}

/** A decoded JSON value as CEL sees an unstructured object: integers as int, objects as maps. */
export function jsonToCel(v: unknown): CelInput {
  if (v === undefined) return null;
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(jsonToCel);
  if (v !== null && typeof v === "object") return new Map(Object.entries(v).map(([k, x]) => [k, jsonToCel(x)]));
  return v as CelInput;
}
