/**
 * The 409 an apply gets when it would change fields other managers own,
 * worded as upstream words it.
 */
import { ApiError, type StatusCause } from "../../api/errors.js";
import { pathToString, type FieldPath } from "./field-path.js";
import type { ManagerEntry } from "./managed-fields.js";

export interface Conflict {
  /** Manager identity (managerId). */
  id: string;
  manager: ManagerEntry;
  path: FieldPath;
}

/** `"kubectl" using apps/v1` for updaters, `"kubectl"` for appliers. */
export function printManager(m: ManagerEntry): string {
  let s = JSON.stringify(m.manager);
  if (m.subresource) s += ` with subresource ${JSON.stringify(m.subresource)}`;
  if (m.operation === "Update") s += ` using ${m.apiVersion}`;
  return s;
}

export function conflictMessage(conflicts: Conflict[]): string {
  if (conflicts.length === 1) {
    const c = conflicts[0]!;
    return `Apply failed with 1 conflict: conflict with ${printManager(c.manager)}: ${pathToString(c.path)}`;
  }
  const byManager = new Map<string, Conflict[]>();
  for (const c of conflicts) byManager.set(c.id, [...(byManager.get(c.id) ?? []), c]);
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort()) {
    const group = byManager.get(id)!;
    lines.push(`conflicts with ${printManager(group[0]!.manager)}:`);
    for (const c of group) lines.push(`- ${pathToString(c.path)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join("\n")}`;
}

/** The 409 Conflict with one FieldManagerConflict cause per field. */
export function conflictError(conflicts: Conflict[]): ApiError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: "FieldManagerConflict",
    message: `conflict with ${printManager(c.manager)}`,
    field: pathToString(c.path),
  }));
  return new ApiError(409, "Conflict", conflictMessage(conflicts), { causes });
}
