/**
 * What a conversion webhook may change, as upstream checks it: the object
 * must come back at the desired group/version with the same kind, name,
 * namespace and uid; of its metadata only labels and annotations are taken
 * from the answer (validated like any object's), everything else is
 * restored from the original.
 */
import type { KubeObject } from "../../api/types.js";
import { fieldErrorMessage, type FieldError } from "../../api/validation/field.js";
import { validateAnnotations, validateLabels } from "../../api/validation/labels.js";
import { goTypeName, type JsonValue } from "../../apiserver/patch/json-value.js";
import { isRecord } from "./review.js";

/** An invalid converted object; `part` says which check failed. */
export class InvalidConvertedObject extends Error {
  constructor(
    message: string,
    /** "version" for the group/version and kind checks, which upstream words apart. */
    readonly part: "version" | "object" | "metadata",
  ) {
    super(message);
  }
}

/** The converted object with the original's metadata restored; throws InvalidConvertedObject. */
export function acceptConverted(original: KubeObject, converted: unknown, desiredAPIVersion: string): KubeObject {
  if (!isRecord(converted)) throw new InvalidConvertedObject("Object 'Kind' is missing in converted object", "object");
  const apiVersion = typeof converted.apiVersion === "string" ? converted.apiVersion : "";
  const kind = typeof converted.kind === "string" ? converted.kind : "";
  if (!kind) throw new InvalidConvertedObject(`Object 'Kind' is missing in '${JSON.stringify(converted)}'`, "object");
  if (apiVersion !== desiredAPIVersion) {
    throw new InvalidConvertedObject(`invalid groupVersion (expected ${desiredAPIVersion}, received ${apiVersion})`, "version");
  }
  if (kind !== original.kind) throw new InvalidConvertedObject(`invalid kind (expected ${original.kind ?? ""}, received ${kind})`, "version");
  const meta = isRecord(converted.metadata) ? converted.metadata : {};
  for (const [field, label] of [
    ["name", "name"],
    ["namespace", "namespace"],
    ["uid", "UID"],
  ] as const) {
    const want = str(original.metadata[field]);
    const got = str(meta[field]);
    if (want !== got) throw new InvalidConvertedObject(`must have the same ${label}: ${want} != ${got}`, "object");
  }
  return { ...(converted as KubeObject), metadata: restoredMetadata(original, converted.metadata) };
}

function restoredMetadata(original: KubeObject, answered: unknown): KubeObject["metadata"] {
  if (answered === undefined) throw new InvalidConvertedObject("missing metadata in converted object", "metadata");
  if (!isRecord(answered)) throw new InvalidConvertedObject(`invalid metadata of type ${goType(answered)} in converted object`, "metadata");
  const out: Record<string, unknown> = structuredClone(original.metadata ?? {});
  for (const field of ["labels", "annotations"] as const) {
    const given = answered[field];
    if (given === undefined || given === null) {
      delete out[field];
      continue;
    }
    if (!isRecord(given)) throw new InvalidConvertedObject(`invalid metadata.${field} of type ${goType(given)} in converted object`, "metadata");
    const before = (out[field] ?? {}) as Record<string, string>;
    let changed = Object.keys(before).length !== Object.keys(given).length;
    for (const [k, v] of Object.entries(given)) {
      if (typeof v !== "string") throw new InvalidConvertedObject(`metadata.${field}[${k}] must be a string, but is ${goType(v)} in converted object`, "metadata");
      if (before[k] !== v) changed = true;
    }
    if (changed) {
      const map = given as Record<string, string>;
      // Upstream validates annotations at "metadata.annotation" (sic).
      const errs = field === "labels" ? validateLabels(map, "metadata.labels") : validateAnnotations(map, "metadata.annotation");
      if (errs.length) throw new InvalidConvertedObject(aggregate(errs), "metadata");
    }
    out[field] = { ...given };
  }
  return out as KubeObject["metadata"];
}

/** utilerrors.Aggregate's Error(): one message alone, several in brackets. */
function aggregate(errs: FieldError[]): string {
  const msgs = [...new Set(errs.map(fieldErrorMessage))];
  return msgs.length === 1 ? msgs[0] : `[${msgs.join(", ")}]`;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/** The Go type an unstructured JSON value decodes to, for %T. */
function goType(v: unknown): string {
  return goTypeName(v as JsonValue);
}
