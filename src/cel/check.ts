/**
 * A light type check of a parsed expression against declared variables:
 * undeclared references, unknown fields of declared objects, operands no
 * overload of a core operator accepts, with cel-go's messages. Types it
 * cannot work out stay "unknown" and are left to evaluation.
 */
import type { Expr, ParsedExpr } from "./ast.js";
import { offsetOf } from "./ast.js";
import type { CelIssue } from "./errors.js";
import { isKnown, T, typeName, type DeclType } from "./types.js";

/** Identifiers that name types or are otherwise always resolvable. */
const builtinIdents = new Set(["int", "uint", "double", "string", "bool", "bytes", "list", "map", "null_type", "type", "dyn", "google"]);

const boolFunctions = new Set([
  "_==_", "_!=_", "_<_", "_<=_", "_>_", "_>=_", "_&&_", "_||_", "!_", "@in", "@not_strictly_false", "contains", "startsWith", "endsWith",
  "matches", "isSorted", "hasValue", "isURL", "isIP", "isCIDR", "isQuantity", "isGreaterThan", "isLessThan", "isLoopback", "isUnspecified",
  "isLinkLocalMulticast", "isLinkLocalUnicast", "isGlobalUnicast", "containsIP", "containsCIDR", "isInteger", "bool",
]);
const intFunctions = new Set(["size", "indexOf", "lastIndexOf", "int", "compareTo", "asInteger", "family", "prefixLength", "getFullYear", "getMonth", "getDate", "getDayOfMonth", "getDayOfWeek", "getDayOfYear", "getHours", "getMinutes", "getSeconds", "getMilliseconds"]);
const stringFunctions = new Set(["string", "lowerAscii", "upperAscii", "replace", "substring", "trim", "charAt", "join", "format", "find", "getScheme", "getHost", "getHostname", "getPort", "getEscapedPath", "getQuery", "quote"]);
const numericKinds = new Set(["int", "uint", "double"]);
const arithmetic = new Set(["_+_", "_-_", "_*_", "_/_", "_%_"]);
const ordering = new Set(["_<_", "_<=_", "_>_", "_>=_"]);

type Scope = Map<string, DeclType>;

function same(a: DeclType, b: DeclType): boolean {
  return a.kind === b.kind;
}

function arithmeticResult(fn: string, a: DeclType, b: DeclType): DeclType | undefined {
  const k = `${a.kind},${b.kind}`;
  if (fn === "_+_") {
    if (same(a, b) && ["int", "uint", "double", "string", "bytes", "duration"].includes(a.kind)) return a;
    if (a.kind === "list" && b.kind === "list") return a;
    if (k === "timestamp,duration" || k === "duration,timestamp") return T.timestamp;
    return undefined;
  }
  if (fn === "_-_") {
    if (same(a, b) && ["int", "uint", "double", "duration"].includes(a.kind)) return a;
    if (k === "timestamp,timestamp") return T.duration;
    if (k === "timestamp,duration") return T.timestamp;
    return undefined;
  }
  if (fn === "_%_") return same(a, b) && (a.kind === "int" || a.kind === "uint") ? a : undefined;
  return same(a, b) && numericKinds.has(a.kind) ? a : undefined;
}

function orderable(a: DeclType, b: DeclType): boolean {
  if (numericKinds.has(a.kind) && numericKinds.has(b.kind)) return true;
  return same(a, b) && ["string", "bytes", "bool", "timestamp", "duration"].includes(a.kind);
}

class Checker {
  readonly issues: CelIssue[] = [];
  constructor(
    private readonly parsed: ParsedExpr,
    private readonly vars: Record<string, DeclType>,
    private readonly functions?: ReadonlySet<string>,
  ) {}

  private issue(e: Expr, message: string): void {
    this.issues.push({ message, offset: offsetOf(this.parsed, e) });
  }

  check(e: Expr | undefined, scope: Scope): DeclType {
    if (!e) return T.unknown;
    const k = e.exprKind;
    switch (k.case) {
      case "constExpr":
        return this.constType(k.value.constantKind.case);
      case "identExpr": {
        const name = k.value.name;
        const t = scope.get(name) ?? this.vars[name];
        if (t) return t;
        if (!builtinIdents.has(name)) this.issue(e, `undeclared reference to '${name}' (in container '')`);
        return T.unknown;
      }
      case "selectExpr":
        return this.select(e, this.check(k.value.operand, scope), k.value.field, k.value.testOnly);
      case "callExpr": {
        const target = k.value.target ? this.check(k.value.target, scope) : undefined;
        const args = k.value.args.map((a) => this.check(a, scope));
        return this.call(e, k.value.function, target, args);
      }
      case "listExpr": {
        const elems = k.value.elements.map((x) => this.check(x, scope));
        const first = elems[0];
        return T.list(first && elems.every((x) => same(x, first) && isKnown(x)) ? first : T.dyn);
      }
      case "structExpr":
        k.value.entries.forEach((en) => {
          if (en.keyKind.case === "mapKey") this.check(en.keyKind.value, scope);
          this.check(en.value, scope);
        });
        return k.value.messageName ? T.unknown : T.map(T.dyn, T.dyn);
      case "comprehensionExpr": {
        const c = k.value;
        const range = this.check(c.iterRange, scope);
        const inner = new Map(scope);
        inner.set(c.iterVar, range.kind === "list" ? range.elem : range.kind === "map" ? range.key : T.dyn);
        if (c.iterVar2) inner.set(c.iterVar2, range.kind === "list" ? range.elem : range.kind === "map" ? range.value : T.dyn);
        const accu = this.check(c.accuInit, scope);
        inner.set(c.accuVar, accu);
        this.check(c.loopCondition, inner);
        const step = this.check(c.loopStep, inner);
        inner.set(c.accuVar, accu.kind === "list" && step.kind === "list" ? step : accu);
        return this.check(c.result, inner);
      }
      default:
        return T.unknown;
    }
  }

