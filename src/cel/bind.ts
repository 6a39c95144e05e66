/**
 * cel.bind(name, init, body): the binding macro of cel-go's extensions,
 * which @bufbuild/cel does not parse as a macro. It is rewritten the way
 * cel-go expands it: a comprehension over an empty list whose accumulator
 * is the bound name.
 */
import type { Expr } from "./ast.js";
import { maxId } from "./ast.js";

function isBind(e: Expr): boolean {
  const k = e.exprKind;
  if (k.case !== "callExpr" || k.value.function !== "bind" || k.value.args.length !== 3) return false;
  const t = k.value.target?.exprKind;
  return t?.case === "identExpr" && t.value.name === "cel" && k.value.args[0].exprKind.case === "identExpr";
}

/** Rewrites every cel.bind in the tree, in place. */
export function expandBind(root: Expr): void {
  let next = maxId(root) + 1n;
  const node = (exprKind: unknown): Expr => ({ $typeName: "cel.expr.Expr", id: next++, exprKind }) as Expr;
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
        if (isBind(e)) {
          const [name, init, body] = k.value.args;
          const varName = (name.exprKind as { value: { name: string } }).value.name;
          e.exprKind = {
            case: "comprehensionExpr",
            value: {
              $typeName: "cel.expr.Expr.Comprehension",
              iterVar: "#unused",
              iterVar2: "",
              iterRange: node({ case: "listExpr", value: { $typeName: "cel.expr.Expr.CreateList", elements: [], optionalIndices: [] } }),
              accuVar: varName,
              accuInit: init,
              loopCondition: node({ case: "constExpr", value: { $typeName: "cel.expr.Constant", constantKind: { case: "boolValue", value: false } } }),
              loopStep: node({ case: "identExpr", value: { $typeName: "cel.expr.Expr.Ident", name: varName } }),
              result: body,
            },
          } as Expr["exprKind"];
        }
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
      case "comprehensionExpr":
        [k.value.iterRange, k.value.accuInit, k.value.loopCondition, k.value.loopStep, k.value.result].forEach(visit);
        break;
    }
  };
  visit(root);
}
