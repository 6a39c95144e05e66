/**
 * fieldValidation=Strict|Warn|Ignore for unknown fields. Unknown fields are
 * always dropped before storage (upstream's typed decoding cannot keep them);
 * Strict refuses the request, Warn returns a warning per field.
 */
import { badRequest } from "../../api/errors.js";
import type { KubeObject, ResourceDefinition } from "../../api/types.js";
import type { FieldValidation, UnknownFieldFinder } from "./types.js";

interface HasDeps {
  def: ResourceDefinition;
  deps: { unknownFields?: UnknownFieldFinder };
}

export function applyFieldValidation(reg: HasDeps, obj: KubeObject, mode: FieldValidation): string[] {
  const find = reg.deps.unknownFields;
  if (!find) return [];
  const unknown = find(reg.def, obj);
  if (unknown.length === 0) return [];
  if (mode === "Strict") {
    const { kind, version } = reg.def;
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${unknown.map((p) => `unknown field "${p}"`).join(", ")}`);
  }
  for (const p of unknown) removePath(obj, p);
  return mode === "Warn" ? unknown.map((p) => `unknown field "${p}"`) : [];
}

/** Splits "spec.containers[0].foo" or "metadata.labels[a.b]" into steps. */
export function parseFieldPath(p: string): (string | number)[] {
  const steps: (string | number)[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p))) {
    if (m[1] !== undefined) steps.push(m[1]);
    else steps.push(/^\d+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return steps;
}

export function removePath(obj: unknown, p: string): void {
  const steps = parseFieldPath(p);
  let cur: unknown = obj;
  for (const s of steps.slice(0, -1)) {
    if (cur === null || typeof cur !== "object") return;
    cur = (cur as Record<string | number, unknown>)[s];
  }
  const last = steps[steps.length - 1];
  if (cur !== null && typeof cur === "object" && !Array.isArray(cur)) delete (cur as Record<string, unknown>)[String(last)];
}
