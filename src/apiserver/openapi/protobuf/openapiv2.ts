/**
 * Encodes a Swagger 2.0 document as gnostic's openapi.v2.Document message
 * (github.com/google/gnostic-models openapiv2/OpenAPIv2.proto), the form
 * kubectl asks for with
 * `Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf`.
 * Vendor extensions and defaults travel as Any{yaml}, as gnostic writes them;
 * the YAML is written in flow style (JSON, a subset of YAML), which every
 * YAML reader accepts and needs no YAML library at start-up.
 */
import type { Schema } from "../schema.js";
import type { Operation, PathItem } from "../operations.js";
import type { Parameter } from "../parameters.js";
import type { SwaggerDocument } from "../v2-document.js";
import { ProtoWriter } from "./writer.js";

function any(w: ProtoWriter, field: number, value: unknown): void {
  w.message(field, (a) => a.string(2, `${JSON.stringify(value)}\n`));
}

function vendorExtensions(w: ProtoWriter, field: number, obj: object): void {
  for (const [k, v] of Object.entries(obj)) {
    if (k.startsWith("x-") && v !== undefined) w.message(field, (n) => { n.string(1, k); any(n, 2, v); });
  }
}

function schema(w: ProtoWriter, s: Schema): void {
  w.string(1, s.$ref).string(2, s.format).string(4, s.description);
  if (s.default !== undefined) any(w, 5, s.default);
  w.strings(19, s.required);
  for (const e of s.enum ?? []) any(w, 20, e);
  if (s.additionalProperties !== undefined) {
    const ap = s.additionalProperties;
    w.message(21, (m) => (typeof ap === "boolean" ? m.bool(2, ap) : m.message(1, (x) => schema(x, ap))));
  }
  if (s.type) w.message(22, (t) => t.strings(1, [s.type!]));
  if (s.items) w.message(23, (it) => it.message(1, (x) => schema(x, s.items!)));
  for (const a of s.allOf ?? []) w.message(24, (x) => schema(x, a));
  if (s.properties) {
    w.message(25, (p) => {
      for (const [name, prop] of Object.entries(s.properties!)) p.message(1, (n) => n.string(1, name).message(2, (x) => schema(x, prop)));
    });
  }
  vendorExtensions(w, 31, s);
}

function parameter(w: ProtoWriter, p: Parameter): void {
  w.message(1, (param) => {
    if (p.in === "body") {
      param.message(1, (b) => {
        b.string(1, p.description).string(2, p.name).string(3, p.in).bool(4, p.required);
        if (p.schema) b.message(5, (x) => schema(x, p.schema!));
      });
      return;
    }
    param.message(2, (nb) => {
      if (p.in === "query") {
        nb.message(3, (q) => q.bool(1, p.required).string(2, p.in).string(3, p.description).string(4, p.name).string(6, p.type).bool(20, p.uniqueItems));
      } else {
        nb.message(4, (q) => q.bool(1, p.required).string(2, p.in).string(3, p.description).string(4, p.name).string(5, p.type).bool(19, p.uniqueItems));
      }
    });
  });
}

function operation(w: ProtoWriter, op: Operation): void {
  w.strings(1, op.tags).string(3, op.description).string(5, op.operationId).strings(6, op.produces).strings(7, op.consumes);
  for (const p of op.parameters ?? []) w.message(8, (x) => parameter(x, p));
  w.message(9, (rs) => {
    for (const [code, resp] of Object.entries(op.responses)) {
      rs.message(1, (n) => n.string(1, code).message(2, (rv) => rv.message(1, (r) => {
        r.string(1, resp.description);
        if (resp.schema) r.message(2, (si) => si.message(1, (x) => schema(x, resp.schema!)));
      })));
    }
  });
  w.strings(10, op.schemes);
  vendorExtensions(w, 13, op);
}

const METHOD_FIELDS = { get: 2, put: 3, post: 4, delete: 5, patch: 8 } as const;

function pathItem(w: ProtoWriter, item: PathItem): void {
  for (const [m, field] of Object.entries(METHOD_FIELDS) as [keyof typeof METHOD_FIELDS, number][]) {
    const op = item[m];
    if (op) w.message(field, (x) => operation(x, op));
  }
  for (const p of item.parameters ?? []) w.message(9, (x) => parameter(x, p));
}

export function encodeOpenApiV2(doc: SwaggerDocument): Buffer {
  const w = new ProtoWriter();
  w.string(1, doc.swagger);
  w.message(2, (i) => i.string(1, doc.info.title).string(2, doc.info.version));
  w.message(8, (ps) => {
    for (const [path, item] of Object.entries(doc.paths)) ps.message(2, (n) => n.string(1, path).message(2, (x) => pathItem(x, item)));
  });
  w.message(9, (ds) => {
    for (const [name, s] of Object.entries(doc.definitions)) ds.message(1, (n) => n.string(1, name).message(2, (x) => schema(x, s)));
  });
  for (const req of doc.security) {
    w.message(12, (sr) => {
      for (const [name, scopes] of Object.entries(req)) sr.message(1, (n) => n.string(1, name).message(2, (sa) => sa.strings(1, scopes)));
    });
  }
  w.message(13, (sd) => {
    for (const [name, d] of Object.entries(doc.securityDefinitions)) {
      sd.message(1, (n) => n.string(1, name).message(2, (item) => item.message(2, (k) => k.string(1, d.type).string(2, d.name).string(3, d.in).string(4, d.description))));
    }
  });
  return w.finish();
}
