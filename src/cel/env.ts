/**
 * Skiff's CEL environment: the standard library, the Kubernetes extension
 * libraries and declared variables. Expressions compile once (parse, light
 * type check, metering) and evaluate many times under a cost limit and an
 * optional deadline, with typed errors.
 */
import { celEnv, isCelError, parse, plan, type CelEnv, type CelFunc, type CelInput, type CelValue } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import type { Expr, ParsedExpr } from "./ast.js";
import { expandBind } from "./bind.js";
import { checkExpr } from "./check.js";
import { instrument, Meter, meterFunction, withMeter } from "./cost.js";
import { CelCompileError, CelEvalError, type CelIssue } from "./errors.js";
import { ipLibrary } from "./libraries/ip.js";
import { listsLibrary } from "./libraries/lists.js";
import { optionalLibrary } from "./libraries/optional.js";
import { quantityLibrary } from "./libraries/quantity.js";
import { regexLibrary } from "./libraries/regex.js";
import { urlLibrary } from "./libraries/url.js";
import type { DeclType } from "./types.js";

/** Functions the evaluator implements itself rather than through the function registry. */
const evaluatorBuiltins = ["_[_]", "_&&_", "_||_", "_?_:_", "@not_strictly_false", "_[?_]", "_?._"];

/** upstream's PerCallLimit: the most one evaluation may cost. */
export const DEFAULT_COST_LIMIT = 1_000_000;

/** The Kubernetes libraries every environment has. */
export const kubernetesLibraries: readonly CelFunc[] = [...strings, ...listsLibrary, ...regexLibrary, ...urlLibrary, ...quantityLibrary, ...ipLibrary, ...optionalLibrary];

export interface CelEnvironmentOptions {
  /** Variables expressions may use, with their declared types. */
  variables: Record<string, DeclType>;
  /** Functions beyond the standard and Kubernetes libraries. */
  functions?: readonly CelFunc[];
}

export interface EvaluateOptions {
  /** Cost units this evaluation may spend (comprehension iterations plus library work). */
  costLimit?: number;
  /** With timeoutMs, the clock the deadline is measured on. */
  now?: () => number;
  timeoutMs?: number;
}

export interface EvaluationResult {
  value: CelValue;
  cost: number;
}

/** cel-go's wording for the runtime errors whose text differs in @bufbuild/cel. */
function upstreamMessage(msg: string): string {
  const m = /^field not found: (.*)$/.exec(msg);
  if (m) return `no such key: ${m[1]}`;
  if (msg.startsWith("found no matching overload") || msg.startsWith("unbound function")) return `no such overload`;
  if (msg === "int divide by zero" || msg === "uint divide by zero") return "division by zero";
  if (msg === "int modulus by zero" || msg === "uint modulus by zero") return "modulus by zero";
  if (/^Cannot convert .* to a BigInt$/.test(msg)) return "type conversion error from 'string' to 'int'";
  const idx = /^index (-?\d+) out of bounds/.exec(msg);
  if (idx) return `index out of bounds: ${idx[1]}`;
  return msg;
}

/** A parse error of @bufbuild/cel ("<input>:1:3: found + but ...") as an issue at its offset. */
function parseIssue(source: string, err: Error): CelIssue {
  const m = /^<input>:(\d+):(\d+): (.*)$/s.exec(err.message);
  if (!m) return { message: `Syntax error: ${err.message}`, offset: 0 };
  const chars = [...source];
  let line = 1;
  let offset = 0;
  while (line < +m[1] && offset < chars.length) if (chars[offset++] === "\n") line++;
  return { message: `Syntax error: ${m[3]}`, offset: offset + Math.max(0, +m[2] - 1) };
}

export class CelProgram {
  constructor(
    readonly source: string,
    /** The result type as far as the check could tell ("unknown" when only evaluation can). */
    readonly type: DeclType,
    /** Declared variables the expression references. */
    readonly references: ReadonlySet<string>,
    private readonly run: (bindings: Record<string, CelInput>) => CelValue,
  ) {}

