/** Encodes objects and lists in the negotiated form (JSON, YAML, Table, PartialObjectMetadata). */
import { yaml } from "../../util/lazy-yaml.js";
import { badRequest, notAcceptable } from "../../api/errors.js";
import type { KubeObject, ResourceDefinition } from "../../api/types.js";
import type { EncodedObject } from "../../storage/cacher/index.js";
import type { ApiResponse } from "../http/types.js";
import { negotiate, type ResponseForm } from "../negotiation.js";
import { partialObjectMetadata, toTable, type IncludeObject } from "../tables/table.js";

export interface ListMeta {
  resourceVersion: string;
  continue?: string;
  remainingItemCount?: number;
}

export function responseForm(accept: string | undefined, allowed: ResponseForm[] = ["json", "yaml", "table", "partial"]): ResponseForm {
  const form = negotiate(accept, allowed);
  if (!form) throw notAcceptable(`only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  return form;
}

/**
 * The forms a resource can answer in: upstream serves Tables only from a
 * storage with a table convertor, which the review kinds (virtual
 * resources, computed on create) lack, so they answer 406 to a Table Accept.
 */
export function responseFormFor(def: ResourceDefinition, accept: string | undefined): ResponseForm {
  return responseForm(accept, def.virtual ? ["json", "yaml", "partial"] : undefined);
}

export function includeObjectParam(query: URLSearchParams): IncludeObject {
  const v = query.get("includeObject") ?? "Metadata";
  if (v !== "None" && v !== "Metadata" && v !== "Object") throw badRequest(`includeObject: Unsupported value: "${v}": supported values: "None", "Metadata", "Object"`);
  return v;
}

function body(form: ResponseForm, value: unknown, status: number, headers: Record<string, string | string[]> = {}): ApiResponse {
  if (form === "yaml") return { status, headers: { "content-type": "application/yaml", ...headers }, body: yaml().stringify(value) };
  // Go's json.Encoder ends every body with a newline.
  return { status, headers: { "content-type": "application/json", ...headers }, body: `${JSON.stringify(value)}\n` };
}

/** json, when given, is JSON.stringify(obj) made already (a write's stored text, see WriteResult.json). */
export function encodeObject(def: ResourceDefinition, obj: KubeObject, form: ResponseForm, query: URLSearchParams, now: number, status = 200, headers: Record<string, string | string[]> = {}, json?: string): ApiResponse {
  if (form === "json" && json !== undefined) return { status, headers: { "content-type": "application/json", ...headers }, body: `${json}\n` };
  if (form === "table") return body("json", toTable(def, [obj], { now }, { includeObject: includeObjectParam(query), listMeta: { resourceVersion: obj.metadata.resourceVersion } }), status, headers);
  if (form === "partial") return body("json", partialObjectMetadata(obj), status, headers);
  return body(form, obj, status, headers);
}

/**
 * The list in the negotiated form. encoded, when given, holds each item's
 * JSON in items' order (the watch cache's, serialised once per object):
 * a JSON list is then assembled from it rather than serialised again.
 */
export function encodeList(def: ResourceDefinition, apiVersion: string, items: KubeObject[], meta: ListMeta, form: ResponseForm, query: URLSearchParams, now: number, encoded?: readonly EncodedObject[]): ApiResponse {
  if (form === "json" && encoded) return { status: 200, headers: { "content-type": "application/json" }, body: jsonListBody(listValue(def, apiVersion, [], meta), encoded) };
  const listMeta = (listValue(def, apiVersion, [], meta) as { metadata: Record<string, unknown> }).metadata;
  if (form === "table") return body("json", toTable(def, items, { now }, { includeObject: includeObjectParam(query), listMeta }), 200);
  if (form === "partial") {
    return body("json", { kind: "PartialObjectMetadataList", apiVersion: "meta.k8s.io/v1", metadata: listMeta, items: items.map(partialObjectMetadata) }, 200);
  }
  return body(form, listValue(def, apiVersion, items, meta), 200);
}

/** The list object itself (kind, apiVersion, list metadata, items). */
export function listValue(def: ResourceDefinition, apiVersion: string, items: KubeObject[], meta: ListMeta): object {
  const listMeta: Record<string, unknown> = { resourceVersion: meta.resourceVersion };
  if (meta.continue) listMeta.continue = meta.continue;
  if (meta.remainingItemCount !== undefined) listMeta.remainingItemCount = meta.remainingItemCount;
  return { kind: def.listKind ?? `${def.kind}List`, apiVersion, metadata: listMeta, items };
}

/**
 * The bytes JSON.stringify(list) + "\n" would give for a list whose items
 * are already serialised, written into one buffer: the list object's own
 * fields, then "items" last, as listValue orders them.
 */
export function jsonListBody(emptyList: object, items: readonly EncodedObject[]): Buffer {
  const open = `${JSON.stringify(emptyList).slice(0, -"[]}".length)}[`;
  const close = "]}\n";
  let size = Buffer.byteLength(open) + close.length + Math.max(0, items.length - 1);
  for (const item of items) size += item.jsonByteLength();
  const out = Buffer.allocUnsafe(size);
  let at = out.write(open, 0);
  for (let i = 0; i < items.length; i++) {
    if (i > 0) out[at++] = COMMA;
    at += out.write(items[i]!.json(), at);
  }
  at += out.write(close, at);
  if (at !== size) throw new Error(`list body: wrote ${at} of ${size} bytes`);
  return out;
}

const COMMA = 0x2c;

/** Warning headers as upstream: `299 - "text"`. */
export function warningHeaders(warnings: string[]): Record<string, string[]> {
  if (!warnings.length) return {};
  return { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`) };
}
