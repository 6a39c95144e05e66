/**
 * Server-side printing of custom resources (upstream's CRD table
 * convertor): a column per additionalPrinterColumn, evaluated with
 * JSONPath; date columns become ages on the server; without columns, Age.
 */
import type { Cell, KubeObject, TableColumn } from "../../api/types.js";
import { CREATION_TIMESTAMP_DESCRIPTION, humanDuration } from "../../api/printers.js";
import type { CRDColumn } from "../../api/apiextensions/index.js";
import { findResults, parseJSONPath, printValue } from "./jsonpath.js";

const DEFAULT_COLUMNS: CRDColumn[] = [{ name: "Age", type: "date", description: CREATION_TIMESTAMP_DESCRIPTION, jsonPath: ".metadata.creationTimestamp" }];

export function printerColumns(columns: CRDColumn[] | undefined): TableColumn[] {
  const list = columns?.length ? columns : DEFAULT_COLUMNS;
  return list.map((c) => {
    let steps: ReturnType<typeof parseJSONPath> | undefined;
    try {
      steps = parseJSONPath(c.jsonPath ?? "");
    } catch {
      steps = undefined;
    }
    const type = (c.type ?? "string") as TableColumn["type"];
    return {
      name: c.name ?? "",
      type,
      format: c.format ?? "",
      description: c.description || `Custom resource definition column (in JSONPath format): ${c.jsonPath ?? ""}`,
      priority: c.priority ?? 0,
      cell: (obj: KubeObject, ctx) => {
        if (!steps) return null;
        const found = findResults(obj, steps);
        if (!found.length) return null;
        return cellFor(type, found[0], ctx.now);
      },
    };
  });
}

/** Upstream's cellForJSONValue, with string columns printed as jsonpath prints them. */
function cellFor(type: string, value: unknown, now: number): Cell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case "string":
      return printValue(value);
    case "integer":
      return typeof value === "number" ? Math.trunc(value) : null;
    case "number":
      return typeof value === "number" ? value : null;
    case "boolean":
      return typeof value === "boolean" ? value : null;
    case "date": {
      if (typeof value !== "string") return null;
      const t = Date.parse(value);
      if (Number.isNaN(t)) return "<invalid>";
      return humanDuration(now - t);
    }
    default:
      return null;
  }
}
