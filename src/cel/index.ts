/**
 * The CEL environment Skiff uses wherever Kubernetes evaluates CEL: CRD
 * validation rules now, admission policies and match conditions later.
 * Compile with declared variables, evaluate under a cost limit.
 */
export { CelEnvironment, CelProgram, DEFAULT_COST_LIMIT, kubernetesLibraries } from "./env.js";
export type { CelEnvironmentOptions, EvaluateOptions, EvaluationResult } from "./env.js";
export { CelCompileError, CelEvalError, renderIssues } from "./errors.js";
export type { CelEvalErrorKind, CelIssue } from "./errors.js";
export { T, isKnown, typeName } from "./types.js";
export type { DeclType, ScalarKind } from "./types.js";
export { optionalOf } from "./libraries/optional.js";
export { matchConditionEnvironment, policyEnvironment, jsonToCel } from "./admission.js";
