/**
 * PATCH: JSON patch, merge patch, strategic merge patch and server-side
 * apply, each applied to the stored object and then run through the normal
 * update pipeline (so defaults, validation and conflicts are the same).
 */
import { ApiError, badRequest, isApiError } from "../../api/errors.js";
import type { KubeObject } from "../../api/types.js";
import type { ApiRequest } from "../http/types.js";
import type { ResourceRegistry } from "../registry/registry.js";
import type { FieldValidation, WriteResult } from "../registry/types.js";
import { attachDecodeFindings, decodeFindings, jsonDuplicatePaths } from "../encoding/strict-decoding.js";
import { queryFlag } from "../query/flags.js";
import { mediaType, parseBody } from "./body.js";
import { writeOptions } from "./options.js";

/** The patch algorithms, over plain JSON, by OpenAPI definition name. */
export interface PatchEngine {
  jsonPatch(doc: unknown, ops: unknown[]): unknown;
  mergePatch(doc: unknown, patch: unknown): unknown;
  strategicMergePatch(doc: unknown, patch: unknown, definition: string): unknown;
  /** Server-side apply: merges applied config into live, tracking managedFields; throws a 409 on conflicts unless force. */
  apply(live: KubeObject | undefined, applied: KubeObject, opts: { manager: string; force: boolean; definition: string; now: number; subresource?: string }): KubeObject;
}

export const PATCH_TYPES = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

export async function patchObject(reg: ResourceRegistry, ns: string | undefined, name: string, req: ApiRequest, subresource: string | undefined): Promise<WriteResult> {
  const engine = reg.deps.patch;
  if (!engine) throw new ApiError(500, "InternalError", "patching is not configured");
  const type = mediaType(req.headers["content-type"]);
  const accepted = reg.def.patchTypes ?? PATCH_TYPES;
  if (!accepted.includes(type)) {
    throw new ApiError(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: ${accepted.join(", ")}`);
  }
  const opts = writeOptions(req.query, req.headers, req.user, "patch");
  const patch = parseBody(req.body, type === "application/apply-patch+yaml" ? type : "application/json");
  const force = queryFlag(req.query, "force");
  if (type !== "application/apply-patch+yaml" && req.query.has("force")) throw badRequest("force: Forbidden: may not be specified for non-apply patch");
  const definition = reg.def.schema;

  if (type === "application/apply-patch+yaml") {
    if (!req.query.get("fieldManager")) {
      throw new ApiError(422, "Invalid", `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch`, { kind: "PatchOptions", group: "meta.k8s.io", causes: [{ reason: "FieldValueRequired", message: "Required value: is required for apply patch", field: "fieldManager" }] });
    }
    if (!isObject(patch)) throw badRequest("error decoding YAML: the applied configuration must be an object");
    const yamlWarnings = applyDuplicateWarnings(patch, opts.fieldValidation);
    // As upstream, Strict refuses repeated keys only once the apply itself has succeeded.
    const strictYaml = (merged: KubeObject): KubeObject => {
      refuseDuplicates(patch, opts.fieldValidation);
      return merged;
    };
    const applied = patch as KubeObject;
    const manager = opts.fieldManager!;
    const now = reg.deps.clock.now();
    const live = await reg.tryGet(ns, name);
    if (!live && !subresource) {
      applied.metadata ??= {};
      if (applied.metadata.name && applied.metadata.name !== name) throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
      applied.metadata.name = name;
      const created = wrap(() => strictYaml(engine.apply(undefined, applied, { manager, force, definition, now })));
      return withWarnings(yamlWarnings, await reg.create(ns, created, { ...opts, fieldManager: undefined }));
    }
    return withWarnings(yamlWarnings, await reg.mutate(ns, name, (current) => wrap(() => strictYaml(engine.apply(current, applied, { manager, force, definition, now, subresource }))), { ...opts, subresource, fieldManager: undefined }));
  }

  // A merge patch's repeated keys are reported with the result's unknown fields (registry/field-validation.ts).
  const duplicates = opts.fieldValidation === "Ignore" || type === "application/json-patch+json" ? [] : jsonDuplicatePaths(patch);
  const noted = (obj: KubeObject): KubeObject => {
    if (duplicates.length) attachDecodeFindings(obj, { format: "patch", duplicates });
    return obj;
  };

  return reg.mutate(
    ns,
    name,
    (current) =>
      wrap(() => {
        switch (type) {
          case "application/json-patch+json":
            if (!Array.isArray(patch)) throw badRequest(`json: cannot unmarshal ${typeof patch} into Go value of type jsonpatch.Patch`);
            return engine.jsonPatch(current, patch) as KubeObject;
          case "application/merge-patch+json":
            if (!isObject(patch)) throw badRequest(`json: cannot unmarshal ${Array.isArray(patch) ? "array" : typeof patch} into Go value of type map[string]interface {}`);
            return noted(engine.mergePatch(current, patch) as KubeObject);
          default:
            if (!isObject(patch)) throw badRequest(`json: cannot unmarshal ${Array.isArray(patch) ? "array" : typeof patch} into Go value of type map[string]interface {}`);
            return noted(engine.strategicMergePatch(current, patch, definition) as KubeObject);
        }
      }),
    { ...opts, subresource },
  );
}

/**
 * An apply body's repeated keys: Strict refuses it as upstream's YAML
 * decoder does; Warn returns one warning per repeat, ahead of the others.
 */
/** Warn: an applied configuration's repeated YAML keys, one warning each. */
function applyDuplicateWarnings(patch: unknown, mode: FieldValidation): string[] {
  const f = decodeFindings(patch);
  return mode === "Warn" && f?.format === "yaml" ? f.duplicateLines : [];
}

/** Strict: an applied configuration with repeated YAML keys is refused. */
function refuseDuplicates(patch: unknown, mode: FieldValidation): void {
  const f = decodeFindings(patch);
  if (mode === "Strict" && f?.format === "yaml") throw badRequest(`error strict decoding YAML: error converting YAML to JSON: yaml: unmarshal errors:\n  ${f.duplicateLines.join("\n  ")}`);
}

function withWarnings(first: string[], result: WriteResult): WriteResult {
  return first.length ? { ...result, warnings: [...first, ...result.warnings] } : result;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Patch failures that are not already API errors are the client's fault: 422 as upstream. */
function wrap<T>(fn: () => T): T {
  try {
    const out = fn();
    if (!isObject(out)) throw new ApiError(422, "Invalid", "the server rejected our request due to an error in our request");
    return out;
  } catch (err) {
    if (isApiError(err)) throw err;
    throw new ApiError(422, "Invalid", (err as Error).message);
  }
}
