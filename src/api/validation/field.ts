/**
 * Field-level validation errors, worded as upstream's field.Error so that
 * kubectl users see the messages they know.
 */
import { ApiError } from "../errors.js";

export type FieldErrorType =
  | "FieldValueNotFound"
  | "FieldValueRequired"
  | "FieldValueDuplicate"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueForbidden"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "InternalError"
  | "FieldValueTypeInvalid";

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: "Not found",
  FieldValueRequired: "Required value",
  FieldValueDuplicate: "Duplicate value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueForbidden: "Forbidden",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  InternalError: "Internal error",
  FieldValueTypeInvalid: "Invalid value",
};

const OMIT = Symbol("omit");

export interface FieldError {
  type: FieldErrorType;
  /** Dotted path, e.g. `spec.containers[0].name`. */
  field: string;
  value?: unknown;
  detail: string;
}

/** The error text without the field, as upstream's ErrorBody(). */
export function errorBody(e: FieldError): string {
  let s: string;
  const omitted = e.value === OMIT;
  if (["FieldValueRequired", "FieldValueForbidden", "FieldValueTooLong", "InternalError"].includes(e.type) || omitted) {
    s = typeText[e.type];
  } else {
    s = `${typeText[e.type]}: ${formatValue(e.value)}`;
  }
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export function fieldErrorMessage(e: FieldError): string {
  return `${e.field}: ${errorBody(e)}`;
}

/** A value printed verbatim, for Go forms a JSON value cannot express (structs). */
export class GoValue {
  constructor(readonly text: string) {}
}

/** A Go map[string]string as %#v prints it: map[string]string{"a":"b", "c":"d"}. */
export function goStringMap(o: Record<string, string> | undefined | null): GoValue {
  const m = o ?? {};
  return new GoValue(`map[string]string{${Object.keys(m).sort().map((k) => `${JSON.stringify(k)}:${JSON.stringify(m[k])}`).join(", ")}}`);
}

/** Values as Go's %q / %v / %#v print them in upstream's field errors. */
function formatValue(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (v instanceof GoValue) return v.text;
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === "string")) return `[]string{${v.map((x) => JSON.stringify(x)).join(", ")}}`;
  return JSON.stringify(v);
}

/** A field path builder: path("spec").child("containers").index(0).toString(). */
export class FieldPath {
  private constructor(private readonly text: string) {}
  static root(name: string): FieldPath {
    return new FieldPath(name);
  }
  child(name: string, ...more: string[]): FieldPath {
    let t = this.text ? `${this.text}.${name}` : name;
    for (const m of more) t += `.${m}`;
    return new FieldPath(t);
  }
  index(i: number): FieldPath {
    return new FieldPath(`${this.text}[${i}]`);
  }
  key(k: string): FieldPath {
    return new FieldPath(`${this.text}[${k}]`);
  }
  toString(): string {
    return this.text;
  }
}

export function path(name: string, ...more: string[]): FieldPath {
  return more.reduce((p, m) => p.child(m), FieldPath.root(name));
}

type P = FieldPath | string;
const f = (p: P) => p.toString();

export const fieldErrors = {
  required: (p: P, detail = ""): FieldError => ({ type: "FieldValueRequired", field: f(p), value: "", detail }),
  invalid: (p: P, value: unknown, detail: string): FieldError => ({ type: "FieldValueInvalid", field: f(p), value, detail }),
  duplicate: (p: P, value: unknown): FieldError => ({ type: "FieldValueDuplicate", field: f(p), value, detail: "" }),
  notFound: (p: P, value: unknown): FieldError => ({ type: "FieldValueNotFound", field: f(p), value, detail: "" }),
  notSupported: (p: P, value: unknown, valid: readonly string[]): FieldError => ({
    type: "FieldValueNotSupported",
    field: f(p),
    value,
    detail: valid.length ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(", ")}` : "",
  }),
  forbidden: (p: P, detail: string): FieldError => ({ type: "FieldValueForbidden", field: f(p), value: "", detail }),
  tooLong: (p: P, value: unknown, max: number): FieldError => ({ type: "FieldValueTooLong", field: f(p), value, detail: `must have at most ${max} bytes` }),
  tooMany: (p: P, actual: number, max: number): FieldError => ({
    type: "FieldValueTooMany",
    field: f(p),
    value: actual >= 0 ? actual : OMIT,
    detail: max >= 0 ? `must have at most ${max} items` : "has too many items",
  }),
  typeInvalid: (p: P, value: unknown, detail: string): FieldError => ({ type: "FieldValueTypeInvalid", field: f(p), value, detail }),
  internal: (p: P, err: Error): FieldError => ({ type: "InternalError", field: f(p), value: null, detail: err.message }),
};

/**
 * The 422 Invalid error for a kind: `Deployment.apps "web" is invalid: [..]`.
 * Duplicate messages are dropped, as upstream's aggregate does.
 */
export function invalid(kind: { group: string; kind: string }, name: string, errs: FieldError[]): ApiError {
  const seen = new Set<string>();
  const unique = errs.filter((e) => {
    const m = fieldErrorMessage(e);
    if (seen.has(m)) return false;
    seen.add(m);
    return true;
  });
  const msgs = unique.map(fieldErrorMessage);
  const agg = msgs.length === 1 ? msgs[0] : `[${msgs.join(", ")}]`;
  const qualified = kind.group ? `${kind.kind}.${kind.group}` : kind.kind;
  return new ApiError(422, "Invalid", `${qualified} "${name}" is invalid: ${agg}`, {
    name,
    group: kind.group || undefined,
    kind: kind.kind,
    causes: unique.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field })),
  });
}
