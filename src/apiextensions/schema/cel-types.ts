/**
 * How a structural schema looks from CEL, as upstream's SchemaDeclType and
 * UnstructuredToVal map it: objects as message-like types with their
 * (escaped) declared fields, additionalProperties as maps, int-or-string as
 * dyn, date/date-time as timestamps, duration as durations, byte as bytes.
 * The root of a resource and embedded resources also expose apiVersion,
 * kind, metadata.name and metadata.generateName.
 */
import type { CelInput } from "@bufbuild/cel";
import { durationFromMs, timestampFromDate } from "@bufbuild/protobuf/wkt";
import { T, type DeclType } from "../../cel/index.js";
import { isObject } from "./json.js";
import type { JSONSchemaProps } from "./types.js";

const reserved = new Set([
  "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let", "loop",
  "package", "namespace", "return", "var", "void", "while",
]);

/** upstream's Escape: a property name as a CEL field name, or undefined when it cannot be one. */
export function escapeFieldName(name: string): string | undefined {
  if (!name || /^[0-9]/.test(name)) return undefined;
  if (reserved.has(name)) return `__${name}__`;
  let ok = true;
  const out = name.replace(/__|[-./]/g, (s) => {
    switch (s) {
      case "__":
        return "__underscores__";
      case ".":
        return "__dot__";
      case "-":
        return "__dash__";
      case "/":
        return "__slash__";
      default:
        ok = false;
        return "";
    }
  });
  return ok && /^[_a-zA-Z][_a-zA-Z0-9]*$/.test(out) ? out : undefined;
}

const metaFields: Record<string, JSONSchemaProps> = {
  apiVersion: { type: "string" },
  kind: { type: "string" },
  metadata: { type: "object", properties: { name: { type: "string" }, generateName: { type: "string" } } },
};

/** The schema with the type-meta fields every resource root exposes to rules (WithTypeAndObjectMeta). */
export function withTypeAndObjectMeta(s: JSONSchemaProps): JSONSchemaProps {
  return { ...s, type: "object", properties: { ...(s.properties ?? {}), ...metaFields } };
}

function items(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return s.items && !Array.isArray(s.items) ? s.items : undefined;
}

function addl(s: JSONSchemaProps): JSONSchemaProps | undefined {
  return isObject(s.additionalProperties) ? (s.additionalProperties as JSONSchemaProps) : undefined;
}

/**
 * SchemaDeclType: the CEL type of values at this schema node, or undefined
 * where upstream has none (no type, an array without items): such fields
 * are not visible to rules.
 */
export function declType(s: JSONSchemaProps, isResourceRoot: boolean): DeclType | undefined {
  if (s["x-kubernetes-int-or-string"]) return T.dyn;
  if (isResourceRoot) s = withTypeAndObjectMeta(s);
  switch (s.type) {
    case "array": {
      const it = items(s);
      const elem = it && declType(it, !!it["x-kubernetes-embedded-resource"]);
      return elem ? T.list(elem) : undefined;
    }
    case "object": {
      const a = addl(s);
      if (a) {
        const value = declType(a, !!a["x-kubernetes-embedded-resource"]);
        return value ? T.map(T.string, value) : undefined;
      }
      const fields: Record<string, DeclType> = {};
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        const f = escapeFieldName(name);
        const t = declType(prop, !!prop["x-kubernetes-embedded-resource"]);
        if (f && t) fields[f] = t;
      }
      return T.object("object", fields);
    }
    case "string":
      switch (s.format) {
        case "byte":
          return T.bytes;
        case "duration":
          return T.duration;
        case "date":
        case "date-time":
          return T.timestamp;
      }
      return T.string;
    case "boolean":
      return T.bool;
    case "number":
      return T.double;
    case "integer":
      return T.int;
  }
  return undefined;
}

/** A Go duration ("1h30m", "1.5s", "-2m") in milliseconds, or undefined. */
function goDurationMs(s: string): number | undefined {
  if (s === "0") return 0;
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(s);
  if (!m) return undefined;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
  let total = 0;
  for (const p of s.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += parseFloat(p[1]) * unit[p[2]];
  return m[1] === "-" ? -total : total;
}

function base64Bytes(s: string): Uint8Array {
  return new Uint8Array(Buffer.from(s, "base64"));
}

/** JSON without a schema (dyn): integers as int, other numbers as double. */
function untyped(v: unknown): CelInput {
  if (typeof v === "number") return Number.isInteger(v) ? BigInt(v) : v;
  if (Array.isArray(v)) return v.map(untyped);
  if (isObject(v)) return new Map(Object.entries(v).map(([k, x]) => [k, untyped(x)]));
  return v as CelInput;
}

/** UnstructuredToVal: a decoded JSON value as CEL sees it under schema s. */
export function toCelValue(v: unknown, s: JSONSchemaProps | undefined, isResourceRoot = false): CelInput {
  if (v === null || v === undefined) return null;
  if (!s) return untyped(v);
  if (s["x-kubernetes-int-or-string"]) return typeof v === "number" ? BigInt(Math.trunc(v)) : (v as CelInput);
  if (isResourceRoot) s = withTypeAndObjectMeta(s);
  switch (s.type) {
    case "integer":
      return typeof v === "number" ? BigInt(Math.trunc(v)) : (v as CelInput);
    case "number":
      return typeof v === "number" ? v : (v as CelInput);
    case "string": {
      if (typeof v !== "string") return v as CelInput;
      if (s.format === "byte") return base64Bytes(v);
      if (s.format === "duration") {
        const ms = goDurationMs(v);
        return ms === undefined ? v : durationFromMs(ms);
      }
      if (s.format === "date" || s.format === "date-time") {
        const d = new Date(s.format === "date" ? `${v}T00:00:00Z` : v);
        return Number.isNaN(d.getTime()) ? v : timestampFromDate(d);
      }
      return v;
    }
    case "array": {
      if (!Array.isArray(v)) return untyped(v);
      const it = items(s);
      return v.map((x) => toCelValue(x, it, !!it?.["x-kubernetes-embedded-resource"]));
    }
    case "object": {
      if (!isObject(v)) return untyped(v);
      const a = addl(s);
      const out = new Map<string, CelInput>();
      if (a) {
        for (const [k, x] of Object.entries(v)) out.set(k, toCelValue(x, a, !!a["x-kubernetes-embedded-resource"]));
        return out;
      }
      for (const [k, x] of Object.entries(v)) {
        const prop = s.properties?.[k];
        const f = escapeFieldName(k);
        if (prop && f) out.set(f, toCelValue(x, prop, !!prop["x-kubernetes-embedded-resource"]));
      }
      return out;
    }
  }
  return untyped(v);
}
