/**
 * Declared types of CEL variables, as far as Skiff checks them before
 * evaluation: enough to reject unknown variables and fields, wrong-typed
 * operands of known operators and rules whose result is not the expected
 * type, with cel-go's wording.
 */
export type ScalarKind = "int" | "uint" | "double" | "string" | "bool" | "bytes" | "null_type" | "timestamp" | "duration" | "dyn";

export type DeclType =
  | { kind: ScalarKind }
  | { kind: "list"; elem: DeclType }
  | { kind: "map"; key: DeclType; value: DeclType }
  | { kind: "object"; name: string; fields: Record<string, DeclType> }
  | { kind: "optional"; value: DeclType }
  /** A type the checker could not work out (not an error: evaluation decides). */
  | { kind: "unknown" };

export const T = {
  int: { kind: "int" } as DeclType,
  uint: { kind: "uint" } as DeclType,
  double: { kind: "double" } as DeclType,
  string: { kind: "string" } as DeclType,
  bool: { kind: "bool" } as DeclType,
  bytes: { kind: "bytes" } as DeclType,
  null: { kind: "null_type" } as DeclType,
  timestamp: { kind: "timestamp" } as DeclType,
  duration: { kind: "duration" } as DeclType,
  dyn: { kind: "dyn" } as DeclType,
  unknown: { kind: "unknown" } as DeclType,
  list: (elem: DeclType): DeclType => ({ kind: "list", elem }),
  map: (key: DeclType, value: DeclType): DeclType => ({ kind: "map", key, value }),
  object: (name: string, fields: Record<string, DeclType>): DeclType => ({ kind: "object", name, fields }),
  optional: (value: DeclType): DeclType => ({ kind: "optional", value }),
};

/** cel-go's spelling of a type in error messages. */
export function typeName(t: DeclType): string {
  switch (t.kind) {
    case "list":
      return `list(${typeName(t.elem)})`;
    case "map":
      return `map(${typeName(t.key)}, ${typeName(t.value)})`;
    case "object":
      return t.name;
    case "optional":
      return `optional_type(${typeName(t.value)})`;
    case "timestamp":
      return "google.protobuf.Timestamp";
    case "duration":
      return "google.protobuf.Duration";
    case "unknown":
      return "dyn";
    default:
      return t.kind;
  }
}

/** Whether the checker knows this type for certain (dyn and unknown are decided at run time). */
export function isKnown(t: DeclType): boolean {
  return t.kind !== "dyn" && t.kind !== "unknown";
}
