/**
 * Swagger 2.0 -> OpenAPI 3.0 conversion of schemas and operations, as
 * upstream's per-group-version /openapi/v3 documents write them: refs under
 * #/components/schemas, and a ref with a description or default wrapped in
 * allOf (3.0 ignores siblings of $ref).
 */
import type { Schema } from "./schema.js";
import { V3_REF_PREFIX, refName } from "./schema.js";
import type { Operation, PathItem } from "./operations.js";
import type { Parameter } from "./parameters.js";

export interface V3Parameter {
  name: string;
  in: "query" | "path";
  description?: string;
  required?: boolean;
  schema: Schema;
}

export interface V3MediaTypes {
  content?: Record<string, { schema?: Schema }>;
}

export interface V3Operation {
  tags: string[];
  description: string;
  operationId: string;
  parameters?: V3Parameter[];
  requestBody?: V3MediaTypes & { required?: boolean };
  responses: Record<string, V3MediaTypes & { description: string }>;
  "x-kubernetes-action"?: Operation["x-kubernetes-action"];
  "x-kubernetes-group-version-kind"?: Operation["x-kubernetes-group-version-kind"];
}

export type V3PathItem = Partial<Record<"get" | "put" | "post" | "delete" | "patch", V3Operation>> & { parameters?: V3Parameter[] };

export function toV3Schema(s: Schema): Schema {
  const out: Schema = {};
  const name = refName(s.$ref);
  const hasSiblings = Object.keys(s).some((k) => k !== "$ref");
  if (name && hasSiblings) out.allOf = [{ $ref: V3_REF_PREFIX + name }];
  for (const [k, v] of Object.entries(s) as [keyof Schema, unknown][]) {
    if (k === "$ref") {
      if (!hasSiblings) out.$ref = name ? V3_REF_PREFIX + name : (v as string);
    } else if (k === "properties") {
      out.properties = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([p, ps]) => [p, toV3Schema(ps)]));
    } else if (k === "items" || (k === "additionalProperties" && typeof v === "object")) {
      (out as Record<string, unknown>)[k] = toV3Schema(v as Schema);
    } else if (k === "allOf") {
      out.allOf = (v as Schema[]).map(toV3Schema);
    } else {
      (out as Record<string, unknown>)[k] = v;
    }
  }
  return out;
}

function toV3Parameter(p: Parameter): V3Parameter {
  const schema: Schema & { uniqueItems?: boolean } = { type: p.type };
  if (p.uniqueItems) schema.uniqueItems = true;
  const out: V3Parameter = { name: p.name, in: p.in === "path" ? "path" : "query", schema };
  if (p.description) out.description = p.description;
  if (p.required) out.required = true;
  return out;
}

function mediaTypes(types: string[], schema: Schema | undefined): Record<string, { schema?: Schema }> {
  const s = schema ? toV3Schema(schema) : undefined;
  return Object.fromEntries([...types].sort().map((t) => [t, s ? { schema: s } : {}]));
}

export function toV3Operation(op: Operation): V3Operation {
  const out: V3Operation = { tags: op.tags, description: op.description, operationId: op.operationId, responses: {}, "x-kubernetes-action": op["x-kubernetes-action"], "x-kubernetes-group-version-kind": op["x-kubernetes-group-version-kind"] };
  const body = op.parameters?.find((p) => p.in === "body");
  const rest = op.parameters?.filter((p) => p.in !== "body") ?? [];
  if (rest.length) out.parameters = rest.map(toV3Parameter);
  if (body) {
    out.requestBody = { content: mediaTypes(op.consumes, body.schema) };
    if (body.required) out.requestBody.required = true;
  }
  for (const [code, resp] of Object.entries(op.responses)) {
    out.responses[code] = resp.schema ? { description: resp.description, content: mediaTypes(op.produces, resp.schema) } : { description: resp.description };
  }
  return out;
}

export function toV3PathItem(item: PathItem): V3PathItem {
  const out: V3PathItem = {};
  for (const m of ["get", "put", "post", "delete", "patch"] as const) {
    const op = item[m];
    if (op) out[m] = toV3Operation(op);
  }
  if (item.parameters) out.parameters = item.parameters.map(toV3Parameter);
  return out;
}
