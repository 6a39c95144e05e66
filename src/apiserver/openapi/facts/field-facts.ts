/**
 * Facts about API fields that TypeScript declarations cannot carry, read
 * from upstream's Go struct tags and markers (patchStrategy, patchMergeKey,
 * +listType, +listMapKey, +mapType, +structType, +default, int64/float64,
 * []byte). Each package table is written in a compact line grammar:
 *
 *   TypeName: "@map:atomic field=attr;attr other=attr"
 *
 * where `@...` applies to the type itself and a field's attributes are
 *   patch:<strategy>   x-kubernetes-patch-strategy (e.g. merge, merge,retainKeys)
 *   key:<name>         x-kubernetes-patch-merge-key
 *   list:atomic | list:set | list:map:<k1>,<k2>
 *   map:atomic | map:granular
 *   int64 | double | byte   number and string formats (numbers default to int32)
 *   default:<json>     upstream +default value
 *
 * Example: `ContainerPort: "protocol=default:\"TCP\""`.
 */

export interface FieldFacts {
  patchStrategy?: string;
  patchMergeKey?: string;
  listType?: "atomic" | "set" | "map";
  listMapKeys?: string[];
  mapType?: "atomic" | "granular";
  /** Format of a number field; int32 when absent. */
  numberFormat?: "int64" | "double";
  /** A Go []byte: a base64 string with format byte. */
  byteFormat?: boolean;
  default?: unknown;
}

export interface TypeFacts {
  /** x-kubernetes-map-type of the struct itself (+structType). */
  mapType?: "atomic" | "granular";
  fields: Record<string, FieldFacts>;
}

/** One Go package's table: type name -> fact line. */
export interface PackageFacts {
  /** Upstream definition-name prefix, e.g. "io.k8s.api.core.v1". */
  package: string;
  types: Record<string, string>;
}

function parseAttr(facts: FieldFacts, attr: string, where: string): void {
  const colon = attr.indexOf(":");
  const head = colon < 0 ? attr : attr.slice(0, colon);
  const rest = colon < 0 ? "" : attr.slice(colon + 1);
  switch (head) {
    case "patch": facts.patchStrategy = rest; return;
    case "key": facts.patchMergeKey = rest; return;
    case "list":
      if (rest === "atomic" || rest === "set") facts.listType = rest;
      else if (rest.startsWith("map:")) { facts.listType = "map"; facts.listMapKeys = rest.slice(4).split(","); }
      else break;
      return;
    case "map":
      if (rest === "atomic" || rest === "granular") { facts.mapType = rest; return; }
      break;
    case "int64": case "double": facts.numberFormat = head; return;
    case "byte": facts.byteFormat = true; return;
    case "default": facts.default = JSON.parse(rest); return;
  }
  throw new Error(`openapi facts: bad attribute "${attr}" in ${where}`);
}

/** Parses one type's fact line (see the grammar above). Throws on a malformed line. */
export function parseTypeFacts(line: string, where = "facts"): TypeFacts {
  const out: TypeFacts = { fields: {} };
  for (const token of line.split(" ").filter(Boolean)) {
    if (token.startsWith("@")) {
      const f: FieldFacts = {};
      parseAttr(f, token.slice(1), where);
      out.mapType = f.mapType;
      continue;
    }
    const eq = token.indexOf("=");
    if (eq <= 0) throw new Error(`openapi facts: bad token "${token}" in ${where}`);
    const f: FieldFacts = {};
    for (const attr of token.slice(eq + 1).split(";")) parseAttr(f, attr, `${where}.${token.slice(0, eq)}`);
    out.fields[token.slice(0, eq)] = f;
  }
  return out;
}

/** Flattens package tables into definition name -> facts. */
export function indexFacts(tables: PackageFacts[]): Map<string, TypeFacts> {
  const out = new Map<string, TypeFacts>();
  for (const t of tables) {
    for (const [type, line] of Object.entries(t.types)) out.set(`${t.package}.${type}`, parseTypeFacts(line, `${t.package}.${type}`));
  }
  return out;
}
