/**
 * fieldValidation=Strict|Warn|Ignore for unknown and duplicate fields.
 * Unknown fields are always dropped before storage (upstream's typed
 * decoding cannot keep them); Strict refuses the request, Warn returns a
 * warning per finding. Duplicates come from the body's decoding
 * (encoding/strict-decoding.ts): JSON ones in document order among the
 * unknown fields, YAML ones first, as go-yaml's "unmarshal errors" block.
 */
import { badRequest } from "../../api/errors.js";
import { decodeFindings, hasDuplicateKeys, scanJsonKeys } from "../encoding/strict-decoding.js";
import type { KubeObject, ResourceDefinition } from "../../api/types.js";
import type { FieldValidation, UnknownFieldFinder } from "./types.js";

interface HasDeps {
  def: ResourceDefinition;
  deps: { unknownFields?: UnknownFieldFinder };
}

export function applyFieldValidation(reg: HasDeps, obj: KubeObject, mode: FieldValidation): string[] {
  const find = reg.deps.unknownFields;
  const own = reg.def.unknownFields;
  const unknown = own ? own(obj) : find ? find(reg.def, obj) : [];
  const findings = mode === "Ignore" ? [] : strictFindings(obj, unknown);
  for (const p of unknown) removePath(obj, p);
  if (findings.length === 0) return [];
  if (mode === "Strict") {
    const { kind, version } = reg.def;
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${findings.join(", ")}`);
  }
  return findings.map((f) => f.replace(/^yaml: unmarshal errors:\n {2}/, "").split("\n  ")).flat();
}

/**
 * Upstream's strict decoding errors, in its order. A YAML body's duplicates
 * come as one go-yaml error ("yaml: unmarshal errors:\n  line 5: ..."),
 * which Warn splits into one warning per line.
 */
function strictFindings(obj: KubeObject, unknown: string[]): string[] {
  const decoded = decodeFindings(obj);
  const unknownMessages = (paths: string[]) => paths.map((p) => `unknown field "${p}"`);
  if (decoded?.format === "patch") return [...decoded.duplicates.map((p) => `duplicate field "${p}"`), ...unknownMessages(unknown)];
  if (decoded?.format === "yaml") return [`yaml: unmarshal errors:\n  ${decoded.duplicateLines.join("\n  ")}`, ...unknownMessages(unknown)];
  if (decoded?.format !== "json" || !hasDuplicateKeys(decoded.text)) return unknownMessages(unknown);
  const scan = scanJsonKeys(decoded.text);
  if (!scan.duplicates.length) return unknownMessages(unknown);
  // A repeat inside an unknown field is reported as that unknown field only.
  const underUnknown = (p: string) => unknown.some((u) => p === u || p.startsWith(`${u}.`) || p.startsWith(`${u}[`));
  const items = [
    ...unknown.map((p) => ({ at: scan.firstSeen.get(p) ?? Number.MAX_SAFE_INTEGER, message: `unknown field "${p}"` })),
    ...scan.duplicates.filter((d) => !underUnknown(d.path)).map((d) => ({ at: d.at, message: `duplicate field "${d.path}"` })),
  ];
  return items.sort((a, b) => a.at - b.at).map((i) => i.message);
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
