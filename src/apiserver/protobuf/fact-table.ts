/**
 * Upstream protobuf facts of the built-in API types, read from the Go
 * struct tags (json + protobuf) and generated.proto files of
 * k8s.io/api, k8s.io/apimachinery and k8s.io/apiextensions-apiserver.
 * Each package table is written in a compact line grammar:
 *
 *   TypeName: "json=N:kind[flag] ..."
 *
 * - `json` is the field's JSON name, `N` its protobuf field number; the
 *   name `...` marks a Go embedded struct whose fields JSON inlines
 *   (`...=2:VolumeSource`).
 * - `kind` is a scalar (str bool i32 i64 f64 f32 bytes), a well-known
 *   message with its own JSON form (time mtime dur qty ios raw fieldsv1
 *   json schemaorarray schemaorbool schemaorstrings), or a message type:
 *   `PodSpec` in the same package, `core.v1.PodSpec` in another. A `[]`
 *   prefix marks a repeated field, `{}` a map<string, kind>.
 * - `flag` only follows scalars that Go's encoder always writes (non-pointer
 *   fields): `?` drops the zero value, as JSON's omitempty would; `!` keeps
 *   it and supplies it when absent, as JSON always writes the field.
 *   Scalars without a flag are Go pointers: present exactly when sent.
 * - A line starting with `@array` is a named Go slice (ExtraValue, Verbs):
 *   a message with one repeated `items` field whose JSON is the bare array.
 *
 * Example: `ContainerPort: "name=1:str? hostPort=2:i32? containerPort=3:i32! protocol=4:str? hostIP=5:str?"`.
 */

export const SCALAR_KINDS = ["str", "bool", "i32", "i64", "f64", "f32", "bytes"] as const;
export const WELL_KNOWN_KINDS = ["time", "mtime", "dur", "qty", "ios", "raw", "fieldsv1", "json", "schemaorarray", "schemaorbool", "schemaorstrings"] as const;
export type ScalarKind = (typeof SCALAR_KINDS)[number];
export type WellKnownKind = (typeof WELL_KNOWN_KINDS)[number];

/** One Go package's table: type name -> fact line. */
export interface ProtoPackage {
  /** Package id as message references spell it, e.g. "core.v1". */
  id: string;
  types: Record<string, string>;
}

export interface FieldFact {
  /** JSON name; "" for an inlined embedded struct. */
  json: string;
  num: number;
  container: "single" | "list" | "map";
  /** Scalar or well-known kind, or a fully qualified message name ("core.v1.PodSpec"). */
  kind: string;
  /** pointer: as sent; omitzero: drop zero values; always: keep and supply zero values. */
  presence: "pointer" | "omitzero" | "always";
}

export interface MessageFacts {
  /** Qualified name, for messages. */
  name: string;
  /** A named slice: JSON is the value of its single repeated field. */
  array: boolean;
  fields: Map<number, FieldFact>;
}

const SCALARS = new Set<string>(SCALAR_KINDS);
const BUILTINS = new Set<string>([...SCALAR_KINDS, ...WELL_KNOWN_KINDS]);

export function isScalarKind(kind: string): kind is ScalarKind {
  return SCALARS.has(kind);
}

const TOKEN = /^([A-Za-z0-9_$.-]+)=(\d+):(\[\]|\{\})?([A-Za-z0-9.]+)([?!])?$/;

/** Parses one type's fact line (see the grammar above). Throws on a malformed line. */
export function parseMessageFacts(pkg: string, type: string, line: string): MessageFacts {
  const name = `${pkg}.${type}`;
  const out: MessageFacts = { name, array: false, fields: new Map() };
  for (const token of line.split(" ").filter(Boolean)) {
    if (token === "@array") { out.array = true; continue; }
    const m = TOKEN.exec(token);
    if (!m) throw new Error(`protobuf facts: bad token "${token}" in ${name}`);
    const [, json, num, container, kind, flag] = m as unknown as [string, string, string, string | undefined, string, string | undefined];
    if (flag && !isScalarKind(kind)) throw new Error(`protobuf facts: flag on non-scalar "${token}" in ${name}`);
    const inline = json === "...";
    const qualified = BUILTINS.has(kind) || kind.includes(".") ? kind : `${pkg}.${kind}`;
    if (inline && (container || BUILTINS.has(kind))) throw new Error(`protobuf facts: inline field must be a message in ${name}`);
    const fact: FieldFact = {
      json: inline ? "" : json,
      num: Number(num),
      container: container === "[]" ? "list" : container === "{}" ? "map" : "single",
      kind: qualified,
      presence: flag === "?" ? "omitzero" : flag === "!" ? "always" : "pointer",
    };
    if (out.fields.has(fact.num)) throw new Error(`protobuf facts: field number ${num} twice in ${name}`);
    out.fields.set(fact.num, fact);
  }
  if (out.array && (out.fields.size !== 1 || out.fields.get(1)?.container !== "list")) {
    throw new Error(`protobuf facts: @array type ${name} needs exactly one repeated field 1`);
  }
  return out;
}

/** Flattens package tables into qualified message name -> facts. */
export function indexProtoFacts(packages: ProtoPackage[]): Map<string, MessageFacts> {
  const out = new Map<string, MessageFacts>();
  for (const p of packages) {
    for (const [type, line] of Object.entries(p.types)) out.set(`${p.id}.${type}`, parseMessageFacts(p.id, type, line));
  }
  return out;
}
