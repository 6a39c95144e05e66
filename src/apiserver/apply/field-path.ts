/**
 * Paths into an object as server-side apply tracks them, and their FieldsV1
 * spelling. A path element is a field name (`f:spec`), a list item by its
 * key fields (`k:{"name":"nginx"}`), a set item by value (`v:"a"`) or an
 * index (`i:0`). Elements order as upstream orders them: fields, then keys,
 * then values, then indexes.
 */
import { isJsonObject, type JsonValue } from "../patch/json-value.js";

export type PathElement =
  | { kind: "field"; name: string }
  | { kind: "key"; fields: [string, JsonValue][] }
  | { kind: "value"; value: JsonValue }
  | { kind: "index"; index: number };

export type FieldPath = PathElement[];

export const field = (name: string): PathElement => ({ kind: "field", name });

const KIND_ORDER = { field: 0, key: 1, value: 2, index: 3 } as const;

function valueRank(v: JsonValue): number {
  if (typeof v === "number") return 0;
  if (typeof v === "string") return 1;
  if (typeof v === "boolean") return 2;
  if (Array.isArray(v)) return 3;
  if (isJsonObject(v)) return 4;
  return 5;
}

function compareStrings(a: string, b: string): number {
  // Upstream compares bytes; UTF-16 order matches it for the ASCII names APIs use.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Upstream's total order on values: numbers, strings, booleans, lists, maps, null. */
export function compareValues(a: JsonValue, b: JsonValue): number {
  const ra = valueRank(a);
  const rb = valueRank(b);
  if (ra !== rb) return ra - rb;
  if (typeof a === "number" && typeof b === "number") return a - b;
  if (typeof a === "string" && typeof b === "string") return compareStrings(a, b);
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i]!, b[i]!);
      if (c) return c;
    }
    return a.length - b.length;
  }
  if (isJsonObject(a) && isJsonObject(b)) {
    return compareFieldLists(Object.entries(a).sort(([x], [y]) => compareStrings(x, y)), Object.entries(b).sort(([x], [y]) => compareStrings(x, y)));
  }
  return 0;
}

function compareFieldLists(a: [string, JsonValue][], b: [string, JsonValue][]): number {
  for (let i = 0; ; i++) {
    if (i >= a.length && i >= b.length) return 0;
    if (i >= a.length) return -1;
    if (i >= b.length) return 1;
    const c = compareStrings(a[i]![0], b[i]![0]) || compareValues(a[i]![1], b[i]![1]);
    if (c) return c;
  }
}

export function compareElements(a: PathElement, b: PathElement): number {
  if (a.kind !== b.kind) return KIND_ORDER[a.kind] - KIND_ORDER[b.kind];
  switch (a.kind) {
    case "field":
      return compareStrings(a.name, (b as typeof a).name);
    case "key":
      return compareFieldLists(a.fields, (b as typeof a).fields);
    case "value":
      return compareValues(a.value, (b as typeof a).value);
    case "index":
      return a.index - (b as typeof a).index;
  }
}

const GO_ESCAPED = /[<>&\u2028\u2029]/;

/** JSON as Go's encoding/json writes it (HTML-sensitive characters escaped). */
export function goJson(v: JsonValue): string {
  const json = JSON.stringify(v);
  // Most names and values have nothing to escape: one scan instead of five replaces.
  if (!GO_ESCAPED.test(json)) return json;
  return json
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}

/** The FieldsV1 key of an element; also its identity. */
export function serializeElement(pe: PathElement): string {
  switch (pe.kind) {
    case "field":
      return `f:${pe.name}`;
    case "key":
      return `k:{${pe.fields.map(([k, v]) => `${goJson(k)}:${goJson(v)}`).join(",")}}`;
    case "value":
      return `v:${goJson(pe.value)}`;
    case "index":
      return `i:${pe.index}`;
  }
}

/** Parses a FieldsV1 key; throws on a malformed one. */
export function parseElement(s: string): PathElement {
  if (s.length < 2 || s[1] !== ":") throw new Error(`missing colon: ${s}`);
  const body = s.slice(2);
  switch (s[0]) {
    case "f":
      return { kind: "field", name: body };
    case "v":
      return { kind: "value", value: JSON.parse(body) as JsonValue };
    case "k": {
      const obj = JSON.parse(body) as unknown;
      if (!isJsonObject(obj)) throw new Error(`invalid key: ${s}`);
      return { kind: "key", fields: Object.entries(obj).sort(([a], [b]) => compareStrings(a, b)) };
    }
    case "i": {
      if (!/^-?\d+$/.test(body)) throw new Error(`invalid index: ${s}`);
      return { kind: "index", index: Number(body) };
    }
    default:
      throw new Error("unknown path element type");
  }
}

/** Go's %v of a value as upstream's paths print it: strings quoted, numbers plain. */
function valueString(v: JsonValue): string {
  if (v === null) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(valueString).join(",")}]`;
  if (isJsonObject(v)) return Object.entries(v).map(([k, x]) => `${k}=${valueString(x)}`).join("");
  return String(v);
}

/** `.spec.containers[name="nginx"].ports[containerPort=80,protocol="TCP"]`. */
export function pathToString(path: FieldPath): string {
  return path
    .map((pe) => {
      switch (pe.kind) {
        case "field":
          return `.${pe.name}`;
        case "key":
          return `[${pe.fields.map(([k, v]) => `${k}=${valueString(v)}`).join(",")}]`;
        case "value":
          return `[=${valueString(pe.value)}]`;
        case "index":
          return `[${pe.index}]`;
      }
    })
    .join("");
}
