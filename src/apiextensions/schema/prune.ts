/**
 * Pruning (upstream's structural pruning algorithm): fields the schema does
 * not declare are dropped, except under x-kubernetes-preserve-unknown-fields
 * and apiVersion/kind/metadata of the root and of embedded resources.
 * metadata itself keeps only ObjectMeta's fields, as decoding into
 * ObjectMeta does upstream. Dropped paths come back sorted, for
 * fieldValidation=Strict/Warn ("unknown field \"spec.foo\"").
 */
import { isObject, type JsonObject } from "./json.js";
import type { JSONSchemaProps } from "./types.js";

const metaFields = new Set(["apiVersion", "kind", "metadata"]);

const objectMetaFields = new Set([
  "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
  "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
]);

class Paths {
  readonly unknown: string[] = [];
  key(parent: string, k: string): string {
    return parent ? `${parent}.${k}` : k;
  }
  index(parent: string, i: number): string {
    return `${parent}[${i}]`;
  }
  record(parent: string, k: string): void {
    this.unknown.push(this.key(parent, k));
  }
}

function addl(s: JSONSchemaProps): JSONSchemaProps | undefined {
  if (isObject(s.additionalProperties)) return s.additionalProperties as JSONSchemaProps;
  return undefined;
}

/** additionalProperties: true keeps every key without a schema; it is not "no additionalProperties". */
function hasAddl(s: JSONSchemaProps): boolean {
  return s.additionalProperties !== undefined && s.additionalProperties !== false;
}

function items(s: JSONSchemaProps | undefined): JSONSchemaProps | undefined {
  return s?.items && !Array.isArray(s.items) ? s.items : undefined;
}

/** ObjectMeta keeps its own fields only. */
function pruneObjectMeta(meta: unknown, parent: string, paths: Paths): void {
  if (!isObject(meta)) return;
  for (const k of Object.keys(meta)) {
    if (!objectMetaFields.has(k)) {
      paths.record(parent, k);
      delete meta[k];
    }
  }
}

function pruneEmbeddedMeta(x: JsonObject, parent: string, paths: Paths): void {
  if ("metadata" in x) pruneObjectMeta(x.metadata, paths.key(parent, "metadata"), paths);
}

function prune(x: unknown, s: JSONSchemaProps | undefined, parent: string, paths: Paths, embedded: boolean): void {
  if (s?.["x-kubernetes-preserve-unknown-fields"]) {
    skipPrune(x, s, parent, paths, embedded);
    return;
  }
  if (isObject(x)) {
    if (!s) {
      for (const k of Object.keys(x)) {
        paths.record(parent, k);
        delete x[k];
      }
      return;
    }
    if (embedded) pruneEmbeddedMeta(x, parent, paths);
    for (const k of Object.keys(x)) {
      if (embedded && metaFields.has(k)) continue;
      const prop = s.properties?.[k];
      if (prop) prune(x[k], prop, paths.key(parent, k), paths, !!prop["x-kubernetes-embedded-resource"]);
      else if (hasAddl(s)) {
        const a = addl(s);
        prune(x[k], a, paths.key(parent, k), paths, !!a?.["x-kubernetes-embedded-resource"]);
      } else {
        if (!metaFields.has(k) || parent) paths.record(parent, k);
        delete x[k];
      }
    }
  } else if (Array.isArray(x)) {
    const it = items(s);
    x.forEach((v, i) => prune(v, it, paths.index(parent, i), paths, !!it?.["x-kubernetes-embedded-resource"]));
  }
}

function skipPrune(x: unknown, s: JSONSchemaProps | undefined, parent: string, paths: Paths, embedded: boolean): void {
  if (!s) return;
  if (isObject(x)) {
    if (embedded) pruneEmbeddedMeta(x, parent, paths);
    for (const k of Object.keys(x)) {
      if (embedded && metaFields.has(k)) continue;
      const prop = s.properties?.[k];
      const a = addl(s);
      if (prop) prune(x[k], prop, paths.key(parent, k), paths, !!prop["x-kubernetes-embedded-resource"]);
      else if (hasAddl(s)) prune(x[k], a, paths.key(parent, k), paths, !!a?.["x-kubernetes-embedded-resource"]);
    }
  } else if (Array.isArray(x)) {
    const it = items(s);
    x.forEach((v, i) => skipPrune(v, it, paths.index(parent, i), paths, !!it?.["x-kubernetes-embedded-resource"]));
  }
}

/**
 * Prunes obj in place against schema. isResourceRoot: obj is a whole
 * resource, so its apiVersion, kind and metadata are kept (metadata trimmed
 * to ObjectMeta). Returns the dropped paths, sorted.
 */
export function pruneObject(obj: unknown, schema: JSONSchemaProps | undefined, isResourceRoot = true): string[] {
  const paths = new Paths();
  prune(obj, schema ?? (isResourceRoot ? {} : undefined), "", paths, isResourceRoot || !!schema?.["x-kubernetes-embedded-resource"]);
  return paths.unknown.sort();
}