  /** Evaluates with the given variable values; throws CelEvalError. */
  evaluate(bindings: Record<string, CelInput>, opts: EvaluateOptions = {}): EvaluationResult {
    const limit = opts.costLimit ?? DEFAULT_COST_LIMIT;
    const deadline = opts.now && opts.timeoutMs !== undefined ? opts.now() + opts.timeoutMs : undefined;
    const meter = new Meter(limit, opts.now, deadline);
    let value: CelValue;
    try {
      value = withMeter(meter, () => this.run(bindings));
    } catch (e) {
      // The evaluator reports errors as values; anything thrown is still the expression's failure.
      throw new CelEvalError("runtime", e instanceof Error ? e.message : String(e));
    }
    if (meter.exceeded === "cost") throw new CelEvalError("cost", "operation cancelled: actual cost limit exceeded");
    if (meter.exceeded === "timeout") throw new CelEvalError("timeout", "operation interrupted");
    if (isCelError(value)) throw new CelEvalError("runtime", upstreamMessage(value.message));
    return { value, cost: meter.cost };
  }
}

function referencedIdents(e: Expr | undefined, out: Set<string>): void {
  if (!e) return;
  const k = e.exprKind;
  switch (k.case) {
    case "identExpr":
      out.add(k.value.name);
      break;
    case "selectExpr":
      referencedIdents(k.value.operand, out);
      break;
    case "callExpr":
      referencedIdents(k.value.target, out);
      k.value.args.forEach((a) => referencedIdents(a, out));
      break;
    case "listExpr":
      k.value.elements.forEach((a) => referencedIdents(a, out));
      break;
    case "structExpr":
      k.value.entries.forEach((en) => {
        if (en.keyKind.case === "mapKey") referencedIdents(en.keyKind.value, out);
        referencedIdents(en.value, out);
      });
      break;
    case "comprehensionExpr":
      [k.value.iterRange, k.value.accuInit, k.value.loopCondition, k.value.loopStep, k.value.result].forEach((a) => referencedIdents(a, out));
      break;
  }
}

let standard: { env: CelEnv; functions: Set<string> } | undefined;

export class CelEnvironment {
  private readonly env: CelEnv;
  private readonly functions: ReadonlySet<string>;
  readonly variables: Readonly<Record<string, DeclType>>;

  constructor(opts: CelEnvironmentOptions) {
    this.variables = { ...opts.variables };
    if (opts.functions?.length) {
      this.env = celEnv({ funcs: [...kubernetesLibraries, ...opts.functions, meterFunction] });
      this.functions = new Set([...[...this.env.funcs].map((f) => f.name), ...evaluatorBuiltins]);
    } else {
      // Environments differ only in their declared variables: share the function registry.
      standard ??= { env: celEnv({ funcs: [...kubernetesLibraries, meterFunction] }), functions: new Set<string>() };
      if (standard.functions.size === 0) standard.functions = new Set([...[...standard.env.funcs].map((f) => f.name), ...evaluatorBuiltins]);
      this.env = standard.env;
      this.functions = standard.functions;
    }
  }

  /** Parses and checks source; throws CelCompileError with cel-go's rendering of every issue. */
  compile(source: string): CelProgram {
    let parsed: ParsedExpr;
    try {
      parsed = parse(source);
    } catch (e) {
      throw new CelCompileError(source, [parseIssue(source, e instanceof Error ? e : new Error(String(e)))]);
    }
    expandBind(parsed.expr);
    const { issues, type } = checkExpr(parsed, this.variables, this.functions);
    if (issues.length) throw new CelCompileError(source, issues);
    const refs = new Set<string>();
    referencedIdents(parsed.expr, refs);
    const references = new Set([...refs].filter((n) => n in this.variables));
    instrument(parsed.expr);
    let evaluate: (b: Record<string, CelInput>) => CelValue;
    try {
      const program = plan(this.env, parsed);
      evaluate = (b) => program(b) as CelValue;
    } catch (e) {
      throw new CelCompileError(source, [{ message: e instanceof Error ? e.message : String(e), offset: 0 }]);
    }
    return new CelProgram(source, type, references, evaluate);
  }
}
