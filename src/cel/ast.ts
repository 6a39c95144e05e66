/** The parsed expression tree of @bufbuild/cel, and small helpers over it. */
import type { parse } from "@bufbuild/cel";

export type ParsedExpr = ReturnType<typeof parse>;
export type Expr = ParsedExpr["expr"];

/** Offset of an expression in the source (0 when the parser recorded none). */
export function offsetOf(parsed: ParsedExpr, e: Expr): number {
  return parsed.sourceInfo?.positions[String(e.id)] ?? 0;
}

/** The largest expression id in a tree, so that new nodes get unused ids. */
export function maxId(e: Expr | undefined): bigint {
  if (!e) return 0n;
  let m = e.id;
  const k = e.exprKind;
  const more = (x: Expr | undefined) => {
    const v = maxId(x);
    if (v > m) m = v;
  };
  switch (k.case) {
    case "selectExpr":
      more(k.value.operand);
      break;
    case "callExpr":
      more(k.value.target);
      k.value.args.forEach(more);
      break;
    case "listExpr":
      k.value.elements.forEach(more);
      break;
    case "structExpr":
      k.value.entries.forEach((en) => {
        if (en.keyKind.case === "mapKey") more(en.keyKind.value);
        more(en.value);
      });
      break;
    case "comprehensionExpr":
      [k.value.iterRange, k.value.accuInit, k.value.loopCondition, k.value.loopStep, k.value.result].forEach(more);
      break;
  }
  return m;
}
