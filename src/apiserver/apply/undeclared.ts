/**
 * Server-side apply refuses an applied configuration with fields its schema
 * does not declare, whatever fieldValidation says: upstream's field manager
 * fails to make a typed object of it (structured-merge-diff validation)
 * before merging. Its message names each such field by its apply path
 * (`.spec.containers[name="c"].foo`); within one map the walk stops at the
 * first undeclared field, so later fields of that map go unreported.
 */
import { ApiError } from "../../api/errors.js";
import { isJsonObject, type JsonObject, type JsonValue } from "../patch/json-value.js";
import type { PatchSchema } from "../patch/schema.js";
import { parseFieldPath } from "../registry/field-validation.js";
import { pathToString, type FieldPath } from "./field-path.js";
import { fieldShape, itemElement, itemShape, rootShape, ShapeError, type Shape } from "./shape.js";

interface Located {
  path: FieldPath;
  /** Per map on the way (by its apply path): the position of the key taken in that map. */
  steps: { map: string; at: number }[];
}

/** Locates a field path ("spec.ports[0].x") in applied, in apply path elements; undefined if it is not there. */
function locate(applied: JsonObject, schema: PatchSchema, definition: string, fieldPath: string): Located | undefined {
  let value: JsonValue | undefined = applied;
  let shape: Shape = rootShape(definition, schema);
  const path: FieldPath = [];
  const steps: Located["steps"] = [];
  for (const step of parseFieldPath(fieldPath)) {
    if (typeof step === "string") {
      if (!isJsonObject(value)) return undefined;
      steps.push({ map: pathToString(path), at: Object.keys(value).indexOf(step) });
      path.push({ kind: "field", name: step });
      shape = fieldShape(schema, shape, step, value[step]);
      value = value[step];
    } else {
      if (!Array.isArray(value) || step >= value.length) return undefined;
      const item: JsonValue = value[step]!;
      let element: FieldPath[number] = { kind: "index", index: step };
      if (!shape.atomic && shape.relation) {
        try {
          element = itemElement(schema, shape, item);
        } catch (err) {
          if (!(err instanceof ShapeError)) throw err;
        }
      }
      path.push(element);
      shape = itemShape(schema, shape, item);
      value = item;
    }
  }
  return { path, steps };
}

/** upstream's "<namespace>/<name>; <group>/<version>, Kind=<kind>" of the applied configuration. */
function describe(applied: JsonObject): string {
  const meta = isJsonObject(applied.metadata) ? applied.metadata : {};
  const str = (v: JsonValue | undefined) => (typeof v === "string" ? v : "");
  const apiVersion = str(applied.apiVersion);
  const slash = apiVersion.indexOf("/");
  const [group, version] = slash < 0 ? ["", apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
  return `${str(meta.namespace)}/${str(meta.name)}; ${group}/${version}, Kind=${str(applied.kind)}`;
}

/**
 * The error for undeclared fields of an applied configuration (unknown: their
 * field paths, in document order), or undefined when there are none.
 */
export function undeclaredFieldsError(applied: JsonObject, unknown: string[], schema: PatchSchema, definition: string): ApiError | undefined {
  const located = unknown.map((p) => locate(applied, schema, definition, p)).filter((l): l is Located => l !== undefined);
  if (located.length === 0) return undefined;
  // Where each map's walk stopped: its first undeclared key.
  const stop = new Map<string, number>();
  for (const l of located) {
    const last = l.steps[l.steps.length - 1];
    if (last && last.at < (stop.get(last.map) ?? Infinity)) stop.set(last.map, last.at);
  }
  const reached = located.filter((l) => l.steps.every((s) => s.at <= (stop.get(s.map) ?? Infinity)));
  const errors = reached.map((l) => `${pathToString(l.path)}: field not declared in schema`);
  const detail = errors.length === 1 ? errors[0] : ["errors:", ...errors.map((e) => `  ${e}`)].join("\n");
  return new ApiError(500, "", `failed to create typed patch object (${describe(applied)}): ${detail}`);
}