  private constType(c: string | undefined): DeclType {
    switch (c) {
      case "boolValue":
        return T.bool;
      case "int64Value":
        return T.int;
      case "uint64Value":
        return T.uint;
      case "doubleValue":
        return T.double;
      case "stringValue":
        return T.string;
      case "bytesValue":
        return T.bytes;
      case "nullValue":
        return T.null;
      default:
        return T.unknown;
    }
  }

  private select(e: Expr, operand: DeclType, field: string, testOnly: boolean): DeclType {
    switch (operand.kind) {
      case "object": {
        const f = operand.fields[field];
        if (!f) {
          this.issue(e, `undefined field '${field}'`);
          return T.unknown;
        }
        return testOnly ? T.bool : f;
      }
      case "map":
        return testOnly ? T.bool : operand.value;
      case "dyn":
      case "unknown":
        return testOnly ? T.bool : T.unknown;
      default:
        this.issue(e, `type '${typeName(operand)}' does not support field selection`);
        return T.unknown;
    }
  }

  private noOverload(e: Expr, fn: string, types: DeclType[]): DeclType {
    this.issue(e, `found no matching overload for '${fn}' applied to '(${types.map(typeName).join(", ")})'`);
    return T.unknown;
  }

  private call(e: Expr, fn: string, target: DeclType | undefined, args: DeclType[]): DeclType {
    if (this.functions && !this.functions.has(fn)) {
      this.issue(e, `undeclared reference to '${fn}' (in container '')`);
      return T.unknown;
    }
    if (!target && args.length === 2 && args.every(isKnown)) {
      const [a, b] = args;
      if (arithmetic.has(fn)) return arithmeticResult(fn, a, b) ?? this.noOverload(e, fn, args);
      if (ordering.has(fn)) return orderable(a, b) ? T.bool : this.noOverload(e, fn, args);
      if ((fn === "_==_" || fn === "_!=_") && a.kind !== "null_type" && b.kind !== "null_type" && !same(a, b)) return this.noOverload(e, fn, args);
      if (fn === "_[_]") {
        if (a.kind === "list") return a.elem;
        if (a.kind === "map") return a.value;
      }
    }
    if (fn === "_[_]" && args[0]) {
      const a = args[0];
      if (a.kind === "list") return a.elem;
      if (a.kind === "map") return a.value;
      return T.unknown;
    }
    if ((fn === "_&&_" || fn === "_||_") && args.some((a) => isKnown(a) && a.kind !== "bool")) return this.noOverload(e, fn, args);
    if (fn === "!_" && args[0] && isKnown(args[0]) && args[0].kind !== "bool") return this.noOverload(e, fn, args);
    if (fn === "-_" && args[0]) return args[0];
    if (fn === "_?_:_") return args[1] && args[2] && same(args[1], args[2]) ? args[1] : T.unknown;
    if (fn === "size" && (target ?? args[0]) && [ "int", "uint", "double", "bool", "null_type"].includes((target ?? args[0]).kind)) {
      return this.noOverload(e, fn, target ? [target, ...args] : args);
    }
    if (boolFunctions.has(fn)) return T.bool;
    if (intFunctions.has(fn)) return T.int;
    if (stringFunctions.has(fn)) return T.string;
    if (fn === "split" || fn === "findAll") return T.list(T.string);
    if (fn === "double") return T.double;
    if (fn === "uint") return T.uint;
    if (fn === "timestamp") return T.timestamp;
    if (fn === "duration") return T.duration;
    if (fn === "value" && target?.kind === "optional") return target.value;
    if (fn === "orValue" && target?.kind === "optional") return target.value;
    return T.unknown;
  }
}

/** The issues found and the expression's type as far as known. */
export function checkExpr(parsed: ParsedExpr, vars: Record<string, DeclType>, functions?: ReadonlySet<string>): { issues: CelIssue[]; type: DeclType } {
  const c = new Checker(parsed, vars, functions);
  const type = c.check(parsed.expr, new Map());
  return { issues: c.issues, type };
}
