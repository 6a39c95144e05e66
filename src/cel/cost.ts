/**
 * The evaluation bound. @bufbuild/cel has no cost tracking, so every
 * comprehension's loop condition is wrapped in a call to a metering
 * function: each iteration of every macro (all, exists, map, filter...)
 * costs one unit, and library functions on strings and lists add their
 * input sizes. Exceeding the limit (or the deadline) stops the loop with an
 * error and marks the whole evaluation as failed.
 */
import { celFunc, CelScalar, type CelFunc } from "@bufbuild/cel";
import type { Expr } from "./ast.js";
import { maxId } from "./ast.js";

export const METER_FUNCTION = "@meter";

export class Meter {
  cost = 0;
  exceeded: "cost" | "timeout" | undefined;
  private ticks = 0;
  constructor(
    readonly limit: number,
    private readonly now?: () => number,
    private readonly deadline?: number,
  ) {}

  /** Adds units; false once the limit or the deadline has passed. */
  charge(units: number): boolean {
    if (this.exceeded) return false;
    this.cost += units;
    if (this.cost > this.limit) this.exceeded = "cost";
    else if (this.now && this.deadline !== undefined && ++this.ticks % 256 === 0 && this.now() > this.deadline) this.exceeded = "timeout";
    return !this.exceeded;
  }
}

/** The meter of the evaluation under way; evaluation is synchronous, so one at a time. */
let current: Meter | undefined;

export function withMeter<R>(meter: Meter, fn: () => R): R {
  const outer = current;
  current = meter;
  try {
    return fn();
  } finally {
    current = outer;
  }
}

/** Charges the evaluation under way (library functions call this with their input sizes). */
export function charge(units: number): void {
  if (current && !current.charge(units)) throw new Error("operation cancelled: actual cost limit exceeded");
}

export const meterFunction: CelFunc = celFunc(METER_FUNCTION, [CelScalar.DYN], CelScalar.DYN, (v) => {
  charge(1);
  return v;
});

/** Rewrites the tree in place so that every comprehension iteration goes through the meter. */
export function instrument(root: Expr): void {
  let next = maxId(root) + 1n;
  const visit = (e: Expr | undefined): void => {
    if (!e) return;
    const k = e.exprKind;
    switch (k.case) {
      case "selectExpr":
        visit(k.value.operand);
        break;
      case "callExpr":
        visit(k.value.target);
        k.value.args.forEach(visit);
        break;
      case "listExpr":
        k.value.elements.forEach(visit);
        break;
      case "structExpr":
        k.value.entries.forEach((en) => {
          if (en.keyKind.case === "mapKey") visit(en.keyKind.value);
          visit(en.value);
        });
        break;
      case "comprehensionExpr": {
        const c = k.value;
        [c.iterRange, c.accuInit, c.loopCondition, c.loopStep, c.result].forEach(visit);
        if (c.loopCondition) {
          const cond = c.loopCondition;
          c.loopCondition = {
            $typeName: "cel.expr.Expr",
            id: next++,
            exprKind: { case: "callExpr", value: { $typeName: "cel.expr.Expr.Call", function: METER_FUNCTION, args: [cond] } },
          } as Expr;
        }
        break;
      }
    }
  };
  visit(root);
}
